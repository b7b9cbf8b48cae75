import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_home_page_has_no_axe_violations(page, live_site):
    page.goto(live_site + "/")
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_first_tab_reaches_the_skip_link(page, live_site):
    page.goto(live_site + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Przejdź do treści"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"


def test_about_page_has_no_axe_violations(page, live_site):
    page.goto(live_site + "/o-projekcie/")
    assert "Partycypacyjny Będzin" in page.content()
    assert axe_violations(page) == []


def test_phone_menu_opens_with_the_button(browser, live_site):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(live_site + "/")
    toggle = page.get_by_role("button", name="Menu")
    assert toggle.is_visible()
    assert not page.get_by_role("link", name="Aktualności").first.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Aktualności").is_visible()
    context.close()
