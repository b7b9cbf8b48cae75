"""The open data page (the datasets and their fields) in a real browser, at 1280 and 375 px."""

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


# The "Otwarte dane" page puts each dataset's table of fields in a scrollable region named by
# the heading above it, and two datasets have a heading "Pola" (Fields): two regions with the
# same name, which a screen reader's list of landmarks cannot tell apart (axe: landmark-unique).
# No browser test visited this page.
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_open_data_page_has_no_axe_violations(page, live_site, prefix):
    response = page.goto(live_site + prefix + "/otwarte-dane/")
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
