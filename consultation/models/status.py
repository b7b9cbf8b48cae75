"""A consultation's status, derived from its dates and never stored.

The rule is written once, as a table, and read two ways: as SQL (`ConsultationQuerySet.with_status`,
used by the register's badges, filters and counts) and in Python (`status_of`, used by a single
page, including an unsaved preview). Dates are compared with today's date in Europe/Warsaw.
"""

import datetime
import operator

from django.db import models
from django.db.models import Case, Count, F, Max, Min, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import PageManager
from wagtail.query import PageQuerySet

# Used when no site settings are at hand; the same default as PortalSettings.report_due_days.
DEFAULT_REPORT_DUE_DAYS = 60


class Status(models.TextChoices):
    PLANNED = "planned", _("Planowana")
    ONGOING = "ongoing", _("Trwa")
    CLOSED = "closed", _("Zakończona")
    OVERDUE = "overdue", _("Zakończona, raport po terminie")
    RESULTS = "results", _("Wyniki opublikowane")


# What residents filter by (?status=…): the Polish slug and the statuses it covers.
STATUS_FILTERS = {
    "trwajace": (_("Trwające"), (Status.ONGOING,)),
    "planowane": (_("Planowane"), (Status.PLANNED,)),
    "zakonczone": (_("Zakończone"), (Status.CLOSED, Status.OVERDUE, Status.RESULTS)),
}

TODAY = "today"
REPORT_CUTOFF = "report_cutoff"

# The rule: the first row whose comparison holds gives the status; otherwise CLOSED (report due).
# Each row is (status, field, comparison, the day it is compared with). A missing date never
# matches, in SQL (NULL) and in Python alike.
STATUS_RULES = (
    (Status.PLANNED, "start_date", "gt", TODAY),
    (Status.ONGOING, "end_date", "gte", TODAY),
    (Status.RESULTS, "results_published_on", "lte", TODAY),
    (Status.OVERDUE, "end_date", "lt", REPORT_CUTOFF),
)
DEFAULT_STATUS = Status.CLOSED

_COMPARISONS = {"gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le}

# What a card (the register, the home page) reads of a consultation; its link needs url_path.
CARD_FIELDS = ("title", "url_path", "lead", "start_date", "end_date", "results_published_on")

# Register order: ongoing, then planned, then closed ones.
RANKS = {Status.ONGOING: 0, Status.PLANNED: 1}
CLOSED_RANK = 2
# The date each ranked status is ordered by (soonest first).
_RANK_DATES = {Status.ONGOING: "end_date", Status.PLANNED: "start_date"}
_RANKED_RULES = STATUS_RULES[: max(i for i, (status, *_rule) in enumerate(STATUS_RULES) if status in RANKS) + 1]


def warsaw_today():
    return timezone.localdate(timezone=timezone.get_default_timezone())


def _report_cutoff(today, report_due_days):
    if callable(report_due_days):
        report_due_days = report_due_days()
    if report_due_days is None:
        report_due_days = DEFAULT_REPORT_DUE_DAYS
    # Overdue once the day after "end + N days" has come: end + N < today ⇔ end < today - N.
    return today - datetime.timedelta(days=report_due_days)


def _reference_days(today, report_due_days):
    today = today or warsaw_today()
    return {TODAY: today, REPORT_CUTOFF: _report_cutoff(today, report_due_days)}


def status_of(consultation, today=None, report_due_days=None):
    """The status of one consultation (any object with the date fields), in Python.

    `report_due_days` may be a function: it is called only when the answer depends on it (a
    closed consultation without results), so a list of others never reads the site settings."""
    today = today or warsaw_today()
    for status, field, comparison, reference in STATUS_RULES:
        value = getattr(consultation, field)
        if value is None:
            continue
        day = today if reference == TODAY else _report_cutoff(today, report_due_days)
        if _COMPARISONS[comparison](value, day):
            return status
    return DEFAULT_STATUS


def changes_on(consultation, today=None, report_due_days=None):
    """The first day on which what a page shows of this consultation changes with the clock (its
    status, or the days left or to the start, which change every day), or None if nothing will."""
    days = _reference_days(today, report_due_days)
    today = days[TODAY]
    status = status_of(consultation, today, report_due_days)
    if status in (Status.PLANNED, Status.ONGOING):
        return today + datetime.timedelta(days=1)
    candidates = []
    published = consultation.results_published_on
    if published is not None and published > today:
        candidates.append(published)
    if status == Status.CLOSED:
        # Overdue on the day the cutoff passes the end date (see _reference_days).
        candidates.append(consultation.end_date + (today - days[REPORT_CUTOFF]) + datetime.timedelta(days=1))
    return min(candidates, default=None)


def status_expression(today=None, report_due_days=None):
    """The same rule as an SQL CASE expression."""
    days = _reference_days(today, report_due_days)
    return Case(
        *(
            When(Q(**{f"{field}__{comparison}": days[reference]}), then=Value(status.value))
            for status, field, comparison, reference in STATUS_RULES
        ),
        default=Value(DEFAULT_STATUS.value),
        output_field=models.CharField(),
    )


def _ranked_case(days, then, default, output_field=None):
    """A CASE over the rule's rows down to the last ranked status: `then(status)` for the first
    row that holds, else `default` (every later row's status ranks as closed)."""
    return Case(
        *(
            When(Q(**{f"{field}__{comparison}": days[reference]}), then=then(status))
            for status, field, comparison, reference in _RANKED_RULES
        ),
        default=Value(default),
        output_field=output_field or models.IntegerField(),
    )


def status_condition(statuses, today=None, report_due_days=None):
    """A WHERE condition for "the status is one of `statuses`", the same rule as the CASE but
    written with plain date comparisons, so the database can use the date indexes instead of
    computing the CASE for every consultation."""
    days = _reference_days(today, report_due_days)
    holds = [
        Q(**{f"{field}__{comparison}": days[reference]}) for _status, field, comparison, reference in STATUS_RULES
    ]
    condition = Q(pk__in=[])  # matches nothing; each wanted status adds its branch
    for position, (status, *_rule) in enumerate(STATUS_RULES):
        if status in statuses:
            branch = holds[position]
            for earlier in holds[:position]:
                branch &= ~earlier
            condition |= branch
    if DEFAULT_STATUS in statuses:
        branch = Q()
        for rule in holds:
            branch &= ~rule
        condition |= branch
    return condition


class ConsultationQuerySet(PageQuerySet):
    def with_status(self, today=None, report_due_days=None):
        """Annotate `derived_status` (a Status value) computed in the database."""
        return self.annotate(derived_status=status_expression(today, report_due_days))

    def with_status_in(self, statuses, today=None, report_due_days=None):
        return self.with_status(today, report_due_days).filter(status_condition(statuses, today, report_due_days))

    def ongoing(self, today=None):
        return self.with_status_in([Status.ONGOING], today)

    def planned(self, today=None):
        return self.with_status_in([Status.PLANNED], today)

    def for_cards(self):
        """Only the columns a consultation card shows (title, link, lead, dates, and the dates its
        status needs): a consultation row has some 50 columns with the body and the results; read
        and built whole for a page of 12 cards they cost about 2 ms."""
        return self.only(*CARD_FIELDS)

    def with_rank(self, today=None, report_due_days=None):
        """Annotate `status_rank` (RANKS: ongoing, planned, then every closed status alike) and
        `rank_date` (an ongoing one's end, a planned one's start, else None).

        Both are CASEs over the rule's own first rows, those down to the last status ranked apart
        (later rows only tell closed statuses apart, which rank alike): a CASE over
        `derived_status` compiled that annotation's whole CASE once per reference (four times for
        the register's order, about 0.6 ms a page)."""
        days = _reference_days(today, report_due_days)
        return self.annotate(
            status_rank=_ranked_case(days, lambda status: Value(RANKS.get(status, CLOSED_RANK)), CLOSED_RANK),
            rank_date=_ranked_case(
                days,
                lambda status: F(_RANK_DATES[status]) if status in _RANK_DATES else Value(None),
                None,
                output_field=models.DateField(),
            ),
        )

    def in_register_order(self, today=None, report_due_days=None):
        """Ongoing first (soonest end first), then planned (soonest start first), then closed
        (latest end first)."""
        return self.with_rank(today, report_due_days).order_by(
            "status_rank", F("rank_date").asc(nulls_last=True), F("end_date").desc(), "title", "pk"
        )

    def status_summary(self):
        """Per status present: how many consultations have it, the first start and the last end
        among them, in one query. Call after with_status()."""
        rows = (
            self.order_by()
            .values("derived_status")
            .annotate(count=Count("pk"), first=Min("start_date"), last=Max("end_date"))
        )
        return {Status(row["derived_status"]): row for row in rows}


def counts_per_filter(summary):
    """How many consultations each public status filter shows, from a status_summary()."""
    return {
        key: sum(summary[status]["count"] for status in statuses if status in summary)
        for key, (_label, statuses) in STATUS_FILTERS.items()
    }


ConsultationManager = PageManager.from_queryset(ConsultationQuerySet)
