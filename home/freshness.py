"""How long a rendered page stays true: pages that show time-dependent state say when it changes.

A page that lists things whose state changes with the clock (a consultation that opens or
closes, "days left", a meeting that is upcoming until it starts) calls `changes_at(request,
moment)` with the first such moment it shows. The page cache (portal/page_cache.py) keeps the
response no longer than that, and never longer than its limit for time-dependent pages. Apps
call this; they never import the page cache.
"""

import datetime

from django.utils import timezone

ATTRIBUTE = "page_changes_at"


def changes_at(request, moment):
    """Record that what this request renders stops being true at `moment` (an aware datetime or
    a date, meaning its midnight in the site's time zone). The earliest moment wins."""
    if request is None or moment is None:
        return
    if isinstance(moment, datetime.date) and not isinstance(moment, datetime.datetime):
        moment = timezone.make_aware(datetime.datetime.combine(moment, datetime.time.min))
    current = getattr(request, ATTRIBUTE, None)
    if current is None or moment < current:
        setattr(request, ATTRIBUTE, moment)


def changes_on_next_day(request):
    """The page shows something that changes at midnight (a status, "days left")."""
    changes_at(request, timezone.localdate() + datetime.timedelta(days=1))


def page_changes_at(request):
    """The earliest moment recorded for this request, or None."""
    return getattr(request, ATTRIBUTE, None)
