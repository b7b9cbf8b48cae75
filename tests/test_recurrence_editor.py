"""The admin's recurrence editor: a stored rule shown as fields comes back as the same rule, bad
input gets a clear Polish message, the preview (staff only) lists the calendar's dates, and dates
outside the consultation's period bring a warning that never blocks a save."""

import datetime
from html.parser import HTMLParser
from unittest import mock
from zoneinfo import ZoneInfo

from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset

import pytest
import recurrence

from consultation.models import ConsultationPage, Meeting
from consultation.recurrence_editor import RecurrenceEditor, RecurrenceEditorField
from consultation.recurrence_preview import dates_outside, warn_about_meetings_outside
from tests.factories import ConsultationPageFactory
from tests.meeting_factories import MeetingFactory, utc_midnight_before, warsaw, weekly
from tests.test_consultation_admin import add_url, form_data

NAME = "meetings-0-recurrence"
PREVIEW = "consultation_recurrence_preview"


@pytest.fixture(autouse=True)
def frozen_clock():
    instant = datetime.datetime(2026, 11, 15, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
    with mock.patch("django.utils.timezone.now", return_value=instant.astimezone(datetime.UTC)):
        yield


class _Controls(HTMLParser):
    """What a browser submits for a form: checked boxes, selected options, every other input."""

    def __init__(self):
        super().__init__()
        self.data = QueryDict(mutable=True)
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.appendlist(attrs["name"], attrs.get("value") or "")
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.appendlist(self._select, attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def submitted(value, **changes):
    """The data a browser posts for the editor showing `value`, with some fields changed."""
    controls = _Controls()
    controls.feed(RecurrenceEditor().render(NAME, value))
    for part, new in changes.items():
        controls.data.setlist(f"{NAME}-{part}", new if isinstance(new, list) else [new])
    return controls.data


def cleaned(data):
    return RecurrenceEditorField(required=False).clean(RecurrenceEditor().value_from_datadict(data, {}, NAME))


def errors_of(data):
    with pytest.raises(ValidationError) as raised:
        cleaned(data)
    return raised.value.messages


def text(value):
    return recurrence.serialize(value) if value is not None else ""


TUESDAY_UNTIL = weekly(
    until=utc_midnight_before(datetime.date(2026, 12, 22)),
    byday=[recurrence.TU],
    exdates=[utc_midnight_before(datetime.date(2026, 12, 8))],
    rdates=[utc_midnight_before(datetime.date(2026, 12, 12))],
)
ROUND_TRIPS = {
    "weekly on Tuesdays until a day, one cancelled and one extra date": TUESDAY_UNTIL,
    "every second week on Monday and Thursday, six times": recurrence.Recurrence(
        rrules=[recurrence.Rule(recurrence.WEEKLY, interval=2, count=6, byday=[recurrence.MO, recurrence.TH])]
    ),
    "daily, five times": recurrence.Recurrence(rrules=[recurrence.Rule(recurrence.DAILY, count=5)]),
    "monthly until a day": recurrence.Recurrence(
        rrules=[recurrence.Rule(recurrence.MONTHLY, until=utc_midnight_before(datetime.date(2027, 6, 30)))]
    ),
    "no rule, two extra dates": recurrence.Recurrence(
        rdates=[utc_midnight_before(datetime.date(2026, 12, 3)), utc_midnight_before(datetime.date(2026, 12, 10))]
    ),
}


@pytest.mark.parametrize("rule", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_a_rule_shown_in_the_editor_comes_back_the_same(rule):
    # Without the stored copy, so the rule is rebuilt from the fields alone.
    assert text(cleaned(submitted(rule, stored=""))) == text(rule)


def test_the_editor_shows_each_part_of_a_rule_in_its_own_control():
    data = submitted(TUESDAY_UNTIL)
    assert data[f"{NAME}-freq"] == "weekly"
    assert data.getlist(f"{NAME}-byday") == ["1"]
    assert data[f"{NAME}-end"] == "until"
    assert data[f"{NAME}-until"] == "2026-12-22"
    assert [day for day in data.getlist(f"{NAME}-exdates") if day] == ["2026-12-08"]
    assert [day for day in data.getlist(f"{NAME}-rdates") if day] == ["2026-12-12"]


def test_ticking_weekdays_and_an_end_makes_a_weekly_rule():
    data = submitted(None, freq="weekly", byday=["1", "3"], end="until", until="2026-12-29", exdates=["2026-12-15"])
    assert text(cleaned(data)) == "RRULE:FREQ=WEEKLY;UNTIL=20261228T230000Z;BYDAY=TU,TH\nEXDATE:20261214T230000Z"


def test_a_filled_in_last_day_counts_as_the_chosen_end():
    assert cleaned(submitted(None, freq="daily", until="2026-12-01")).rrules[0].until is not None


def test_a_meeting_that_does_not_repeat_stores_no_rule():
    assert cleaned(submitted(None)) is None
    assert cleaned(submitted(None, exdates=["2026-12-15"])) is None


def test_a_stored_rule_the_editor_cannot_show_is_kept_while_its_fields_are_untouched():
    second_tuesday = recurrence.deserialize("RRULE:FREQ=MONTHLY;COUNT=6;BYDAY=+2TU")
    assert "Zapisana reguła ma ustawienia" in RecurrenceEditor().render(NAME, second_tuesday)
    assert text(cleaned(submitted(second_tuesday))) == "RRULE:FREQ=MONTHLY;COUNT=6;BYDAY=2TU"


def test_changing_a_field_replaces_the_stored_rule():
    assert text(cleaned(submitted(TUESDAY_UNTIL, until="2026-12-29"))).startswith(
        "RRULE:FREQ=WEEKLY;UNTIL=20261228T230000Z;BYDAY=TU"
    )


def test_a_repeating_meeting_without_an_end_is_refused():
    assert errors_of(submitted(None, freq="weekly", end="")) == [
        "Spotkania cykliczne muszą się kończyć: ustaw „do dnia” albo liczbę powtórzeń."
    ]


def test_an_end_by_date_needs_the_date():
    assert errors_of(submitted(None, freq="weekly", end="until")) == ["Podaj ostatni dzień powtarzania."]


def test_an_end_by_count_needs_a_positive_number():
    assert errors_of(submitted(None, freq="weekly", end="count", count="0")) == [
        "Liczba terminów musi być liczbą całkowitą, co najmniej 1."
    ]


def test_an_interval_below_one_is_refused():
    assert errors_of(submitted(None, freq="daily", interval="0", end="count", count="3")) == [
        "Odstęp musi być liczbą całkowitą od 1 do 99."
    ]


def test_a_date_that_is_not_a_date_is_named_in_the_message():
    assert errors_of(submitted(None, rdates=["2026-02-30"])) == ["„2026-02-30” nie jest poprawną datą."]


def test_a_last_day_before_the_first_meeting_is_refused():
    rule = recurrence.Recurrence(rrules=[recurrence.Rule(recurrence.WEEKLY, until=warsaw(2026, 11, 1))])
    meeting = Meeting(title="Dyżur", start=warsaw(2026, 11, 3, 17), end=warsaw(2026, 11, 3, 19), recurrence=rule)
    with pytest.raises(ValidationError) as raised:
        meeting.clean()
    assert raised.value.message_dict["recurrence"] == [
        "Ostatni dzień powtarzania jest wcześniej niż pierwsze spotkanie."
    ]


# The admin: saving, the warning and the preview.


def meeting_form(**recurrence_fields):
    fields = {"freq": "", "interval": "1", "end": "", "until": "", "count": "", "stored": "", **recurrence_fields}
    meeting = {
        "title": "Dyżur w sprawie przejść",
        "kind": "duty",
        "start": "2026-11-24 17:00",
        "end": "2026-11-24 19:00",
        "place_name": "Urząd Miejski",
        "address": "",
        "online_url": "",
        "accessibility_note": "",
        "registration_note": "",
    }
    formset = inline_formset([meeting])
    return formset, {f"meetings-0-recurrence-{part}": value for part, value in fields.items()}


def post_consultation(admin_client, register, **recurrence_fields):
    formset, fields = meeting_form(**recurrence_fields)
    data = form_data(meetings=formset, **{"action-publish": "publish"})
    data.update(fields)
    return admin_client.post(add_url(register), data, follow=True)


@pytest.mark.django_db
def test_editor_saves_a_weekly_meeting_with_a_cancelled_date(admin_client, register):
    response = post_consultation(
        admin_client, register, freq="weekly", byday=["1"], end="until", until="2026-12-15", exdates=["2026-12-01"]
    )
    assert response.status_code == 200
    meeting = Meeting.objects.get()
    assert Meeting._meta.get_field("recurrence").get_prep_value(meeting.recurrence) == (
        "RRULE:FREQ=WEEKLY;UNTIL=20261214T230000Z;BYDAY=TU\nEXDATE:20261130T230000Z"
    )
    assert not [str(message) for message in get_messages(response.wsgi_request) if "poza okresem" in str(message)]


@pytest.mark.django_db
def test_dates_after_the_consultation_bring_a_warning_but_the_page_is_published(admin_client, register):
    # The consultation runs 20 November – 20 December; the duty hour on until 5 January.
    response = post_consultation(admin_client, register, freq="weekly", end="until", until="2027-01-05")
    assert ConsultationPage.objects.get().live
    warnings = [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "warning"]
    assert warnings == [
        "Spotkanie „Dyżur w sprawie przejść”: Terminy poza okresem konsultacji (20 listopada 2026 – 20 grudnia 2026): "
        "3, pierwszy: 22 grudnia 2026. Jeśli to pomyłka, zmień powtarzanie."
    ]


@pytest.mark.django_db
def test_a_repeating_meeting_without_an_end_is_not_saved(admin_client, register):
    response = post_consultation(admin_client, register, freq="weekly")
    assert "Spotkania cykliczne muszą się kończyć" in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_factory_made_meeting_past_its_consultation_gets_the_warning(rf, register):
    page = ConsultationPageFactory(
        parent=register, start_date=datetime.date(2026, 11, 1), end_date=datetime.date(2026, 11, 30)
    )
    meeting = MeetingFactory(
        page=page,
        start=warsaw(2026, 11, 10, 17),
        recurrence=weekly(until=utc_midnight_before(datetime.date(2026, 12, 8))),
    )
    assert [o.date for o in dates_outside(meeting, page.start_date, page.end_date)] == [
        datetime.date(2026, 12, 1),
        datetime.date(2026, 12, 8),
    ]
    request = rf.post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    warn_about_meetings_outside(request, ConsultationPage.objects.get(pk=page.pk))
    assert [str(message) for message in request._messages] == [
        f"Spotkanie „{meeting.title}”: Terminy poza okresem konsultacji (1 listopada 2026 – 30 listopada 2026): "
        "2, pierwszy: 1 grudnia 2026. Jeśli to pomyłka, zmień powtarzanie."
    ]


def preview_query(**changes):
    query = {
        "r-freq": "weekly",
        "r-byday": ["1"],
        "r-end": "until",
        "r-until": "2026-12-15",
        "r-exdates": ["2026-12-01", ""],
        "start": "2026-11-17 17:00",
        "end": "2026-11-17 19:00",
        "period_start": "2026-11-01",
        "period_end": "2026-12-10",
    }
    return {**query, **changes}


@pytest.mark.django_db
def test_preview_lists_the_next_dates_in_warsaw_time_with_the_cancelled_one_marked(admin_client):
    answer = admin_client.get(reverse(PREVIEW), preview_query()).json()
    assert [date["text"] for date in answer["dates"]] == [
        "Wtorek, 17 listopada 2026, 17:00–19:00",
        "Wtorek, 24 listopada 2026, 17:00–19:00",
        "Wtorek, 1 grudnia 2026, 17:00–19:00 – odwołany",
        "Wtorek, 8 grudnia 2026, 17:00–19:00",
        "Wtorek, 15 grudnia 2026, 17:00–19:00 – poza okresem konsultacji",
    ]
    assert answer["summary"] == "Terminów w sumie: 4; ostatni: 15 grudnia 2026."
    assert answer["warning"].startswith("Terminy poza okresem konsultacji (1 listopada 2026 – 10 grudnia 2026): 1")
    assert answer["errors"] == []


@pytest.mark.django_db
def test_preview_without_dates_outside_the_consultation_has_no_warning(admin_client):
    assert admin_client.get(reverse(PREVIEW), preview_query(period_end="2026-12-20")).json()["warning"] == ""


@pytest.mark.django_db
def test_preview_shows_the_same_errors_as_saving(admin_client):
    answer = admin_client.get(reverse(PREVIEW), preview_query(**{"r-end": "", "r-until": ""})).json()
    assert answer["errors"] == ["Spotkania cykliczne muszą się kończyć: ustaw „do dnia” albo liczbę powtórzeń."]
    assert answer["dates"] == []


@pytest.mark.django_db
def test_preview_is_not_open_to_anonymous_visitors(client):
    response = client.get(reverse(PREVIEW), preview_query())
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_preview_is_not_open_to_people_without_admin_access(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("resident", "r@example.com", "secret-password"))
    response = client.get(reverse(PREVIEW), preview_query())
    assert response.status_code in (302, 403)
    assert "application/json" not in response.get("Content-Type", "")


@pytest.mark.django_db
def test_preview_reads_nothing_but_the_editors_session_and_profile(admin_client, django_assert_max_num_queries):
    admin_client.get(reverse(PREVIEW), preview_query())
    # The session, the user and their admin profile (language, time zone); the dates need none.
    with django_assert_max_num_queries(3):
        assert admin_client.get(reverse(PREVIEW), preview_query()).status_code == 200


def meetings_comparison(admin_client, page, **meeting):
    """The "Spotkania i dyżury" part of the page's revision comparison after a meeting is added."""
    page.save_revision().publish()
    MeetingFactory(page=page, **meeting)
    page = ConsultationPage.objects.get(pk=page.pk)
    page.save_revision()
    url = reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, "earliest", "latest"))
    html = admin_client.get(url).content.decode()
    return html[html.index("Spotkania i dyżury") :]


@pytest.mark.django_db
def test_revision_comparison_says_a_one_off_meeting_does_not_repeat(admin_client, register):
    section = meetings_comparison(admin_client, ConsultationPageFactory(parent=register), title="Spotkanie otwarte")
    assert "Nie powtarza się" in section
    assert "None" not in section


@pytest.mark.django_db
def test_revision_comparison_reads_a_weekly_rule_in_polish(admin_client, register):
    rule = weekly(until=utc_midnight_before(datetime.date(2026, 11, 24)))
    rule.exdates.append(warsaw(2026, 11, 10, 0))
    section = meetings_comparison(
        admin_client,
        ConsultationPageFactory(parent=register),
        title="Dyżur urbanisty",
        start=warsaw(2026, 11, 3, 16),
        end=warsaw(2026, 11, 3, 18),
        recurrence=rule,
    )
    assert "RRULE" not in section and "FREQ=WEEKLY" not in section
    assert "Co tydzień" in section
    assert "do 24 listopada 2026" in section  # as the editor shows the rule's end
    assert "odwołane: 10 listopada 2026" in section


@pytest.mark.django_db
def test_cancelling_a_day_the_meeting_is_not_on_brings_a_warning_naming_it(admin_client, register):
    """The duty hour is on Tuesdays; the editor cancels Wednesday 2 December (meaning Tuesday 1)."""
    response = post_consultation(
        admin_client, register, freq="weekly", byday=["1"], end="until", until="2026-12-15", exdates=["2026-12-02"]
    )
    assert ConsultationPage.objects.get().live
    warnings = [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "warning"]
    assert any("odwołane dni, w które spotkania i tak nie ma: 2 grudnia 2026" in warning for warning in warnings)


@pytest.mark.django_db
def test_cancelling_one_of_the_meetings_days_brings_no_such_warning(admin_client, register):
    response = post_consultation(
        admin_client, register, freq="weekly", byday=["1"], end="until", until="2026-12-15", exdates=["2026-12-01"]
    )
    assert not [str(message) for message in get_messages(response.wsgi_request) if "i tak nie ma" in str(message)]


@pytest.mark.django_db
def test_revision_comparison_names_a_consultations_methods(admin_client, register):
    page = ConsultationPageFactory(parent=register, methods=["survey"])
    page.save_revision().publish()
    page = ConsultationPage.objects.get(pk=page.pk)
    page.methods = ["survey", "email"]
    page.save_revision()
    url = reverse("wagtailadmin_pages:revisions_compare", args=(page.pk, "earliest", "latest"))
    section = admin_client.get(url).content.decode().split("Formy konsultacji", 1)[1]
    assert "Uwagi przesłane e-mailem" in section
    assert "&#x27;email&#x27;" not in section and "'email'" not in section
