"""The meeting's recurrence editor in Chromium: an editor makes a weekly Tuesday meeting until a
date, with one cancelled date, by clicking; the rule is stored and the calendar shows its dates."""

import datetime
import os
import re
import sqlite3
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("RECURRENCE_SHOTS", "/work/briefs/s21/shots"))
TITLE = "Dyżur w sprawie budżetu"


def _database_of(live_site):
    """The SQLite file of the demo server serving `live_site` (read from the server's own
    environment: the fixture that starts it keeps the path to itself)."""
    port = live_site.rsplit(":", 1)[1]
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
            if b"runserver" not in command or f"127.0.0.1:{port}".encode() not in command:
                continue
            environ = dict(
                item.split(b"=", 1) for item in (proc / "environ").read_bytes().split(b"\0") if b"=" in item
            )
        except OSError:
            continue
        return environ[b"DATABASE_URL"].decode().removeprefix("sqlite:///")
    raise LookupError("the demo server's process was not found")


def _log_in(page, live_site):
    # A busy machine (the demo server, Chromium and other test runs) is slow to save and load.
    page.set_default_timeout(90_000)
    page.goto(live_site + "/admin/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "konsultacje-demo")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def _edit_budget(page, live_site):
    page_id = page.evaluate(
        "fetch('/admin/api/main/pages/?slug=budzet-miasta-2027').then(r => r.json()).then(d => d.items[0].id)"
    )
    page.goto(f"{live_site}/admin/pages/{page_id}/edit/")
    page.get_by_role("tab", name="Spotkania").click()


def _add_meeting(page):
    page.locator("#id_meetings-ADD").click()
    form = page.locator("[id^='inline_child_meetings-']:not([id*='__prefix__'])").last
    form.locator("[data-recurrence-editor][data-started]").wait_for(timeout=5000)
    prefix = form.locator("[data-recurrence-editor]").get_attribute("data-name").removesuffix("recurrence")
    return form, prefix


def _tuesdays(today):
    first = today + datetime.timedelta(days=(1 - today.weekday()) % 7 or 7)
    return [first + datetime.timedelta(weeks=week) for week in range(4)]


def _editor_violations(page, editor):
    """What axe-core finds inside the editor (the rest of the admin is Wagtail's)."""
    results = Axe().run(page, context=f"#{editor.get_attribute('id')}")
    return [f"{violation['id']}: {violation['help']}" for violation in results.response["violations"]]


def _shoot(page, form, name):
    """The meeting's whole form (so the field after the editor shows too), without the admin's
    fixed footer over it."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.add_style_tag(content="footer { visibility: hidden; }")
    form.scroll_into_view_if_needed()
    form.screenshot(path=str(SHOTS / name))


def test_editor_makes_a_weekly_tuesday_meeting_with_a_cancelled_date_by_clicking(browser, live_site):
    today = datetime.date.today()
    tuesdays = _tuesdays(today)
    cancelled = tuesdays[1]
    context = browser.new_context(viewport=DESKTOP, locale="pl-PL")
    page = context.new_page()
    _log_in(page, live_site)
    _edit_budget(page, live_site)
    form, prefix = _add_meeting(page)
    form.locator(f"input[name='{prefix}title']").fill(TITLE)
    form.locator(f"input[name='{prefix}start']").fill(f"{tuesdays[0]:%Y-%m-%d} 16:00")
    form.locator(f"input[name='{prefix}end']").fill(f"{tuesdays[0]:%Y-%m-%d} 18:00")
    editor = form.locator("[data-recurrence-editor]")
    editor.get_by_label("Powtarzanie").select_option("weekly")
    # The weekdays appear and the admin redraws around them (autosave, the preview): click once
    # the page is still, and check() makes sure the box took the click.
    page.wait_for_load_state("networkidle")
    editor.get_by_label("wtorek", exact=True).check()
    editor.get_by_label("Do dnia (włącznie)").check()
    editor.get_by_label("Ostatni dzień powtarzania").fill(f"{tuesdays[-1]:%Y-%m-%d}")
    exdates = editor.locator("[data-date-list]").first
    exdates.get_by_label("Data odwołanego terminu 1").fill(f"{cancelled:%Y-%m-%d}")
    exdates.get_by_role("button", name="Dodaj datę").click()
    assert exdates.locator("input[type=date]").count() == 2

    preview = editor.locator("[data-preview-dates] li")
    preview.first.wait_for(timeout=5000)
    page.wait_for_function(
        "el => el.querySelectorAll('li').length === 4",
        arg=editor.locator("[data-preview-dates]").element_handle(),
    )
    texts = preview.all_inner_texts()
    assert [text.endswith("odwołany") for text in texts] == [False, True, False, False]
    assert all("16:00–18:00" in text for text in texts)
    assert _editor_violations(page, editor) == []

    # Let Wagtail's autosave finish first: the demo's SQLite takes one writer at a time.
    page.wait_for_load_state("networkidle")
    assert editor.get_by_label("wtorek", exact=True).is_checked()
    page.get_by_role("button", name=re.compile("Więcej akcji|More actions")).last.click()
    with page.expect_navigation(timeout=90_000):
        page.locator("button[name=action-publish]").click()
    # Published, Wagtail goes back to the parent's listing.
    assert "/edit/" not in page.url
    assert page.get_by_text("opublikowana").first.is_visible()

    with sqlite3.connect(_database_of(live_site)) as db:
        (stored,) = db.execute("SELECT recurrence FROM consultation_meeting WHERE title = ?", (TITLE,)).fetchone()
    assert "RRULE:FREQ=WEEKLY;" in stored and "BYDAY=TU" in stored
    until = datetime.datetime.combine(tuesdays[-1], datetime.time()) - datetime.timedelta(hours=1)
    assert re.search(rf"UNTIL={until:%Y%m%d}T2[23]0000Z", stored), stored
    assert re.search(rf"EXDATE:{cancelled - datetime.timedelta(days=1):%Y%m%d}T2[23]0000Z", stored), stored

    held, called_off = set(), set()
    for month in sorted({(day.year, day.month) for day in tuesdays}):
        page.goto(f"{live_site}/kalendarz/?miesiac={month[0]}-{month[1]:02d}")
        for entry in page.locator("table.month-grid li.entry").all():
            if entry.locator(".entry__title").count() and entry.locator(".entry__title").inner_text() == TITLE:
                day = entry.get_attribute("data-start")[:10]
                (called_off if "entry--cancelled" in entry.get_attribute("class") else held).add(day)
    assert held == {f"{day:%Y-%m-%d}" for day in tuesdays if day != cancelled}
    assert called_off == {f"{cancelled:%Y-%m-%d}"}
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_editor_fits_the_screen_with_large_controls(browser, live_site, viewport):
    # Tall enough for the whole meeting form in one screenshot; the width is what is tested.
    context = browser.new_context(viewport={**viewport, "height": 2600}, locale="pl-PL")
    page = context.new_page()
    _log_in(page, live_site)
    _edit_budget(page, live_site)
    form, prefix = _add_meeting(page)
    editor = form.locator("[data-recurrence-editor]")
    editor.get_by_label("Powtarzanie").select_option("weekly")
    page.wait_for_load_state("networkidle")
    editor.get_by_label("czwartek", exact=True).check()
    editor.get_by_label("Po liczbie terminów").check()
    editor.get_by_label("Liczba terminów").fill("5")
    form.locator(f"input[name='{prefix}start']").fill("2027-01-07 17:00")
    form.locator(f"input[name='{prefix}end']").fill("2027-01-07 19:00")
    form.locator(f"input[name='{prefix}title']").click()
    editor.locator("[data-preview-dates] li").first.wait_for(timeout=5000)
    editor.locator("[data-preview-warning]").wait_for(timeout=5000)
    _shoot(page, form, f"recurrence-editor-{viewport['width']}.png")

    # Every checkbox and radio is big enough to hit (Wagtail draws them at 24 px).
    for control in editor.locator("input[type=checkbox], input[type=radio]").all():
        box = control.bounding_box()
        assert box["width"] >= 20 and box["height"] >= 20
    # Nothing sticks out of the editor, and the next field starts below it.
    editor_box = editor.bounding_box()
    assert editor_box["x"] + editor_box["width"] <= viewport["width"]
    place = form.locator(f"input[name='{prefix}place_name']").bounding_box()
    assert place["y"] >= editor_box["y"] + editor_box["height"]
    context.close()
