"""Remarks on a draft act in a real browser: keyboard alone, touch at 375 px, no JavaScript, axe.

The demo's NGO programme consultation is open and carries its draft resolution (imported from
the demo's .docx). The anti-spam minimum fill time applies: the tests wait it out.
"""

import os

import pytest

from tests.browser.conftest import PHONE, axe_violations

pytestmark = pytest.mark.browser

ACT_PAGE = "/konsultacje/program-wspolpracy-ngo-2027/"
MIN_FILL_MS = 3200
SHOTS = os.environ.get("SCREENSHOT_DIR")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=False)


def tab_to(page, selector, limit=400):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focused_id(page):
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def button_for(label):
    return f"button[data-act-title='Uwaga do: {label}']"


def test_act_page_has_no_axe_violations(page, live_site, viewport):
    page.goto(live_site + ACT_PAGE)
    assert page.locator("#par-5-ust-1").count() == 1
    assert axe_violations(page) == []
    shot(page, f"act-{viewport['width']}")


def test_open_form_under_a_unit_has_no_axe_violations(page, live_site, viewport):
    page.goto(live_site + ACT_PAGE)
    page.click(button_for("§ 2 ust. 2 pkt 1"))
    assert page.locator("#par-2-ust-2-pkt-1 #uwagi-do-projektu").count() == 1
    assert axe_violations(page) == []
    page.locator("#par-2-ust-2-pkt-1").scroll_into_view_if_needed()
    shot(page, f"act-open-{viewport['width']}")


def test_remark_by_keyboard_alone_returns_focus_to_the_unit(page, live_site, viewport):
    page.goto(live_site + ACT_PAGE)
    tab_to(page, button_for("§ 5 ust. 1"))
    page.keyboard.press("Enter")
    assert focused_id(page) == "uwagi-do-projektu-title"
    assert page.locator(button_for("§ 5 ust. 1")).get_attribute("aria-expanded") == "true"
    assert page.locator("select[name=unit] option:checked").inner_text().startswith("§ 5 ust. 1")
    tab_to(page, "textarea[name=text]")
    page.keyboard.type("Kwota powinna wzrosnąć o inflację.")
    tab_to(page, "textarea[name=proposed_wording]")
    page.keyboard.type("Na realizację Programu przeznacza się w 2027 roku kwotę 2 000 000 zł.")
    tab_to(page, "input[name=name]")
    page.keyboard.type("Ewa Klawiatura")
    tab_to(page, "input[name=email]")
    page.keyboard.type("ewa@example.com")
    tab_to(page, "input[name=privacy_consent]")
    page.keyboard.press("Space")
    page.wait_for_timeout(MIN_FILL_MS)
    tab_to(page, "#uwagi-do-projektu button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#par-5-ust-1 [role=status]")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'par-5-ust-1'")
    assert "Przyjęliśmy Twoją uwagę do: § 5 ust. 1" in page.locator("#par-5-ust-1").inner_text()
    shot(page, f"act-sent-{viewport['width']}")


def test_errors_come_back_under_the_unit_with_the_summary_focused(page, live_site, viewport):
    page.goto(live_site + ACT_PAGE)
    page.click(button_for("§ 3"))
    page.fill("#uwagi-do-projektu textarea[name=text]", "Zasady są w porządku, ale brak jawności ocen.")
    page.click("#uwagi-do-projektu button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    page.wait_for_function("() => document.activeElement && document.activeElement.matches('[data-error-summary]')")
    assert page.locator("#par-3 #uwagi-do-projektu").count() == 1
    assert page.locator("textarea[name=text]").input_value() == "Zasady są w porządku, ale brak jawności ocen."
    assert axe_violations(page) == []
    shot(page, f"act-errors-{viewport['width']}")


def test_cancel_closes_the_form_and_returns_focus_to_its_button(page, live_site):
    page.goto(live_site + ACT_PAGE)
    page.click(button_for("§ 1"))
    page.click("#uwagi-do-projektu .act-remark-form__cancel")
    assert page.evaluate("() => document.activeElement.getAttribute('data-act-title')") == "Uwaga do: § 1"
    assert page.locator("#par-1 #uwagi-do-projektu").count() == 0


def test_remark_by_touch_at_375px(browser, live_site):
    context = browser.new_context(viewport=PHONE, locale="pl-PL", has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(live_site + ACT_PAGE)
        page.locator(button_for("§ 4 ust. 2 pkt 2")).tap()
        form = page.locator("#par-4-ust-2-pkt-2 #uwagi-do-projektu")
        assert form.count() == 1
        form.locator("textarea[name=text]").tap()
        page.keyboard.type("Lokale także dla grup nieformalnych.")
        form.locator("input[name=name]").fill("Tomasz Dotyk")
        form.locator("input[name=email]").fill("tomasz@example.com")
        form.locator("input[name=privacy_consent]").tap()
        page.wait_for_timeout(MIN_FILL_MS)
        form.locator("button[type=submit]").tap()
        page.wait_for_selector("#par-4-ust-2-pkt-2 [role=status]")
        assert "Przyjęliśmy Twoją uwagę do: § 4 ust. 2 pkt 2" in page.locator("#par-4-ust-2-pkt-2").inner_text()
        shot(page, "act-touch-sent-375")
    finally:
        context.close()


def test_without_javascript_the_unit_link_opens_the_form_with_the_unit_chosen(browser, live_site):
    context = browser.new_context(viewport=PHONE, locale="pl-PL", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_site + ACT_PAGE)
        page.click("a[data-act-title='Uwaga do: § 3']")
        assert page.locator("h1").inner_text() == "Uwaga do: § 3"
        assert page.locator("select[name=unit] option:checked").inner_text().startswith("§ 3")
        shot(page, "act-nojs-form-375")
    finally:
        context.close()


def test_standalone_form_has_no_axe_violations(page, live_site):
    page.goto(live_site + ACT_PAGE)
    href = page.locator("#par-3 .act-unit__permalink").get_attribute("href")
    assert href == "#par-3"
    page.goto(live_site + ACT_PAGE)
    unit_link = page.evaluate("() => document.querySelector('#uwagi-do-projektu form').getAttribute('action')")
    page.goto(live_site + unit_link)
    assert axe_violations(page) == []
