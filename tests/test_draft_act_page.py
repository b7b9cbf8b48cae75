"""A resident reads the draft act on the consultation page and sends a remark on one of its parts."""

from django.urls import reverse

import lxml.html
import pytest

from forms.models import Channel, Position, Remark
from tests.draft_act_support import add_act
from tests.forms_support import clear_cache, consultation, honest, staff_email  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]


@pytest.fixture
def ongoing(site):
    staff_email(site)
    return consultation(title="Program współpracy 2027", slug="program-wspolpracy")


@pytest.fixture
def units(ongoing):
    return add_act(ongoing)


def form_url(page):
    return reverse("forms:act_remark", args=[page.pk])


def remark_data(unit=None, embedded=None, **fields):
    data = {
        "unit": str(unit.pk) if unit is not None else "",
        "text": "Proszę zwiększyć kwotę na seniorów.",
        "proposed_wording": "Co najmniej 50% kwoty przeznacza się na pomoc seniorom.",
        "justification": "Seniorów przybywa.",
        "name": "Anna Nowak",
        "organisation": "Stowarzyszenie Seniorów",
        "email": "anna@example.com",
        **fields,
    }
    if embedded is not None:
        data["embedded_from"] = str(embedded.pk)
    return honest(data)


def test_page_shows_each_unit_with_its_anchor_and_text(client, ongoing, units):
    html = client.get(ongoing.url).content.decode()
    assert 'id="par-3-ust-2"' in html
    assert 'id="par-rozdzial-2"' in html
    assert "Co najmniej 40% kwoty przeznacza się na pomoc seniorom." in html
    assert 'href="#par-3-ust-2"' in html


def test_each_unit_has_a_remark_link_that_preselects_it_without_javascript(client, ongoing, units):
    html = client.get(ongoing.url).content.decode()
    unit = units["§ 3 ust. 2"]
    assert f'href="{form_url(ongoing)}?czesc={unit.pk}"' in html
    assert "Zgłoś uwagę do: § 3 ust. 2" in html


def test_the_remark_form_is_on_the_page_with_general_remark_first(client, ongoing, units):
    html = client.get(ongoing.url).content.decode()
    assert 'id="uwagi-do-projektu"' in html
    assert "Uwaga ogólna – do całego projektu" in html
    assert "Proponowane brzmienie zapisu" in html


def test_page_without_an_act_shows_no_act_section(client, ongoing):
    assert "Projekt aktu" not in client.get(ongoing.url).content.decode()


def test_closed_consultation_shows_the_act_without_remark_controls(client, site, units):
    closed = consultation(start=-30, end=-2)
    add_act(closed)
    html = client.get(closed.url).content.decode()
    assert 'id="par-3-ust-2"' in html
    assert "Zgłoś uwagę do" not in html
    assert 'id="uwagi-do-projektu"' not in html


def test_planned_consultation_shows_the_act_without_remark_controls(client, site):
    planned = consultation(start=5, end=30)
    add_act(planned)
    html = client.get(planned.url).content.decode()
    assert 'id="par-1"' in html
    assert "Zgłoś uwagę do" not in html


def test_remark_counts_show_only_when_the_editor_makes_them_public(client, ongoing, units):
    Remark.objects.create(consultation=ongoing, unit=units["§ 3 ust. 2"], text="Tekst uwagi do ukrycia.")
    assert "Uwagi: 1" not in client.get(ongoing.url).content.decode()
    ongoing.act_counts_public = True
    ongoing.save_revision().publish()
    html = client.get(ongoing.url).content.decode()
    assert "Uwagi: 1" in html
    assert "Tekst uwagi do ukrycia." not in html


def test_standalone_form_preselects_the_unit_and_shows_its_text(client, ongoing, units):
    unit = units["§ 3 ust. 2"]
    html = client.get(f"{form_url(ongoing)}?czesc={unit.pk}").content.decode()
    assert f'<option value="{unit.pk}" selected>' in html
    assert "Uwaga do: § 3 ust. 2" in html
    assert "Co najmniej 40% kwoty" in html


def test_standalone_form_ignores_an_unknown_unit(client, ongoing, units):
    html = client.get(f"{form_url(ongoing)}?czesc=999999").content.decode()
    assert '<option value="" selected>' in html


def test_form_of_a_consultation_without_an_act_is_not_found(client, ongoing):
    assert client.get(form_url(ongoing)).status_code == 404


def test_remark_is_stored_with_its_unit_and_the_text_as_seen(client, ongoing, units):
    unit = units["§ 3 ust. 2"]
    response = client.post(form_url(ongoing), remark_data(unit))
    assert response.status_code == 303
    remark = Remark.objects.get()
    assert remark.unit == unit
    assert remark.section == "§ 3 ust. 2"
    assert remark.section_text == "Co najmniej 40% kwoty przeznacza się na pomoc seniorom."
    assert remark.proposed_wording.startswith("Co najmniej 50%")
    assert remark.justification == "Seniorów przybywa."
    assert (remark.author_name, remark.author_organisation) == ("Anna Nowak", "Stowarzyszenie Seniorów")
    assert remark.channel == Channel.ONLINE_FORM
    assert remark.consultation_id == ongoing.pk


def test_standalone_post_goes_to_the_thank_you_page_naming_the_unit(client, ongoing, units):
    unit = units["§ 3 ust. 2"]
    response = client.post(form_url(ongoing), remark_data(unit), follow=True)
    html = response.content.decode()
    assert "Przyjęliśmy Twoją uwagę do: § 3 ust. 2." in html
    assert f"{ongoing.url}#par-3-ust-2" in html


def test_general_remark_has_no_unit(client, ongoing, units):
    client.post(form_url(ongoing), remark_data())
    remark = Remark.objects.get()
    assert (remark.unit, remark.section, remark.section_text) == (None, "", "")
    assert remark.section_display == "Uwaga ogólna"


def test_the_same_form_sent_twice_stores_one_remark(client, ongoing, units):
    data = remark_data(units["§ 1"])
    client.post(form_url(ongoing), data)
    second = client.post(form_url(ongoing), data)
    assert second.status_code == 303
    assert Remark.objects.count() == 1


def test_embedded_post_returns_to_the_unit_which_confirms_the_remark(client, ongoing, units):
    unit = units["§ 3 ust. 2"]
    response = client.post(form_url(ongoing), remark_data(unit, embedded=ongoing))
    assert response.status_code == 303
    assert response["Location"] == f"{ongoing.url}#par-3-ust-2"
    html = client.get(ongoing.url).content.decode()
    assert "Dziękujemy! Przyjęliśmy Twoją uwagę do: § 3 ust. 2." in html
    assert 'id="par-3-ust-2" tabindex="-1" data-act-sent' in html
    assert "Przyjęliśmy Twoją uwagę" not in client.get(ongoing.url).content.decode()


def test_invalid_embedded_post_comes_back_with_values_and_errors(client, ongoing, units):
    unit = units["§ 3 ust. 2"]
    response = client.post(form_url(ongoing), remark_data(unit, embedded=ongoing, text="", email="zły adres"))
    assert response.status_code == 302
    assert response["Location"] == f"{ongoing.url}#bledy-formularza"
    html = client.get(ongoing.url).content.decode()
    assert 'role="alert"' in html
    assert "Co najmniej 50% kwoty przeznacza się na pomoc seniorom." in html
    assert f'<option value="{unit.pk}" selected>' in html
    assert Remark.objects.count() == 0


def test_invalid_standalone_post_shows_errors_in_place(client, ongoing, units):
    response = client.post(form_url(ongoing), remark_data(name=""))
    assert response.status_code == 200
    assert "Imię i nazwisko – " in response.content.decode()
    assert Remark.objects.count() == 0


def test_remark_without_consent_is_refused(client, ongoing, units):
    data = remark_data(units["§ 1"])
    del data["privacy_consent"]
    client.post(form_url(ongoing), data)
    assert Remark.objects.count() == 0


def test_a_unit_of_another_act_is_refused(client, ongoing, units, site):
    other = consultation()
    foreign = add_act(other)["§ 1"]
    response = client.post(form_url(ongoing), remark_data(foreign))
    assert response.status_code == 200
    assert Remark.objects.count() == 0


def test_closed_consultation_takes_no_remarks(client, site):
    closed = consultation(start=-30, end=-2)
    unit = add_act(closed)["§ 1"]
    response = client.post(form_url(closed), remark_data(unit))
    assert "tylko w czasie trwania konsultacji" in response.content.decode()
    assert Remark.objects.count() == 0


def test_remark_keeps_the_text_it_referred_to_after_a_revision(client, ongoing, units):
    unit = units["§ 3 ust. 2"]
    client.post(form_url(ongoing), remark_data(unit))
    page = type(ongoing).objects.get(pk=ongoing.pk)
    revised = list(page.act_units.all())
    for item in revised:
        if item.pk == unit.pk:
            item.text = "Co najmniej 60% kwoty przeznacza się na pomoc seniorom."
    page.act_units = revised
    page.save_revision().publish()
    remark = Remark.objects.get()
    assert remark.unit.text.startswith("Co najmniej 60%")
    assert remark.section_text == "Co najmniej 40% kwoty przeznacza się na pomoc seniorom."


def test_remark_keeps_its_section_when_the_unit_is_removed(client, ongoing, units):
    client.post(form_url(ongoing), remark_data(units["§ 3 ust. 2"]))
    units["§ 3 ust. 2"].delete()
    remark = Remark.objects.get()
    assert (remark.unit, remark.section) == (None, "§ 3 ust. 2")
    assert remark.section_display == "§ 3 ust. 2"


def test_staff_setting_a_unit_copies_its_label_and_text(ongoing, units):
    remark = Remark.objects.create(consultation=ongoing, channel=Channel.LETTER, text="Pismo w sprawie kwoty.")
    remark.unit = units["§ 3 ust. 1"]
    remark.position = Position.NOT_ACCEPTED
    remark.save()
    remark.refresh_from_db()
    assert (remark.section, remark.section_text) == ("§ 3 ust. 1", "Na Program przeznacza się 1 900 000 zł.")


def test_staff_hear_of_a_remark_with_its_part(client, ongoing, units, mailoutbox, django_capture_on_commit_callbacks):
    ongoing.contact_email = "k.mazur@bedzin.pl"
    ongoing.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):  # e-mails go out after the commit
        client.post(form_url(ongoing), remark_data(units["§ 3 ust. 2"]))
    staff = [message for message in mailoutbox if message.to == ["k.mazur@bedzin.pl"]]
    assert len(staff) == 1
    assert "§ 3 ust. 2" in staff[0].subject
    assert "Proszę zwiększyć kwotę na seniorów." in staff[0].body


def test_resident_confirmation_names_the_part_but_never_repeats_the_remark(
    client, ongoing, units, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(form_url(ongoing), remark_data(units["§ 3 ust. 2"]))
    confirmation = [message for message in mailoutbox if message.to == ["anna@example.com"]]
    assert len(confirmation) == 1
    assert "§ 3 ust. 2" in confirmation[0].body
    assert "Proszę zwiększyć" not in confirmation[0].body
    assert "Co najmniej 50%" not in confirmation[0].body


# Each part of a draft act has a button "Zgłoś uwagę do {label}". With a paragraph it reads
# well ("do § 1" = "do paragrafu 1"), but a chapter's button says "Zgłoś uwagę do Rozdział 1":
# "do" needs the genitive ("do rozdziału 1"), so the label cannot be pasted after it as is.
def test_a_chapters_remark_button_is_grammatical_polish(client, site):
    staff_email(site)
    page = consultation(title="Program współpracy 2027", slug="program-wspolpracy")
    add_act(page)
    document = lxml.html.fromstring(client.get(page.url).content)
    buttons = [link.text_content().strip() for link in document.xpath("//a[contains(@class, 'act-unit__remark')]")]
    assert len(buttons) == 10
    assert not [text for text in buttons if "do Rozdział" in text], buttons
