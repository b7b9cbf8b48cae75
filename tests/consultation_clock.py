"""The consultation tests' stopped clock: noon on 15 November 2026 in Warsaw, and days around it.

Import `frozen_clock` into a test module (it is autouse) to stop the clock there."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

TODAY = datetime.date(2026, 11, 15)


def day(offset):
    return TODAY + datetime.timedelta(days=offset)


@pytest.fixture(autouse=True)
def frozen_clock():
    instant = datetime.datetime(2026, 11, 15, 12, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
    with mock.patch("django.utils.timezone.now", return_value=instant.astimezone(datetime.UTC)):
        yield
