"""The "Konsultacje" admin menu group lists each of its items once."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_konsultacje_menu_lists_each_item_once(admin_client):
    html = admin_client.get("/admin/").content.decode()
    for label in ("Tematy", "Dzielnice", "Wydziały", "Uwagi mieszkańców", "Rejestr konsultacji"):
        # The sidebar is rendered from JSON props, where Polish letters are \u-escaped.
        assert html.count(f'"label": {json.dumps(label)}') == 1, label
