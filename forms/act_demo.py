"""Demo remarks on the draft acts (consultation/act_demo.py): on several parts, from several
channels; those on the closed consultation with the city's position, for its published report.

Idempotent: a remark is found by its consultation and text.
"""

import datetime

from django.utils import timezone

from consultation.models import ActUnit, ConsultationPage

from .models import Channel, Position, Remark, TriageStatus

# (label or None for a general remark, channel, author, organisation, text, proposed wording, justification)
NGO_REMARKS = [
    (
        "§ 2 ust. 2 pkt 1",
        Channel.ONLINE_FORM,
        "Teresa Wójcik",
        "Klub Seniora „Jesień”",
        "Cel dotyczący seniorów pomija opiekunów osób zależnych.",
        "poprawa jakości życia seniorów i ich opiekunów przez rozwój usług opiekuńczych, wytchnieniowych i aktywizujących;",
        "Opiekunowie rodzinni potrzebują wsparcia, aby seniorzy mogli zostać w domu.",
    ),
    (
        "§ 5 ust. 1",
        Channel.EMAIL,
        "Marek Lis",
        "Fundacja Zagłębie Razem",
        "Kwota 1,9 mln zł jest niższa niż w 2026 roku, mimo wzrostu kosztów.",
        "Na realizację Programu przeznacza się w 2027 roku kwotę 2 200 000 zł.",
        "Inflacja i wzrost płacy minimalnej.",
    ),
    (
        "§ 4 ust. 2 pkt 2",
        Channel.MEETING,
        "",
        "",
        "Lokale miejskie powinny być dostępne także wieczorami i w weekendy.",
        "",
        "",
    ),
    (
        None,
        Channel.LETTER,
        "Jan Kowalski",
        "Stowarzyszenie Sportowe Czarni Będzin",
        "Program nie przewiduje konkursów wieloletnich.",
        "",
        "Kluby nie mogą planować sezonu na podstawie rocznych dotacji.",
    ),
    (
        "§ 5 ust. 1",
        Channel.ONLINE_FORM,
        "Agnieszka Nowak",
        "",
        "Popieram zwiększenie kwoty na konkursy.",
        "",
        "",
    ),
]

# (label or None, channel, text, proposed wording, position, reasoning)
PARTICIPATORY_REMARKS = [
    (
        None,
        Channel.MEETING,
        "Regulamin powinien przewidywać spotkania informacyjne w każdej dzielnicy.",
        "",
        Position.ACCEPTED,
        "Spotkania dodamy do harmonogramu budżetu obywatelskiego.",
    ),
    (
        "§ 2 ust. 2",
        Channel.ONLINE_FORM,
        "Pula ogólnomiejska jest za duża; duże projekty zabierają środki dzielnicom.",
        "Pula ogólnomiejska wynosi 30% kwoty budżetu obywatelskiego.",
        Position.PARTLY_ACCEPTED,
        "Obniżamy pulę ogólnomiejską do 35%.",
    ),
    (
        "§ 3 ust. 1",
        Channel.EMAIL,
        "Proszę obniżyć wiek głosujących.",
        "Głosować może każdy mieszkaniec Będzina, który ukończył 13 lat.",
        Position.ACCEPTED,
        "Młodzież szkolna głosowała chętnie w innych miastach.",
    ),
    (
        "§ 3 ust. 2 pkt 2",
        Channel.LETTER,
        "Punkty do głosowania powinny być też w bibliotekach.",
        "w punktach do głosowania w Urzędzie Miejskim i w filiach Miejskiej Biblioteki Publicznej.",
        Position.ACCEPTED,
        "Dodajemy punkty w bibliotekach.",
    ),
    (
        "§ 3 ust. 2 pkt 1",
        Channel.IN_PERSON,
        "Głosowanie internetowe wyklucza osoby starsze.",
        "",
        Position.NOT_ACCEPTED,
        "Głosowanie papierowe pozostaje (pkt 2); internet jest jedną z dwóch form.",
    ),
]


def _units(consultation):
    return {unit.label: unit for unit in ActUnit.objects.filter(page=consultation)}


def _received(consultation, index):
    start = datetime.datetime.combine(consultation.start_date, datetime.time(9, 30))
    return timezone.make_aware(start + datetime.timedelta(days=index * 2, hours=index))


def load(stdout):
    made = 0
    ngo = ConsultationPage.objects.filter(slug="program-wspolpracy-ngo-2027").first()
    if ngo is not None and (units := _units(ngo)):
        for index, (label, channel, name, organisation, text, wording, justification) in enumerate(NGO_REMARKS):
            made += Remark.objects.get_or_create(
                consultation=ngo,
                text=text,
                defaults={
                    "unit": units.get(label),
                    "channel": channel,
                    "received_at": _received(ngo, index),
                    "author_name": name,
                    "author_organisation": organisation,
                    "author_email": f"uwagi{index}@example.com"
                    if channel in (Channel.ONLINE_FORM, Channel.EMAIL)
                    else "",
                    "proposed_wording": wording,
                    "justification": justification,
                    "status": TriageStatus.NEW if index % 2 else TriageStatus.IN_PROGRESS,
                },
            )[1]
    closed = ConsultationPage.objects.filter(slug="regulamin-budzetu-obywatelskiego").first()
    if closed is not None and (units := _units(closed)):
        for index, (label, channel, text, wording, position, reasoning) in enumerate(PARTICIPATORY_REMARKS):
            made += Remark.objects.get_or_create(
                consultation=closed,
                text=text,
                defaults={
                    "unit": units.get(label),
                    "channel": channel,
                    "received_at": _received(closed, index),
                    "author_name": "Mieszkaniec Będzina",
                    "proposed_wording": wording,
                    "status": TriageStatus.ANSWERED,
                    "position": position,
                    "reasoning": reasoning,
                },
            )[1]
    stdout.write(f"Remarks on draft acts: +{made}")
