"""After a form comes back with errors, focus is on the error summary (the GOV.UK pattern), for a
form on its own page and for one embedded in a consultation page, at 1280 and 375 px."""

import pytest

pytestmark = pytest.mark.browser

CONSULTATION = "/konsultacje/budzet-miasta-2027/"
EMBEDDED_FORM = "section.embedded-form form"


def focused_is_error_summary(page):
    return page.evaluate("document.activeElement && document.activeElement.hasAttribute('data-error-summary')")


def test_contact_form_error_moves_focus_to_the_error_summary(page, live_site):
    page.goto(live_site + "/kontakt/")
    page.fill("#id_email", "jan@")
    page.click("form.portal-form button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    page.wait_for_load_state("load")
    assert focused_is_error_summary(page)
    assert page.locator("[data-error-summary] a[href='#id_email']").count() == 1


def test_embedded_form_error_moves_focus_to_the_error_summary(page, live_site):
    page.goto(live_site + CONSULTATION)
    page.click(f"{EMBEDDED_FORM} button[type=submit]")
    page.wait_for_selector("section.embedded-form [data-error-summary]")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert focused_is_error_summary(page)
    summary = page.locator("section.embedded-form [data-error-summary]")
    assert summary.get_attribute("tabindex") == "-1"
    assert summary.locator("a").count() > 0


def test_embedded_form_error_summary_link_focuses_its_field(page, live_site):
    page.goto(live_site + CONSULTATION)
    page.click(f"{EMBEDDED_FORM} button[type=submit]")
    summary = page.locator("section.embedded-form [data-error-summary]")
    summary.wait_for()
    link = summary.locator("a").first
    target = link.get_attribute("href")[1:]
    link.click()
    assert page.evaluate("document.activeElement.id") == target
