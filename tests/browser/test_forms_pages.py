"""Surveys and the contact form in a real browser: keyboard only, error summary, axe at 1280 and 375 px.

The demo site runs with the dev settings, so the anti-spam minimum fill time (3 s) applies:
the tests wait it out like a person would, rather than switching the rule off.
"""

import pytest

from tests.browser.conftest import PHONE, axe_violations

pytestmark = pytest.mark.browser

OPEN_SURVEY = "/konsultacje/budzet-miasta-2027/ankieta/"
CLOSED_SURVEY = "/konsultacje/bulwary-czarna-przemsza/ankieta/"
RESULTS = CLOSED_SURVEY + "wyniki/"
MIN_FILL_MS = 3200

# Whether the page scrolls sideways, and what sticks out past the right edge.
OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const out = [...document.querySelectorAll('main *')]
        .filter(element => element.getBoundingClientRect().right > width + 1)
        .map(element => element.tagName.toLowerCase() + '.' + element.className);
    return {scrolls: document.documentElement.scrollWidth > width, out: out.slice(0, 5)};
}"""


def tab_to(page, selector, limit=120):
    """Press Tab until the focused element matches selector: reach it the way a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize(
    "path", [OPEN_SURVEY, CLOSED_SURVEY, RESULTS, "/kontakt/", "/konsultacje/budzet-miasta-2027/"]
)
def test_form_pages_have_no_axe_violations(page, live_site, path):
    page.goto(live_site + path)
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_contact_form_with_errors_has_no_axe_violations(page, live_site):
    page.goto(live_site + "/kontakt/")
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_selector("[data-error-summary]")
    assert axe_violations(page) == []


def test_survey_can_be_filled_with_the_keyboard_only(page, live_site):
    page.goto(live_site + OPEN_SURVEY)
    tab_to(page, "input[name=jak_oceniasz_projekt_budzetu]")
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    tab_to(page, "input[name=na_co_miasto_powinno_wydac_wiecej][value='Zieleń i parki']")
    page.keyboard.press("Space")
    tab_to(page, "input[name=ktora_inwestycja_jest_najwazniejsza]")
    page.keyboard.press("ArrowDown")
    tab_to(page, "select[name=w_ktorej_dzielnicy_mieszkasz]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    tab_to(page, "textarea")
    page.keyboard.type("Więcej pieniędzy na zieleń w Grodźcu.")
    tab_to(page, "input[name=ile_lat_mieszkasz_w_bedzinie]")
    page.keyboard.type("12")
    tab_to(page, "input[name=privacy_consent]")
    page.keyboard.press("Space")
    page.wait_for_timeout(MIN_FILL_MS)
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Dziękujemy za wypełnienie ankiety"


def test_contact_form_error_is_fixed_and_sent(page, live_site):
    page.goto(live_site + "/kontakt/")
    page.fill("#id_email", "jan@")
    page.fill("#id_subject", "Ławki nad rzeką")
    page.fill("#id_message", "Proszę o więcej ławek przy bulwarach.")
    page.check("#id_privacy_consent")
    page.wait_for_timeout(MIN_FILL_MS)
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_load_state()

    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert page.input_value("#id_message") == "Proszę o więcej ławek przy bulwarach."
    summary.locator("a[href='#id_email']").click()
    assert page.evaluate("document.activeElement.id") == "id_email"

    page.fill("#id_email", "jan@example.com")
    page.check("#id_privacy_consent")
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Dziękujemy za wiadomość"


def test_a_contact_form_sent_after_its_cookies_were_cleared_gets_the_portals_error_page(page, live_site):
    page.goto(live_site + "/kontakt/")
    page.fill("#id_email", "jan@example.com")
    page.fill("#id_subject", "Ławki nad rzeką")
    page.fill("#id_message", "Proszę o więcej ławek przy bulwarach.")
    page.check("#id_privacy_consent")
    page.context.clear_cookies()  # cookies blocked, or cleared while the form was open
    page.click("button[type=submit] >> nth=-1")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Nie udało się wysłać formularza"
    assert axe_violations(page) == []
    page.click("text=Wróć do formularza")
    assert page.locator("#id_subject").is_visible()


# At 375 px the English survey results page scrolls sideways: the table of a multiple-choice
# question ("Answer | Number | Percent of people") is wider than the screen and is not in a
# scrollable box, so its last column is cut off (WCAG 1.4.10 reflow). The Polish headings are
# shorter and happen to fit.
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_survey_results_fit_a_phone_screen(browser, live_site, prefix):
    context = browser.new_context(viewport=PHONE, locale="pl-PL")
    page = context.new_page()
    try:
        page.goto(live_site + prefix + RESULTS)
        assert page.locator("table").count() >= 2
        found = page.evaluate(OVERFLOW)
        assert not found["scrolls"], found["out"]
    finally:
        context.close()
