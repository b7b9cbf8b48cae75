"""Interim: tags the consultation register's template still loads; removed at merge."""

from django import template
from django.utils import timezone

from home.content_version import fragment_generation

register = template.Library()


@register.simple_tag
def content_generation():
    return fragment_generation()


@register.simple_tag
def warsaw_day():
    return timezone.localdate(timezone=timezone.get_default_timezone()).isoformat()
