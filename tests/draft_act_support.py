"""Builders for the draft act tests: a consultation with its act's units."""

from consultation.models import ActUnit

# A small act in chapters, paragraphs, sections and points: (label, text).
SMALL_ACT = [
    ("Rozdział 1", "Postanowienia ogólne"),
    ("§ 1", "Program określa zasady współpracy."),
    ("§ 2", ""),
    ("§ 2 ust. 1", "Celem głównym jest partnerstwo."),
    ("§ 2 ust. 2", "Cele szczegółowe to:"),
    ("§ 2 ust. 2 pkt 1", "wsparcie seniorów;"),
    ("Rozdział 2", "Środki"),
    ("§ 3", ""),
    ("§ 3 ust. 1", "Na Program przeznacza się 1 900 000 zł."),
    ("§ 3 ust. 2", "Co najmniej 40% kwoty przeznacza się na pomoc seniorom."),
]


def add_act(page, units=SMALL_ACT):
    """The units, stored in order; returns them by label."""
    created = ActUnit.objects.bulk_create(
        ActUnit(page=page, sort_order=order, label=label, text=text) for order, (label, text) in enumerate(units)
    )
    return {unit.label: unit for unit in ActUnit.objects.filter(page=page)} if created else {}
