"""Helpers for caching the parts of the page shell that every request renders the same."""

from django import template
from django.utils import timezone

from home.content_version import fragment_generation

register = template.Library()


@register.simple_tag
def content_generation():
    """Bumped on every content change (portal/page_cache.py), so fragments keyed on it never go stale."""
    return fragment_generation()


@register.simple_tag
def warsaw_day():
    """Today in Warsaw, for the keys of fragments that show a status or the days left."""
    return timezone.localdate(timezone=timezone.get_default_timezone()).isoformat()


@register.simple_tag
def warsaw_quarter_hour():
    """The current quarter of an hour in Warsaw, for fragments that drop dates once they end."""
    now = timezone.localtime(timezone=timezone.get_default_timezone())
    return f"{now:%Y-%m-%dT%H}:{now.minute // 15 * 15:02d}"
