"""The calendar's markup written in Python: an entry in a cell of the month grid, in a day's list
and in the upcoming list, the grid's cells, the month's list of days and the whole month section.

Written here, not by templates: a month has hundreds of entries and 35 to 42 cells, and the
template's tags per entry and per cell cost more than the rest of the page. Each entry's and
each day's markup is kept per process by what it shows (see ENTRY_HTML_CACHE_SIZE and
DAY_HTML_CACHE_SIZE): after a change of content a month writes again only what changed.
"""

import functools
from html import escape

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from .date_words import date_text

# An entry's markup is kept per process by the entry's values (and the language and time zone it
# is written in): after a change of content a month writes again only the entries that changed.
ENTRY_HTML_CACHE_SIZE = 16384


@functools.lru_cache(maxsize=ENTRY_HTML_CACHE_SIZE)
def entry_html(entry, which, language, zone):
    """An agenda.Entry's markup: "grid" (a cell of the month grid), "agenda" (a day's list and a
    day's own view) or "when" (a meeting's date and times in the upcoming list)."""
    if which == "when":
        return _when_html(entry)
    return _grid_html(entry) if which == "grid" else _agenda_html(entry)


def _grid_html(entry):
    url, title = escape(entry.url), escape(entry.title)
    if entry.is_meeting:
        start = timezone.localtime(entry.start)
        status = "entry--cancelled" if entry.cancelled else "entry--meeting"
        label = f' <span class="entry__status">{escape(gettext("odwołane"))}</span>' if entry.cancelled else ""
        return (
            f'<li class="entry {status} entry--{escape(entry.meeting_kind)}" data-start="{start.isoformat()}" '
            f'data-end="{timezone.localtime(entry.end).isoformat()}"><a href="{url}"><time class="entry__time" '
            f'datetime="{start.isoformat()}">{start:%H:%M}</time> <span class="entry__title">{title}</span>'
            f"{label}</a></li>"
        )
    return (
        f'<li class="entry entry--{escape(entry.kind)}" data-kind="{escape(entry.kind)}" data-date="{entry.date.isoformat()}">'
        f'<a href="{url}"><span class="entry__label">{escape(_period_label(entry.kind))}</span> '
        f'<span class="entry__title">{title}</span></a></li>'
    )


def _agenda_html(entry):
    url, title = escape(entry.url), escape(entry.title)
    if entry.is_meeting:
        start, end = timezone.localtime(entry.start), timezone.localtime(entry.end)
        status = "agenda__entry--cancelled" if entry.cancelled else "agenda__entry--meeting"
        end_day = f"{escape(date_text(end.date(), 'j E'))}, " if entry.ends_another_day else ""
        label = f' <strong class="cancelled-label">{escape(gettext("odwołane"))}</strong>' if entry.cancelled else ""
        place = f'<br><span class="agenda__place">{escape(entry.place)}</span>' if entry.place else ""
        return (
            f'<li class="agenda__entry {status}" data-start="{start.isoformat()}" data-end="{end.isoformat()}">'
            f'<a href="{url}"><span class="agenda__when"><time datetime="{start.isoformat()}">{start:%H:%M}</time>'
            f'–<time datetime="{end.isoformat()}">{end_day}{end:%H:%M}</time></span> '
            f'<span class="agenda__title">{title}</span></a>{label}{place}</li>\n'
        )
    return (
        f'<li class="agenda__entry agenda__entry--{escape(entry.kind)}" data-kind="{escape(entry.kind)}" '
        f'data-date="{entry.date.isoformat()}"><a href="{url}">{escape(_period_label(entry.kind))} '
        f'<span class="agenda__title">{title}</span></a></li>\n'
    )


def _when_html(entry):
    start, end = timezone.localtime(entry.start), timezone.localtime(entry.end)
    end_day = f"{escape(date_text(end.date(), 'j E'))}, " if entry.ends_another_day else ""
    html = (
        f'<time datetime="{start.isoformat()}">{escape(date_text(start.date(), "l, j E Y"))}, {start:%H:%M}</time>'
        f'–<time datetime="{end.isoformat()}">{end_day}{end:%H:%M}</time>'
    )
    if entry.cancelled:
        html = f'<del>{html}</del> <strong class="cancelled-label">{escape(gettext("odwołane"))}</strong>'
    return mark_safe(html + "\n")  # noqa: S308 - every value escaped above


def _period_label(kind):
    return gettext("Początek konsultacji:") if kind == "start" else gettext("Koniec konsultacji:")


def entries_html(entries, which):
    """The entries' markup one after another, in the active language and time zone."""
    language, zone = get_language(), timezone.get_current_timezone_name()
    return mark_safe("".join(entry_html(entry, which, language, zone) for entry in entries))  # noqa: S308 - every value escaped above


def _day_link(date, filter_query):
    from consultation.templatetags.calendar_tags import day_query

    return escape(day_query(date, filter_query))


# A day's cell and its item in the month's list are kept per process by what they show (the
# day, its shown entries and their count, the filters, language and time zone): after a change
# of content a month writes again only the days that changed.
DAY_HTML_CACHE_SIZE = 2048


def weeks_html(month, selected_day, filter_query):
    """The rows of the month grid (inside <tbody>). Written here, not by the template: a month
    has 35 to 42 cells, and the template's tags per cell cost more than the rest of the page."""
    language, zone = get_language(), timezone.get_current_timezone_name()
    rows = []
    for week in month.weeks:
        cells = []
        for day in week:
            if not day.in_month:
                cells.append('<td class="month-grid__day is-outside"></td>')
                continue
            cells.append(
                _cell_html(
                    day.date,
                    day.is_today,
                    tuple(day.grid_entries),
                    day.entry_count,
                    bool(selected_day),
                    filter_query,
                    language,
                    zone,
                )
            )
        rows.append("<tr>\n" + "\n".join(cells) + "\n</tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 - every value escaped below


@functools.lru_cache(maxsize=DAY_HTML_CACHE_SIZE)
def _cell_html(date, is_today, shown, count, link_days, filter_query, language, zone):
    """A day's cell of the grid: its first `shown` entries of `count`; with `link_days` (a day's
    own view is open) its jump link leads to the day's view."""
    iso = date.isoformat()
    day_month = date_text(date, "j E")
    classes = "month-grid__day" + (" is-today" if is_today else "") + (" has-entries" if count else "")
    current = ' aria-current="date"' if is_today else ""
    parts = [f'<td class="{classes}"{current}>\n<div class="month-grid__date">\n']
    if count:
        href = (_day_link(date, filter_query) if link_days else "") + f"#dzien-{iso}"
        label = gettext("%(date)s, liczba terminów: %(n)s") % {"date": escape(day_month), "n": count}
        parts.append(
            f'<a class="month-grid__jump" href="{href}"><span class="visually-hidden">{label}</span>'
            f'<span aria-hidden="true">{date.day}</span></a>\n'
        )
    linked = " month-grid__number--linked" if count else ""
    parts.append(f'<span class="month-grid__number{linked}">{date.day}</span>\n')
    if is_today:
        parts.append(f'<span class="month-grid__today">{escape(gettext("dziś"))}</span>\n')
    parts.append("</div>\n")
    if count:
        entries = "".join(entry_html(entry, "grid", language, zone) for entry in shown)
        parts.append(f'<ul class="month-grid__entries">\n{entries}\n')
        more = count - len(shown)
        if more:
            label = gettext("+ %(n)s więcej") % {"n": more}
            parts.append(
                f'<li class="entry entry--more"><a href="{_day_link(date, filter_query)}#dzien-{iso}">{label}'
                f'<span class="visually-hidden">: {escape(day_month)}</span></a></li>\n'
            )
        parts.append("</ul>\n")
    parts.append("</td>")
    return "".join(parts)


def agenda_html(month, filter_query):
    """The month's days with entries (the items of <ol class="agenda">), see weeks_html."""
    language, zone = get_language(), timezone.get_current_timezone_name()
    items = [
        _agenda_day_html(
            day.date, day.is_today, tuple(day.agenda_entries), day.entry_count, filter_query, language, zone
        )
        for day in month.days_with_entries
    ]
    return mark_safe("\n".join(items))  # noqa: S308 - every value escaped below


@functools.lru_cache(maxsize=DAY_HTML_CACHE_SIZE)
def _agenda_day_html(date, is_today, shown, count, filter_query, language, zone):
    """A day of the month's list: its first `shown` entries of `count`."""
    iso = date.isoformat()
    more = ""
    if count > len(shown):
        label = gettext("Wszystkie terminy tego dnia (%(n)s)") % {"n": count}
        more = (
            f'<p class="agenda__more"><a href="{_day_link(date, filter_query)}#dzien-{iso}">{label}'
            f'<span class="visually-hidden">: {escape(date_text(date, "j E"))}</span></a></p>\n'
        )
    today = f' <span class="month-grid__today">{escape(gettext("dziś"))}</span>' if is_today else ""
    entries = "".join(entry_html(entry, "agenda", language, zone) for entry in shown)
    return (
        f'<li class="agenda__day" id="dzien-{iso}" tabindex="-1">\n'
        f'<h3 class="agenda__date"><time datetime="{iso}">{escape(date_text(date, "l, j E"))}</time>'
        f"{today}</h3>\n"
        f'<ul class="agenda__entries">{entries}</ul>\n{more}</li>'
    )


def _month_link(first, filter_query):
    from consultation.templatetags.calendar_tags import month_query

    return escape(month_query(first, filter_query))


def month_section_html(month, selected_day, filter_query, month_is_current, register_url):
    """The month section of the calendar page: navigation, the chosen day's own list (when a
    day is chosen), the grid, the month's list of days (when none is) and the consultations
    running in the month. Written here, not by a template, as its parts (see weeks_html)."""
    name = escape(date_text(month.first, "F Y"))
    parts = [
        '        <section class="calendar__month" aria-labelledby="month-heading">\n'
        '            <div class="calendar__nav">\n'
        f'                <h2 id="month-heading" class="calendar__month-name">{name}</h2>\n'
        '                <ul class="calendar__nav-links">\n'
        f'                    <li><a href="{_month_link(month.previous, filter_query)}" rel="prev">'
        f'<span aria-hidden="true">← </span>{escape(gettext("Poprzedni miesiąc"))}<span class="visually-hidden">: '
        f"{escape(date_text(month.previous, 'F Y'))}</span></a></li>\n"
        f'                    <li><a href="{_month_link(month.next, filter_query)}" rel="next">'
        f'{escape(gettext("Następny miesiąc"))}<span class="visually-hidden">: '
        f'{escape(date_text(month.next, "F Y"))}</span><span aria-hidden="true"> →</span></a></li>\n'
        "                </ul>\n"
        "            </div>\n"
        "            "
    ]
    if selected_day:
        day = month.day(selected_day)
        iso = selected_day.isoformat()
        today = f' <span class="month-grid__today">{escape(gettext("dziś"))}</span>' if day.is_today else ""
        if day.entries:
            entries = f'\n                <ul class="agenda__entries">{day.all_html()}</ul>\n                '
        else:
            entries = f'\n                <p class="empty-state">{escape(gettext("Tego dnia nie ma terminów."))}</p>\n                '
        back = gettext("Wróć do całego miesiąca: %(month)s") % {"month": name}
        parts.append(
            f'\n            <section class="calendar__day" id="dzien-{iso}" aria-labelledby="day-heading" tabindex="-1">\n'
            f'                <h2 id="day-heading"><time datetime="{iso}">{escape(date_text(selected_day, "l, j E Y"))}</time>'
            f"{today}</h2>\n"
            f"                {entries}\n"
            f'                <p><a href="{_month_link(month.first, filter_query)}">{back}</a></p>\n'
            "            </section>\n"
            "            "
        )
    caption = gettext("%(month)s: początki i końce konsultacji oraz spotkania") % {"month": name}
    heads = "".join(
        f'<th scope="col"><abbr title="{escape(date_text(day.date, "l"))}">{escape(date_text(day.date, "D"))}</abbr></th>'
        for day in month.weeks[0]
    )
    parts.append(
        '\n            <table class="month-grid">\n'
        f"                <caption>{caption}</caption>\n"
        "                <thead>\n"
        f"                    <tr>{heads}</tr>\n"
        "                </thead>\n"
        "                <tbody>\n"
        f"                    {weeks_html(month, selected_day, filter_query)}\n"
        "                </tbody>\n"
        "            </table>\n"
        "\n"
        "            "
    )
    if not selected_day:
        heading = gettext("Terminy: %(month)s") % {"month": name}
        if month.days_with_entries:
            days = f'\n                <ol class="agenda">\n                    {agenda_html(month, filter_query)}\n                </ol>\n                '
        else:
            days = f'\n                <p class="empty-state">{escape(gettext("W tym miesiącu nie ma terminów."))}</p>\n                '
        parts.append(
            '\n            <section class="calendar__agenda" aria-labelledby="agenda-heading">\n'
            f'                <h2 id="agenda-heading">{heading}</h2>\n'
            f"                {days}\n"
            "            </section>\n"
            "            "
        )
    parts.append("\n\n            ")
    if month.periods:
        heading = gettext("Konsultacje trwające w tym miesiącu (%(n)s)") % {"n": len(month.periods)}
        periods = "".join(
            f'\n                    <li class="period" data-start="{period.start.isoformat()}" '
            f'data-end="{period.end.isoformat()}"><a href="{escape(period.url)}">{escape(period.title)}</a> '
            f'<span class="period__dates"><time datetime="{period.start.isoformat()}">'
            f'{escape(date_text(period.start, "j E Y"))}</time> – <time datetime="{period.end.isoformat()}">'
            f"{escape(date_text(period.end, 'j E Y'))}</time></span></li>\n                    "
            for period in month.periods_shown
        )
        more = ""
        if month.periods_more and register_url:
            if month_is_current:
                label = gettext("Pozostałe konsultacje (%(n)s): wszystkie trwające w rejestrze") % {
                    "n": month.periods_more
                }
            else:
                label = gettext("Pozostałe konsultacje (%(n)s): rejestr za rok %(year)s") % {
                    "n": month.periods_more,
                    "year": month.first.year,
                }
            more = f'\n                <p class="period-list__more"><a href="{escape(register_url)}">{label}</a></p>\n                '
        parts.append(
            '\n            <section class="calendar__periods" aria-labelledby="periods-heading">\n'
            f'                <h2 id="periods-heading">{heading}</h2>\n'
            '                <ul class="period-list">\n'
            f"                    {periods}\n"
            "                </ul>\n"
            f"                {more}\n"
            "            </section>\n"
            "            "
        )
    parts.append("\n        </section>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above
