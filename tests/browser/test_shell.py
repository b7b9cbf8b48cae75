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


# WCAG 1.4.10 (reflow) asks for no sideways scrolling at 320 CSS px, which is a 1280 px desktop
# zoomed to 400 % (and the width of the smallest phones). At 320 px the header's search form
# is about 350 px wide: every page scrolls sideways and the "Szukaj" button is cut off at the
# right edge (the input keeps the intrinsic width of its size=20, and the form, a flex item,
# cannot shrink below it).
@pytest.mark.parametrize("path", ["/", "/konsultacje/", "/en/kalendarz/"])
def test_pages_reflow_at_320_px_with_the_search_button_on_screen(browser, live_site, path):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="pl-PL")
    page = context.new_page()
    try:
        page.goto(live_site + path)
        scrolls = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
        button = page.locator(".header-search button[type=submit]").bounding_box()
        assert button["x"] + button["width"] <= 320, button
        assert not scrolls
    finally:
        context.close()
