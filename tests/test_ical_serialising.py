"""The feeds' serialiser (consultation.ical.to_ical) writes exactly icalendar's bytes: lines of
every length around the fold, Polish letters (two octets) across it, escapes and long texts."""

import datetime

from icalendar import Calendar, Event

from consultation.ical import to_ical, warsaw_vtimezone
from tests.meeting_factories import warsaw


def calendar_with_lines_around_the_fold():
    feed = Calendar.new(prodid="-//Test//PL", name="Konsultacje")
    feed.add_component(warsaw_vtimezone())
    for length in range(60, 90):
        for filler in ("a", "ą", "a;b,c\\d"):
            event = Event()
            # SUMMARY: is 8 octets, so the line is about `length` octets long.
            event.add("summary", (filler * length)[: length - 8])
            event.add("dtstart", warsaw(2026, 11, 3, 17))
            event.add("dtend", datetime.date(2026, 11, 4))
            event.add("uid", f"spotkanie-{length}-{filler}@example.org")
            event.add("description", f"Zapisy: {'ż' * length}\nDostępność: pętla indukcyjna")
            feed.add_component(event)
    return feed


def test_the_feed_serialiser_writes_exactly_icalendars_bytes():
    feed = calendar_with_lines_around_the_fold()
    assert to_ical(feed) == feed.to_ical()


def test_lines_of_75_octets_and_more_are_folded_and_shorter_ones_are_not():
    lines = to_ical(calendar_with_lines_around_the_fold()).split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(len(line) == 74 for line in lines)
    assert any(line.startswith(b" ") for line in lines)
