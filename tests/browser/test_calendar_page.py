"""The calendar page in Chromium: axe and keyboard use of the month grid (the meeting editor is
in test_recurrence_editor.py)."""

import re

import pytest

from tests.browser.conftest import DESKTOP, PHONE, axe_violations

pytestmark = pytest.mark.browser


def test_calendar_has_no_axe_violations(page, live_site):
    page.goto(live_site + "/kalendarz/")
    assert page.locator("table.month-grid caption").count() == 1
    assert axe_violations(page) == []


def test_calendar_of_another_month_with_a_note_has_no_axe_violations(page, live_site):
    page.goto(live_site + "/kalendarz/?miesiac=zly")
    assert page.get_by_text("Nie rozpoznano miesiąca").is_visible()
    assert axe_violations(page) == []


def _tab_through_grid(page):
    """Press Tab from the "next month" link until focus leaves the grid; list what it reached."""
    page.locator("a[rel=next]").focus()
    reached = []
    for _ in range(200):
        page.keyboard.press("Tab")
        inside = page.evaluate("!!document.activeElement.closest('table.month-grid')")
        if not inside:
            break
        reached.append(page.evaluate("document.activeElement.outerHTML"))
    return reached


def test_tab_reaches_every_link_of_the_grid_in_order(browser, live_site):
    context = browser.new_context(viewport=DESKTOP, locale="pl-PL")
    page = context.new_page()
    page.goto(live_site + "/kalendarz/")
    links = page.locator("table.month-grid a:visible")
    expected = [links.nth(i).evaluate("el => el.outerHTML") for i in range(links.count())]
    assert len(expected) > 5
    assert _tab_through_grid(page) == expected
    context.close()


def test_day_links_on_a_phone_are_reached_in_date_order_and_lead_to_the_day(browser, live_site):
    context = browser.new_context(viewport=PHONE, locale="pl-PL")
    page = context.new_page()
    page.goto(live_site + "/kalendarz/")
    reached = _tab_through_grid(page)
    days = [re.search(r'href="#dzien-([\d-]+)"', html).group(1) for html in reached]
    assert days and days == sorted(days)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == f"#dzien-{days[-1]}"
    assert page.locator(f"#dzien-{days[-1]}").is_visible()
    context.close()


def test_previous_and_next_month_links_work_by_keyboard(browser, live_site):
    context = browser.new_context(viewport=DESKTOP, locale="pl-PL")
    page = context.new_page()
    page.goto(live_site + "/kalendarz/?miesiac=2026-11")
    page.locator("a[rel=next]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"miesiac=2026-12"))
    assert page.locator("#month-heading").inner_text().lower() == "grudzień 2026"
    page.locator("a[rel=prev]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"miesiac=2026-11"))
    assert page.locator("#month-heading").inner_text().lower() == "listopad 2026"
    context.close()


def test_feed_address_is_in_a_labelled_read_only_field(browser, live_site):
    context = browser.new_context(viewport=DESKTOP, locale="pl-PL")
    page = context.new_page()
    page.goto(live_site + "/kalendarz/")
    field = page.get_by_label("Adres kalendarza (iCal) do wklejenia w aplikacji")
    assert field.get_attribute("readonly") is not None
    assert field.input_value().endswith("/kalendarz/kalendarz.ics")
    assert page.get_by_role("link", name="Subskrybuj kalendarz").get_attribute("href").startswith("webcal://")
    context.close()
