"""Dates (not times) as words in the active language, kept per process: the calendar's markup and
the `date_words` template filter format the same few dozen days after every change of content."""

import functools

from django.utils import dateformat
from django.utils.translation import get_language


def date_text(day, format_string):
    """A date (not a time) as words in the active language ("poniedziałek, 2 listopada"), kept
    per process: a month's 35-42 days come back after every content change."""
    return _date_text(day, format_string, get_language())


@functools.lru_cache(maxsize=4096)
def _date_text(day, format_string, _language):
    return dateformat.format(day, format_string)
