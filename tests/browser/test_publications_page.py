import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_publications_page_has_no_axe_violations(page, live_site):
    page.goto(live_site + "/publikacje/")
    assert page.locator(".doc-item").count() == 10
    assert axe_violations(page) == []


def test_category_filter_lists_only_leaflets(page, live_site):
    page.goto(live_site + "/publikacje/")
    page.get_by_role("navigation", name="Rodzaj dokumentu").get_by_role("link", name="Ulotka").click()
    page.wait_for_url("**/publikacje/?kategoria=ulotki")
    assert page.locator(".doc-item").count() >= 3
    assert set(page.locator(".doc-item dt:text('Rodzaj') + dd").all_inner_texts()) == {"Ulotka"}
    assert axe_violations(page) == []
