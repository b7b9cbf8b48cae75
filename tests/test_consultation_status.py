"""The derived status: planned, ongoing, closed, overdue, results published, at the boundaries."""

import datetime
import itertools
from unittest import mock
from zoneinfo import ZoneInfo

from django.utils import timezone

import pytest

from consultation.models import ConsultationPage, Status, status_of
from consultation.models.status import status_condition
from home.models import PortalSettings
from tests.factories import ConsultationPageFactory

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")
# Both ends sit on a DST change in 2026: summer time starts on 29 March, ends on 25 October.
START = datetime.date(2026, 3, 29)
END = datetime.date(2026, 10, 25)


def frozen(year, month, day, hour=12, minute=0):
    """Freeze the clock at a Warsaw wall-clock time."""
    instant = datetime.datetime(year, month, day, hour, minute, tzinfo=WARSAW)
    return mock.patch("django.utils.timezone.now", return_value=instant.astimezone(datetime.UTC))


@pytest.fixture
def consultation(register):
    return ConsultationPageFactory(parent=register, start_date=START, end_date=END)


def status_in_database(page):
    return ConsultationPage.objects.filter(pk=page.pk).with_status().get().derived_status


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        pytest.param((2026, 3, 28, 23, 59), Status.PLANNED, id="day-before-start-23-59"),
        pytest.param((2026, 3, 29, 0, 0), Status.ONGOING, id="start-day-00-00-dst-change"),
        pytest.param((2026, 10, 25, 23, 59), Status.ONGOING, id="end-day-23-59-dst-change"),
        pytest.param((2026, 10, 26, 0, 0), Status.CLOSED, id="day-after-end-00-00"),
    ],
)
def test_status_at_the_boundaries_in_warsaw_time(consultation, moment, expected):
    with frozen(*moment):
        page = ConsultationPage.objects.get(pk=consultation.pk)
        assert page.status == expected
        assert status_in_database(page) == expected


def test_utc_midnight_does_not_open_a_consultation_a_day_early(consultation):
    # 23:30 UTC on 28 March is already 00:30 on 29 March in Warsaw; 22:30 UTC is not.
    with mock.patch(
        "django.utils.timezone.now", return_value=datetime.datetime(2026, 3, 28, 22, 30, tzinfo=datetime.UTC)
    ):
        assert status_in_database(consultation) == Status.PLANNED
    with mock.patch(
        "django.utils.timezone.now", return_value=datetime.datetime(2026, 3, 28, 23, 30, tzinfo=datetime.UTC)
    ):
        assert status_in_database(consultation) == Status.ONGOING


def test_closed_consultation_awaits_its_report_until_the_due_date(consultation):
    with frozen(2026, 12, 24):  # end + 60 days
        page = ConsultationPage.objects.get(pk=consultation.pk)
        assert page.report_due_on == datetime.date(2026, 12, 24)
        assert page.status == Status.CLOSED
        assert status_in_database(page) == Status.CLOSED


def test_closed_consultation_is_overdue_the_day_after_the_report_due_date(consultation):
    with frozen(2026, 12, 25, 0, 0):
        page = ConsultationPage.objects.get(pk=consultation.pk)
        assert page.status == Status.OVERDUE
        assert status_in_database(page) == Status.OVERDUE


def test_report_due_days_come_from_site_settings(consultation, site):
    settings = PortalSettings.for_site(site)
    settings.report_due_days = 10
    settings.save()
    with frozen(2026, 11, 5):
        assert ConsultationPage.objects.get(pk=consultation.pk).status == Status.OVERDUE


def test_results_published_from_their_publication_day(consultation):
    consultation.results_summary = "<p>Wpłynęło 10 uwag.</p>"
    consultation.results_published_on = datetime.date(2026, 11, 10)
    consultation.save()
    with frozen(2026, 11, 9):
        assert status_in_database(consultation) == Status.CLOSED
        assert ConsultationPage.objects.get(pk=consultation.pk).status == Status.CLOSED
    with frozen(2026, 11, 10, 0, 0):
        assert status_in_database(consultation) == Status.RESULTS
        assert ConsultationPage.objects.get(pk=consultation.pk).status == Status.RESULTS


def test_published_results_are_never_overdue(consultation):
    consultation.results_summary = "<p>Wpłynęło 10 uwag.</p>"
    consultation.results_published_on = datetime.date(2027, 3, 1)
    consultation.save()
    with frozen(2027, 3, 2):
        assert status_in_database(consultation) == Status.RESULTS


def test_python_rule_and_sql_annotation_agree_on_every_combination(register):
    today = datetime.date(2026, 6, 15)
    offsets = [-100, -61, -60, -1, 0, 1, 30]
    pages = []
    for start, length, results in itertools.product(offsets, [0, 1, 30], [None, -1, 0, 1]):
        start_date = today + datetime.timedelta(days=start)
        end_date = start_date + datetime.timedelta(days=length)
        published = None if results is None else max(end_date, today + datetime.timedelta(days=results))
        pages.append(ConsultationPage(start_date=start_date, end_date=end_date, results_published_on=published))
    page = ConsultationPageFactory(parent=register)
    for candidate in pages:
        ConsultationPage.objects.filter(pk=page.pk).update(
            start_date=candidate.start_date,
            end_date=candidate.end_date,
            results_published_on=candidate.results_published_on,
        )
        in_sql = ConsultationPage.objects.filter(pk=page.pk).with_status(today=today, report_due_days=60).get()
        assert in_sql.derived_status == status_of(candidate, today=today, report_due_days=60), (
            candidate.start_date,
            candidate.end_date,
            candidate.results_published_on,
        )


def test_status_filter_runs_in_the_database(register, django_assert_num_queries):
    with frozen(2026, 11, 15):
        ConsultationPageFactory(parent=register, start_date=datetime.date(2026, 11, 1))
        ConsultationPageFactory(
            parent=register, start_date=datetime.date(2026, 12, 1), end_date=datetime.date(2026, 12, 31)
        )
        with django_assert_num_queries(1):
            assert ConsultationPage.objects.ongoing().count() == 1
        with django_assert_num_queries(1):
            assert ConsultationPage.objects.planned().count() == 1


def test_timezone_local_date_is_warsaw_even_when_another_zone_is_active(consultation):
    with frozen(2026, 3, 29, 0, 30), timezone.override(ZoneInfo("UTC")):
        assert ConsultationPage.objects.get(pk=consultation.pk).status == Status.ONGOING


def test_status_condition_selects_what_the_annotation_says(register):
    """status_condition (plain date comparisons, index-friendly) is the same rule as the CASE."""
    today = datetime.date(2026, 6, 15)
    offsets = [-100, -61, -60, -1, 0, 1]
    for start, length, results in itertools.product(offsets, [0, 30], [None, 0]):
        start_date = today + datetime.timedelta(days=start)
        end_date = start_date + datetime.timedelta(days=length)
        published = None if results is None else max(end_date, today + datetime.timedelta(days=results))
        page = ConsultationPageFactory(parent=register)
        ConsultationPage.objects.filter(pk=page.pk).update(
            start_date=start_date, end_date=end_date, results_published_on=published
        )
    annotated = ConsultationPage.objects.with_status(today=today, report_due_days=60)
    for status in Status:
        for wanted in ({status}, set(Status) - {status}):
            by_case = set(annotated.filter(derived_status__in=[s.value for s in wanted]).values_list("pk", flat=True))
            by_dates = set(
                ConsultationPage.objects.filter(status_condition(wanted, today=today, report_due_days=60)).values_list(
                    "pk", flat=True
                )
            )
            assert by_dates == by_case, (status, wanted)
            assert by_case  # the fixture covers every status


def test_only_a_closed_consultation_without_results_reads_the_report_due_days(consultation, site):
    """A list of pages (search results, a feed) reads no settings for the others."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with frozen(2026, 6, 1):
        page = ConsultationPage.objects.get(pk=consultation.pk)
        with CaptureQueriesContext(connection) as ongoing:
            assert page.status == Status.ONGOING
    with frozen(2026, 11, 5):
        page = ConsultationPage.objects.get(pk=consultation.pk)
        with CaptureQueriesContext(connection) as closed:
            assert page.status == Status.CLOSED
    assert len(ongoing) == 0
    assert len(closed) > 0  # its site's settings
