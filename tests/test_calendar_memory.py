"""A process keeps at most a bounded number of calendar months in memory, however many months
and filters are asked for (a crawler walking the calendar cannot fill a process)."""

import copy

from django.conf import settings
from django.core.cache import caches
from django.test import override_settings

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_now")]


def test_months_kept_in_a_process_are_bounded_and_still_right(client, calendar_page, budget_consultation):
    bounded = copy.deepcopy(settings.CACHES)
    bounded["large_fragments"]["OPTIONS"] = {"MAX_ENTRIES": 4, "CULL_FREQUENCY": 2}
    with override_settings(CACHES=bounded):
        caches["large_fragments"].clear()
        for month in range(1, 13):
            response = client.get("/kalendarz/", {"miesiac": f"2026-{month:02d}"})
            assert response.status_code == 200
        assert 0 < len(caches["large_fragments"]._cache) <= 4
        november = client.get("/kalendarz/", {"miesiac": "2026-11"}).content.decode()
    assert "Budżet 2027" in november
