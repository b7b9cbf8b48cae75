"""Consultation pieces other templates may show: the home page sections and status badges."""

from django import template

from wagtail.models import Page

from consultation.models import ConsultationIndexPage, ConsultationPage
from home.freshness import changes_on_next_day

register = template.Library()

HOME_ONGOING_LIMIT = 6
HOME_PLANNED_LIMIT = 3


@register.inclusion_tag("consultation/includes/home_consultations.html", takes_context=True)
def home_consultations(context):
    """Ongoing consultations (soonest end first) and a teaser of planned ones, for the home page."""
    request = context.get("request")
    # The pages a visitor may see, read once for both lists and the register's link.
    public = Page.objects.live().public()
    consultations = ConsultationPage.objects.filter(page_ptr__in=public)
    ongoing = list(consultations.ongoing().order_by("end_date", "title")[:HOME_ONGOING_LIMIT])
    planned = list(consultations.planned().order_by("start_date", "title")[:HOME_PLANNED_LIMIT])
    if ongoing or planned:
        changes_on_next_day(request)  # days left, and a planned one that opens
    return {
        "request": request,
        "ongoing": ongoing,
        "planned": planned,
        "register_page": public.type(ConsultationIndexPage).first(),
    }


@register.inclusion_tag("consultation/includes/status_badge.html")
def status_badge(consultation):
    """The status as text with a colour and an icon, never by colour alone."""
    status = consultation.status
    return {"label": status.label, "modifier": status.value}
