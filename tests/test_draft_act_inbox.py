"""Staff work through remarks on a draft act by part: filter, sort, set the unit, one position for many."""

from django.urls import reverse

import pytest

from forms.models import Channel, Position, Remark, TriageStatus
from tests.draft_act_support import add_act
from tests.forms_support import clear_cache, consultation  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]

INBOX = "/admin/forms/remark/"


@pytest.fixture
def act(site):
    page = consultation(title="Program współpracy 2027", slug="program-wspolpracy")
    units = add_act(page)
    for unit_label, text in [
        ("§ 3 ust. 2", "Więcej dla seniorów."),
        ("§ 3 ust. 2", "Pięćdziesiąt procent dla seniorów."),
        ("§ 1", "Doprecyzować zasady."),
    ]:
        Remark.objects.create(consultation=page, unit=units[unit_label], text=text)
    Remark.objects.create(consultation=page, text="Uwaga do całości.")
    return page, units


def test_inbox_filters_remarks_by_unit_of_the_filtered_consultation(admin_client, act):
    page, units = act
    html = admin_client.get(
        f"{INBOX}?consultation__id__exact={page.pk}&czesc={units['§ 3 ust. 2'].pk}"
    ).content.decode()
    assert "Więcej dla seniorów." in html and "Pięćdziesiąt procent" in html
    assert "Doprecyzować zasady." not in html and "Uwaga do całości." not in html


def test_inbox_filters_general_remarks(admin_client, act):
    page, _units = act
    html = admin_client.get(f"{INBOX}?consultation__id__exact={page.pk}&czesc=ogolna").content.decode()
    assert "Uwaga do całości." in html and "Więcej dla seniorów." not in html


def test_unit_filter_offers_the_units_of_the_filtered_consultation(admin_client, act):
    page, _units = act
    html = admin_client.get(f"{INBOX}?consultation__id__exact={page.pk}").content.decode()
    assert "część projektu" in html
    assert "§ 3 ust. 2" in html


def test_inbox_shows_the_units_text_beside_the_remark(admin_client, act):
    html = admin_client.get(INBOX).content.decode()
    assert "Co najmniej 40% kwoty przeznacza się na pomoc seniorom." in html


def test_inbox_sorts_by_unit_in_the_acts_order(admin_client, act):
    page, _units = act
    # The section column's index in list_display (0-based): received, consultation, section.
    html = admin_client.get(f"{INBOX}?consultation__id__exact={page.pk}&o=2").content.decode()
    assert html.index("Doprecyzować zasady.") < html.index("Więcej dla seniorów.")


def test_filtered_to_a_unit_the_inbox_offers_one_position_for_all(admin_client, act):
    page, units = act
    unit = units["§ 3 ust. 2"]
    html = admin_client.get(f"{INBOX}?consultation__id__exact={page.pk}&czesc={unit.pk}").content.decode()
    assert reverse("forms_bulk_position", args=[unit.pk]) in html


def test_bulk_position_sets_position_and_reasoning_on_the_chosen_remarks(admin_client, act):
    _page, units = act
    unit = units["§ 3 ust. 2"]
    chosen = Remark.objects.filter(unit=unit)
    response = admin_client.post(
        reverse("forms_bulk_position", args=[unit.pk]),
        {
            "remarks": [remark.pk for remark in chosen],
            "position": Position.PARTLY_ACCEPTED,
            "reasoning": "Podnosimy udział do 45%.",
            "status": TriageStatus.ANSWERED,
        },
    )
    assert response.status_code == 302
    assert set(Remark.objects.filter(unit=unit).values_list("position", "reasoning", "status")) == {
        (Position.PARTLY_ACCEPTED, "Podnosimy udział do 45%.", TriageStatus.ANSWERED)
    }
    assert Remark.objects.get(text="Doprecyzować zasady.").position == ""


def test_bulk_position_leaves_unchecked_remarks_alone(admin_client, act):
    _page, units = act
    unit = units["§ 3 ust. 2"]
    first = Remark.objects.get(text="Więcej dla seniorów.")
    admin_client.post(
        reverse("forms_bulk_position", args=[unit.pk]),
        {"remarks": [first.pk], "position": Position.ACCEPTED, "reasoning": "Tak."},
    )
    assert Remark.objects.get(text="Pięćdziesiąt procent dla seniorów.").position == ""
    assert Remark.objects.get(pk=first.pk).status == TriageStatus.NEW


def test_bulk_position_page_lists_the_units_remarks_and_text(admin_client, act):
    _page, units = act
    html = admin_client.get(reverse("forms_bulk_position", args=[units["§ 3 ust. 2"].pk])).content.decode()
    assert "Więcej dla seniorów." in html and "Doprecyzować zasady." not in html
    assert "Co najmniej 40% kwoty" in html


def test_bulk_position_needs_a_remark(admin_client, act):
    _page, units = act
    response = admin_client.post(
        reverse("forms_bulk_position", args=[units["§ 1"].pk]), {"position": Position.ACCEPTED, "reasoning": "Tak."}
    )
    assert "Zaznacz co najmniej jedną uwagę." in response.content.decode()


def test_staff_add_a_letter_on_a_unit_and_it_keeps_the_units_text(admin_client, act):
    page, units = act
    unit = units["§ 3 ust. 1"]
    response = admin_client.post(
        f"{INBOX}create/",
        {
            "consultation": page.pk,
            "unit": unit.pk,
            "channel": Channel.LETTER,
            "received_at": "2026-11-10 10:00",
            "author_name": "Jan Kowalski",
            "author_email": "",
            "author_organisation": "",
            "subject": "",
            "text": "Pismo: za mało pieniędzy.",
            "proposed_wording": "2 500 000 zł",
            "justification": "",
            "status": TriageStatus.NEW,
            "position": "",
            "reasoning": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    remark = Remark.objects.get(text="Pismo: za mało pieniędzy.")
    assert (remark.unit, remark.section) == (unit, "§ 3 ust. 1")
    assert remark.section_text == "Na Program przeznacza się 1 900 000 zł."


def test_staff_cannot_set_a_unit_of_another_consultation(admin_client, act):
    page, _units = act
    other = add_act(consultation())["§ 1"]
    remark = Remark.objects.get(text="Uwaga do całości.")
    response = admin_client.post(
        f"{INBOX}edit/{remark.pk}/",
        {
            "consultation": page.pk,
            "unit": other.pk,
            "channel": Channel.ONLINE_FORM,
            "received_at": "2026-11-10 10:00",
            "text": remark.text,
            "status": TriageStatus.NEW,
        },
    )
    assert response.status_code == 200
    assert Remark.objects.get(pk=remark.pk).unit is None
