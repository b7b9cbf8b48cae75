"""The register and a consultation page in a real browser, at 1280 and 375 px."""

import pytest

from tests.browser.conftest import PHONE, axe_violations

pytestmark = pytest.mark.browser


def test_register_has_no_axe_violations(page, live_site):
    page.goto(live_site + "/konsultacje/")
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_filtered_register_with_a_note_has_no_axe_violations(page, live_site):
    page.goto(live_site + "/konsultacje/?status=zakonczone&temat=nie-ma-takiego")
    assert "Pominięto nieznaną wartość filtra" in page.content()
    assert axe_violations(page) == []


@pytest.mark.parametrize("slug", ["plan-miejscowy-ksawera-kosciuszki", "bulwary-czarna-przemsza"])
def test_consultation_page_has_no_axe_violations(page, live_site, slug):
    page.goto(f"{live_site}/konsultacje/{slug}/")
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_resident_filters_the_register_on_a_phone(browser, live_site):
    context = browser.new_context(viewport=PHONE, locale="pl-PL")
    page = context.new_page()
    page.goto(live_site + "/konsultacje/")
    page.get_by_label("Status", exact=True).select_option("trwajace")
    page.get_by_label("Dzielnica", exact=True).select_option(label="Ksawera")
    page.get_by_role("button", name="Pokaż").click()
    page.wait_for_load_state()
    assert "status=trwajace" in page.url
    assert "obszar=ksawera" in page.url
    titles = page.locator(".register__list .card__title").all_inner_texts()
    assert "Projekt miejscowego planu zagospodarowania przestrzennego Ksawera – rejon ul. Kościuszki" in titles
    # The others concern the whole city, and so every district (issue 17).
    cards = page.locator(".register__list .card").all_inner_texts()
    assert len(cards) > 1
    assert all("Ksawera" in card or "Całe miasto" in card for card in cards)
    assert page.get_by_role("link", name="Wyczyść filtry").is_visible()
    assert axe_violations(page) == []
    context.close()


def test_filters_work_with_javascript_disabled(browser, live_site):
    context = browser.new_context(viewport=PHONE, locale="pl-PL", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_site + "/konsultacje/")
    page.get_by_label("Status", exact=True).select_option("planowane")
    page.get_by_role("button", name="Pokaż").click()
    page.wait_for_load_state()
    assert "status=planowane" in page.url
    assert page.locator(".register__list .card").count() == 2
    context.close()


# Printed (print style sheet: every form is hidden), a consultation with its survey embedded
# shows an empty framed box holding only the heading "Wypełnij ankietę tutaj", an invitation
# the paper cannot keep; the print style should hide the whole embedded form section (or
# print where to find the survey instead).
def test_printed_consultation_has_no_empty_embedded_survey_box(browser, live_site):
    context = browser.new_context(viewport={"width": 794, "height": 1123}, locale="pl-PL")
    page = context.new_page()
    try:
        page.emulate_media(media="print")
        page.goto(live_site + "/konsultacje/budzet-miasta-2027/")
        section = page.locator("section.embedded-form")
        assert section.count() == 1
        printed = section.evaluate("s => s.offsetParent === null ? null : s.innerText.replace(/\\s+/g, ' ').trim()")
        assert printed is None or printed != section.locator("h2").inner_text().strip(), printed
    finally:
        context.close()
