"""Demo meetings: a weekly point across a change of summer time, shown in several months."""

import datetime
import io

import pytest

from consultation import demo as consultation_demo
from consultation import meetings_demo
from consultation.models import CalendarPage, ConsultationPage, Meeting
from consultation.occurrences import meeting_occurrences, schedule_of
from consultation.recurrence_preview import dates_outside
from home import demo as home_demo

WEEKLY = "Punkt konsultacyjny – dyżur urbanisty"


@pytest.fixture
def demo(site):
    out = io.StringIO()
    home_demo.load(out)
    consultation_demo.load(out)
    meetings_demo.load(out)
    return out


@pytest.mark.parametrize(
    ("today", "change"),
    [
        (datetime.date(2026, 11, 25), datetime.date(2026, 10, 25)),
        (datetime.date(2027, 2, 20), datetime.date(2027, 3, 28)),
        (datetime.date(2027, 7, 1), datetime.date(2027, 3, 28)),
    ],
)
def test_nearest_change_of_summer_time_is_a_last_sunday(today, change):
    assert meetings_demo.nearest_dst_change(today) == change


@pytest.mark.django_db
def test_weekly_point_crosses_a_change_of_summer_time_and_keeps_its_hour(demo):
    weekly = Meeting.objects.get(title=WEEKLY)
    found = meeting_occurrences(weekly, weekly.start, weekly.last_end)
    assert {o.start.utcoffset() for o in found} == {datetime.timedelta(hours=1), datetime.timedelta(hours=2)}
    assert {o.start.time() for o in found} == {datetime.time(16)}


@pytest.mark.django_db
def test_weekly_point_has_one_cancelled_and_one_extra_date(demo):
    schedule = schedule_of(Meeting.objects.get(title=WEEKLY))
    assert len(schedule.exdates) == 1
    assert len(schedule.rdates) == 1


@pytest.mark.django_db
def test_demo_meetings_fall_in_the_past_current_and_next_month(demo):
    today = datetime.date.today()
    months = {(m.start.year, m.start.month) for m in Meeting.objects.all()}
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    assert (today.year, today.month) in months or any(m.is_recurring for m in Meeting.objects.all())
    assert (next_month.year, next_month.month) in {
        (o.start.year, o.start.month)
        for m in Meeting.objects.all()
        for o in meeting_occurrences(m, m.start, m.last_end)
    }
    assert any(m.last_end.date() < today for m in Meeting.objects.all())


@pytest.mark.django_db
def test_demo_has_an_online_meeting(demo):
    assert Meeting.objects.filter(kind="online").exclude(online_url="").exists()


@pytest.mark.django_db
def test_demo_meetings_run_twice_without_duplicates(demo):
    count = Meeting.objects.count()
    meetings_demo.load(io.StringIO())
    assert Meeting.objects.count() == count
    assert CalendarPage.objects.count() == 1


@pytest.mark.django_db
def test_meetings_are_in_the_pages_latest_revision(demo):
    page = ConsultationPage.objects.get(slug="budzet-miasta-2027")
    assert len(page.get_latest_revision_as_object().meetings.all()) == 2


@pytest.mark.django_db
def test_missing_consultation_is_skipped(site):
    home_demo.load(io.StringIO())
    meetings_demo.load(io.StringIO())
    assert Meeting.objects.count() == 0
    assert CalendarPage.objects.get().show_in_menus


@pytest.mark.django_db
def test_demo_calendar_renders(demo, client):
    response = client.get("/kalendarz/")
    assert response.status_code == 200
    assert "Kalendarz" in response.content.decode()


@pytest.mark.django_db
def test_weekly_point_ends_with_its_consultation(demo):
    weekly = Meeting.objects.select_related("page").get(title=WEEKLY)
    assert dates_outside(weekly, weekly.page.start_date, weekly.page.end_date) == []
    assert weekly.last_end.date() <= weekly.page.end_date
