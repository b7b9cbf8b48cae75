"""Consultation pieces other templates may show: the home page sections and status badges."""

from django import template
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from wagtail.models import Page

from consultation.models import ConsultationIndexPage, ConsultationPage
from consultation.models.status import RANKS, Status, status_condition, warsaw_today
from home.freshness import changes_on_next_day

register = template.Library()

HOME_ONGOING_LIMIT = 6
HOME_PLANNED_LIMIT = 3


@register.inclusion_tag("consultation/includes/home_consultations.html", takes_context=True)
def home_consultations(context, public=None):
    """Ongoing consultations (soonest end first) and a teaser of planned ones, for the home page.
    `public`: the live public pages, when the page has them already (Page.objects.live().public())."""
    request = context.get("request")
    # The pages a visitor may see, read once for both lists and the register's link.
    if public is None:
        public = Page.objects.live().public()
    # Both lists in one query: each status numbered in its own order (ongoing by end, planned by
    # start: the rank date), the first few of each kept. The rank and its date are the rule's
    # own CASEs (with_rank), and the filter its plain date comparisons (status_condition): a
    # window over the `derived_status` CASE compiled it four times (about 2 ms of the home page).
    today = warsaw_today()
    listed = (
        ConsultationPage.objects.filter(page_ptr__in=public)
        .filter(status_condition([Status.ONGOING, Status.PLANNED], today))
        .with_rank(today)
        .for_cards()
        .annotate(
            place=Window(RowNumber(), partition_by=F("status_rank"), order_by=[F("rank_date").asc(), F("title").asc()])
        )
        .filter(place__lte=max(HOME_ONGOING_LIMIT, HOME_PLANNED_LIMIT))
        .order_by("place")
    )
    ongoing, planned = [], []
    for consultation in listed:
        (planned if consultation.status_rank == RANKS[Status.PLANNED] else ongoing).append(consultation)
    ongoing, planned = ongoing[:HOME_ONGOING_LIMIT], planned[:HOME_PLANNED_LIMIT]
    if ongoing or planned:
        changes_on_next_day(request)  # days left, and a planned one that opens
    return {
        "request": request,
        "ongoing": ongoing,
        "planned": planned,
        "register_page": public.type(ConsultationIndexPage).only("url_path").first(),
    }


@register.inclusion_tag("consultation/includes/status_badge.html")
def status_badge(consultation):
    """The status as text with a colour and an icon, never by colour alone."""
    status = consultation.status
    return {"label": status.label, "modifier": status.value}
