"""Consultation pieces other templates may show: the home page sections and status badges."""

from django import template

from consultation.landmarks import first_public_page
from consultation.models import ConsultationIndexPage, ConsultationPage

register = template.Library()

HOME_ONGOING_LIMIT = 6
HOME_PLANNED_LIMIT = 3


@register.inclusion_tag("consultation/includes/home_consultations.html", takes_context=True)
def home_consultations(context):
    """Ongoing consultations (soonest end first) and a teaser of planned ones, for the home page."""
    live = ConsultationPage.objects.live().public()
    return {
        "request": context.get("request"),
        "ongoing": live.ongoing().order_by("end_date", "title").prefetch_related("districts")[:HOME_ONGOING_LIMIT],
        "planned": live.planned().order_by("start_date", "title")[:HOME_PLANNED_LIMIT],
        "register_page": first_public_page(ConsultationIndexPage),
    }


@register.inclusion_tag("consultation/includes/status_badge.html")
def status_badge(consultation):
    """The status as text with a colour and an icon, never by colour alone."""
    status = consultation.status
    return {"label": status.label, "modifier": status.value}
