"""Meetings as the calendar and the feeds read them, and the digests their caches are keyed on.

`meetings_for` chooses the meetings of some consultations (in one query), `read_meetings` reads
them as value tuples and as MeetingRow values (plain values answering what the occurrence
service asks of a Meeting), and `content_digest` / `rows_digest` turn rows as read into keys
that are the same in every process. The app's own code is part of every digest (code_version).
"""

import datetime
import functools
import hashlib
import pathlib
import pickle
import threading
from dataclasses import dataclass

from django.db.models import Q

from .occurrences import parse_recurrence


def meetings_for(consultations, start=None, end=None, with_pages=True):
    """The meetings of these consultations (a queryset), in one query.

    With a window (aware datetimes; either end may be None for "open"), only meetings that can
    have an occurrence in it are loaded. Without `with_pages` the caller attaches the pages it
    has already loaded (a meeting's page is a whole ConsultationPage row, costly to load again).
    The rule comes as its stored text and is parsed once per process (Meeting.recurrence_text):
    the meetings are for reading, their recurrence objects are shared.
    """
    from consultation.models import Meeting

    meetings = Meeting.objects.filter(page__in=consultations.order_by().values("pk")).with_shared_rules()
    if with_pages:
        meetings = meetings.select_related("page")
    if end is not None:
        meetings = meetings.filter(start__lt=end)
    if start is not None:
        meetings = meetings.filter(Q(last_end__isnull=True) | Q(last_end__gt=start))
    return meetings.order_by("start", "pk")


MEETING_ROW_FIELDS = (
    "pk",
    "page_id",
    "title",
    "kind",
    "start",
    "end",
    "place_name",
    "address",
    "online_url",
    "accessibility_note",
    "registration_note",
    "recurrence_text",
    "last_end",
)


@dataclass(eq=False)
class MeetingRow:
    """A meeting read as plain values, for the calendar and the feeds: a month or a feed reads
    hundreds of meetings, and making a model object of each cost more than everything else done
    with it. It answers what they ask of a Meeting (schedule_of, titles, place, notes); its
    `page` is what the reader attaches, or None."""

    pk: int
    page_id: int
    title: str
    kind: str
    start: datetime.datetime
    end: datetime.datetime
    place_name: str
    address: str
    online_url: str
    accessibility_note: str
    registration_note: str
    recurrence_text: str = None
    last_end: datetime.datetime = None
    page: object = None

    def __post_init__(self):
        self.__dict__["_recurrence_text"] = (self.recurrence_text, parse_recurrence(self.recurrence_text))

    @property
    def recurrence(self):
        return self.__dict__["_recurrence_text"][1]


def overlaps(meeting, start, end):
    """Whether a meeting read with its last_end can have an occurrence in [start, end) (aware
    datetimes), as `meetings_for` chooses them."""
    return meeting.start < end and (meeting.last_end is None or meeting.last_end > start)


def meeting_rows(meetings, page_type=None):
    """The meetings of a `meetings_for` queryset as MeetingRow values, in its order (see read_meetings)."""
    return read_meetings(meetings, page_type)[1]


def read_meetings(meetings, page_type=None):
    """The rows of a `meetings_for` queryset as read (value tuples: what a result computed from
    them can be keyed on, see content_digest) and as MeetingRow values, in its order.

    With `page_type` (a dataclass whose first field is `pk`), the same query reads its other
    fields of each meeting's consultation through the join, and each meeting's `page` is one
    `page_type` value per consultation: no second query for the pages."""
    page_fields = [f"page__{name}" for name in page_type.__dataclass_fields__ if name != "pk"] if page_type else []
    values = list(meetings.values_list(*MEETING_ROW_FIELDS, *page_fields))
    if not page_fields:
        return values, [MeetingRow(*row) for row in values]
    size = len(MEETING_ROW_FIELDS)
    pages, rows = {}, []
    for row in values:
        meeting = MeetingRow(*row[:size])
        page = pages.get(meeting.page_id)
        if page is None:
            page = pages[meeting.page_id] = page_type(meeting.page_id, *row[size:])
        meeting.page = page
        rows.append(meeting)
    return values, rows


def content_digest(*parts):
    """A digest of plain values (rows as read, dates, strings, tuples of them), the same in every
    process: the key of a result computed from them and from nothing else. Values that differ
    always pickle differently, so two different inputs never share a digest.

    The code that computes the result is part of it too (see code_version): a new release, which
    may write the same rows differently, never finds what the previous one wrote."""
    return hashlib.blake2b(pickle.dumps((code_version(), parts), protocol=5), digest_size=20).hexdigest()


# Each row's pickled form, kept per process by the row (its values, compared exactly): a month or
# a feed reads hundreds of rows that mostly did not change since the last time.
ROW_BYTES_CACHE_SIZE = 8192
_row_bytes = {}
_row_bytes_lock = threading.Lock()


def rows_digest(rows):
    """A digest of rows as read (tuples of plain values) for content_digest, the same in every
    process; a row's pickled form is worked out once per process (pickling hundreds of rows with
    dates cost more than the rest of looking a feed up)."""
    digest = hashlib.blake2b(digest_size=20)
    for row in rows:
        data = _row_bytes.get(row)
        if data is None:
            data = pickle.dumps(row, protocol=5)
            with _row_bytes_lock:
                if len(_row_bytes) >= ROW_BYTES_CACHE_SIZE:
                    _row_bytes.clear()  # a simple bound: the next rows are pickled again
                _row_bytes[row] = data
        # Each row's length first, so that rows never run into each other.
        digest.update(len(data).to_bytes(4, "big"))
        digest.update(data)
    return f"{len(rows)}:{digest.hexdigest()}"


@functools.cache
def code_version():
    """A digest of this app's code, templates and translations and of the libraries' versions
    that shape what the calendar writes, read once per process."""
    import django

    import wagtail

    import icalendar

    app = pathlib.Path(__file__).resolve().parent
    digest = hashlib.blake2b(f"{django.__version__} {wagtail.__version__} {icalendar.__version__}".encode())
    for path in sorted(app.rglob("*")):
        if path.suffix in {".py", ".html", ".txt", ".mo"} and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(app)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def attach_pages(meetings, consultations, fields=None):
    """Meetings with their page taken from the consultations already loaded (one more query for
    the pages of meetings whose consultation is not among them, with only `fields` if given)."""
    from consultation.models import ConsultationPage

    pages = {consultation.pk: consultation for consultation in consultations}
    meetings = list(meetings)
    missing = {meeting.page_id for meeting in meetings} - pages.keys()
    if missing:
        loading = ConsultationPage.objects.all()
        if fields:
            loading = loading.only(*fields)
        pages.update(loading.in_bulk(missing))
    for meeting in meetings:
        meeting.page = pages[meeting.page_id]
    return meetings
