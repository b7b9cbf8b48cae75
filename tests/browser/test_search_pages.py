import pytest

from tests.browser.conftest import PHONE, axe_violations

pytestmark = pytest.mark.browser


def test_search_results_page_has_no_axe_violations(page, live_site):
    page.goto(live_site + "/szukaj/?q=rewitalizacja+srodmiescie")
    assert page.locator(".search-result").count() >= 1
    assert page.locator("mark").count() >= 1
    assert axe_violations(page) == []


def test_no_results_page_has_no_axe_violations(page, live_site):
    page.goto(live_site + "/szukaj/?q=xyzzyqwerty")
    assert page.get_by_role("heading", name="Nie znaleźliśmy nic dla „xyzzyqwerty”").is_visible()
    assert axe_violations(page) == []


def test_resident_searches_from_the_header_on_a_phone(browser, live_site):
    context = browser.new_context(viewport=PHONE, locale="pl-PL")
    page = context.new_page()
    page.goto(live_site + "/")
    box = page.get_by_role("searchbox", name="Szukaj w portalu")
    assert box.is_visible()
    box.fill("zolw")
    page.get_by_role("search", name="Wyszukiwarka portalu").get_by_role("button", name="Szukaj").click()
    page.wait_for_url("**/szukaj/?q=zolw")
    assert page.get_by_role("link", name="Ulotka: żółw błotny nad Przemszą").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_filters_narrow_results_to_documents(page, live_site):
    page.goto(live_site + "/szukaj/?q=konsultacje")
    page.get_by_label("Rodzaj wyników").select_option("dokumenty")
    page.get_by_role("main").get_by_role("button", name="Szukaj").click()
    kinds = page.locator(".search-result__kind .tag").all_inner_texts()
    assert kinds
    assert set(kinds) == {"Dokument"}
