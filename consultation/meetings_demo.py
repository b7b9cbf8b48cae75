"""Demo meetings and the calendar page, run by load_demo_data after consultation.demo.

Dates are relative to today, like the consultations: a weekly consultation point runs across
the nearest change of summer time (with one cancelled date and one extra Saturday) and ends with
its consultation, whose period is stretched to hold it (see duty_period); one-off
meetings fall in the past, the current and the next month. Meetings are found by title on
their consultation (looked up by slug) and updated in place, so running it again changes nothing.
"""

import datetime

import recurrence

from home.demo import home_page, save_page

from .models import CalendarPage, ConsultationIndexPage, ConsultationPage, Meeting, MeetingKind
from .occurrences import WARSAW

CITY_HALL = "Urząd Miejski w Będzinie, ul. 11 Listopada 20, 42-500 Będzin"
STEP_FREE = "Wejście bez schodów od ul. 11 Listopada, winda, toaleta dostępna. Pętla indukcyjna w Sali Sesyjnej."


def last_sunday(year, month):
    day = datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
    return day - datetime.timedelta(days=(day.weekday() + 1) % 7)


def nearest_dst_change(today):
    """The change of summer time (last Sunday of March or October) closest to today."""
    changes = [last_sunday(year, month) for year in (today.year - 1, today.year, today.year + 1) for month in (3, 10)]
    return min(changes, key=lambda change: abs((change - today).days))


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=WARSAW)


# The weekly point's consultation, whose display period holds the whole series.
DUTY_CONSULTATION = "plan-miejscowy-ksawera-kosciuszki"


def duty_period(today, start_date, end_date):
    """The consultation's period stretched (if need be) from three weeks before the nearest change
    of summer time to four weeks after it, so its weekly point crosses the change and still ends
    with its consultation (the editor warns about dates outside the period)."""
    change = nearest_dst_change(today)
    return min(start_date, change - datetime.timedelta(days=21)), max(end_date, change + datetime.timedelta(days=28))


def weekly_point(today, first_day, last_day):
    """Tuesdays 16:00–18:00 from the consultation's first day to its last (see duty_period)."""
    change = nearest_dst_change(today)
    first = first_day + datetime.timedelta(days=(1 - first_day.weekday()) % 7)  # the first Tuesday
    cancelled = change + datetime.timedelta(days=(1 - change.weekday()) % 7)  # the Tuesday after the change
    extra = last_day - datetime.timedelta(days=(last_day.weekday() - 5) % 7)  # a Saturday near the end
    # Stored as the admin's recurrence editor stores them: dates at Warsaw midnight.
    rule = recurrence.Rule(recurrence.WEEKLY, byday=[recurrence.TU], until=at(last_day, 0))
    return {
        "title": "Punkt konsultacyjny – dyżur urbanisty",
        "kind": MeetingKind.DUTY,
        "start": at(first, 16),
        "end": at(first, 18),
        "recurrence": recurrence.Recurrence(rrules=[rule], exdates=[at(cancelled, 0)], rdates=[at(extra, 0)]),
        "place_name": "Urząd Miejski, pokój 12 (parter)",
        "address": CITY_HALL,
        "accessibility_note": STEP_FREE,
        "registration_note": (
            f"Bez zapisów. Dyżur {cancelled:%d.%m.%Y} jest odwołany; dodatkowy dyżur w sobotę {extra:%d.%m.%Y}."
        ),
    }


def meeting_specs(today, duty_days=None):
    """Meetings by consultation slug; duty_days is the weekly point's consultation period."""

    def day(offset):
        return today + datetime.timedelta(days=offset)

    duty_days = duty_days or duty_period(today, day(-10), day(11))
    return {
        DUTY_CONSULTATION: [
            weekly_point(today, *duty_days),
            {
                "title": "Dyskusja publiczna nad projektem planu Ksawera",
                "kind": MeetingKind.OPEN,
                "start": at(day(4), 17),
                "end": at(day(4), 19, 30),
                "place_name": "Sala Sesyjna Urzędu Miejskiego",
                "address": CITY_HALL,
                "accessibility_note": STEP_FREE,
            },
        ],
        "budzet-miasta-2027": [
            {
                "title": "Budżet 2027 – spotkanie online ze Skarbnikiem Miasta",
                "kind": MeetingKind.ONLINE,
                "start": at(day(6), 18),
                "end": at(day(6), 19, 30),
                "online_url": "https://spotkania.bedzin.pl/budzet-2027",
                "accessibility_note": "Napisy na żywo. Pytania można zadawać na czacie lub przez telefon.",
                "registration_note": "Bez zapisów. Link działa 15 minut przed spotkaniem.",
            },
            {
                "title": "Budżet 2027 – spotkanie w Grodźcu",
                "kind": MeetingKind.OPEN,
                "start": at(day(9), 17),
                "end": at(day(9), 19),
                "place_name": "Miejski Dom Kultury – filia Grodziec",
                "address": "ul. Barlickiego 6, 42-500 Będzin",
            },
        ],
        "program-wspolpracy-ngo-2027": [
            {
                "title": "Warsztaty dla organizacji pozarządowych",
                "kind": MeetingKind.WORKSHOP,
                "start": at(day(-12), 16),
                "end": at(day(-12), 19),
                "place_name": "Centrum Organizacji Pozarządowych",
                "address": "ul. Małachowskiego 24, 42-500 Będzin",
                "registration_note": "Zapisy do dnia poprzedzającego warsztaty: ngo@bedzin.pl.",
            },
        ],
        "bezpieczne-przejscia-gzichow-lagisza": [
            {
                "title": "Spacer badawczy po przejściach dla pieszych w Gzichowie",
                "kind": MeetingKind.OPEN,
                "start": at(day(12), 15),
                "end": at(day(12), 17),
                "place_name": "Zbiórka przy Szkole Podstawowej nr 3",
                "address": "ul. Kościuszki 41, 42-500 Będzin",
                "accessibility_note": "Trasa ok. 2 km po chodnikach, bez schodów. Dla chętnych przejazd busem.",
            },
        ],
        "nasadzenia-drzew-syberka-srodmiescie": [
            {
                "title": "Gdzie posadzić drzewa? Spotkanie otwarte",
                "kind": MeetingKind.OPEN,
                "start": at(day(14), 17, 30),
                "end": at(day(14), 19),
                "place_name": "Biblioteka Miejska – Śródmieście",
                "address": "ul. Piłsudskiego 7, 42-500 Będzin",
            },
            {
                "title": "Warsztaty z mapą nasadzeń",
                "kind": MeetingKind.WORKSHOP,
                "start": at(day(30), 10),
                "end": at(day(30), 13),
                "place_name": "Szkoła Podstawowa nr 1",
                "address": "ul. Sielecka 1, 42-500 Będzin",
                "registration_note": "Zapisy: srodowisko@bedzin.pl lub tel. 32 267 75 64.",
            },
        ],
        "strefa-platnego-parkowania-centrum": [
            {
                "title": "Strefa parkowania – spotkanie online",
                "kind": MeetingKind.ONLINE,
                "start": at(day(35), 18),
                "end": at(day(35), 19, 30),
                "online_url": "https://spotkania.bedzin.pl/strefa-parkowania",
            },
        ],
        "program-rewitalizacji-2027-2033": [
            {
                "title": "Rewitalizacja – spotkanie podsumowujące",
                "kind": MeetingKind.OPEN,
                "start": at(day(-40), 17),
                "end": at(day(-40), 19),
                "place_name": "Sala Sesyjna Urzędu Miejskiego",
                "address": CITY_HALL,
                "accessibility_note": STEP_FREE,
            },
        ],
    }


MEETING_FIELDS = ("kind", "start", "end")
OPTIONAL_TEXT = ("online_url", "accessibility_note", "registration_note", "place_name", "address")


def attach_meetings(page, specs):
    existing = {meeting.title: meeting for meeting in page.meetings.all()}
    meetings = []
    for spec in specs:
        meeting = existing.get(spec["title"]) or Meeting(title=spec["title"])
        for name in OPTIONAL_TEXT:
            setattr(meeting, name, spec.get(name, ""))
        for name in MEETING_FIELDS:
            setattr(meeting, name, spec[name])
        meeting.recurrence = spec.get("recurrence")
        meetings.append(meeting)
    page.meetings = meetings
    # Through a revision, so the editor shows the same meetings as the site.
    page.save_revision().publish()


def load(stdout):
    today = datetime.datetime.now(WARSAW).date()
    register = ConsultationIndexPage.objects.first()
    count = 0
    duty_page = ConsultationPage.objects.filter(slug=DUTY_CONSULTATION).first() if register else None
    duty_days = None
    if duty_page is not None:
        duty_page.start_date, duty_page.end_date = duty_period(today, duty_page.start_date, duty_page.end_date)
        duty_days = (duty_page.start_date, duty_page.end_date)
    for slug, specs in meeting_specs(today, duty_days).items():
        page = duty_page if slug == DUTY_CONSULTATION else None
        if page is None:
            page = ConsultationPage.objects.filter(slug=slug).first() if register else None
        if page is None:
            continue
        attach_meetings(page, specs)
        count += len(specs)
    calendar_page = save_page(
        home_page(),
        CalendarPage,
        "kalendarz",
        title="Kalendarz",
        show_in_menus=True,
        seo_title="Kalendarz konsultacji i spotkań – Będzin",
        search_description="Terminy konsultacji społecznych w Będzinie, spotkania, warsztaty i dyżury punktów konsultacyjnych.",
        intro=(
            "Wszystkie terminy konsultacji w jednym miejscu: kiedy konsultacje się zaczynają i kończą, "
            "spotkania otwarte, warsztaty i dyżury punktu konsultacyjnego. Kalendarz możesz też dodać do swojego telefonu."
        ),
    )
    stdout.write(f"Meetings: {count}; calendar at {calendar_page.url}")
