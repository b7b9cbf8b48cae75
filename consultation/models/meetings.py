"""Meetings of a consultation: one-off or recurring (django-recurrence), shown on the calendar."""

import functools

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.models import Orderable

from modelcluster.fields import ParentalKey
from recurrence.fields import RecurrenceField

from consultation.occurrences import count_occurrences, series_end, to_local
from consultation.serializers import RecurrenceRuleField

# A weekly duty hour for almost eight years; anything longer is a mistake in the rule.
MAX_OCCURRENCES = 400


class MeetingKind(models.TextChoices):
    OPEN = "open", _("Spotkanie otwarte")
    DUTY = "duty", _("Punkt konsultacyjny (dyżur)")
    WORKSHOP = "workshop", _("Warsztaty")
    ONLINE = "online", _("Spotkanie online")


# What the calendar, the upcoming lists and the feeds read of a meeting (the rule comes as text,
# see MeetingQuerySet.listed).
LISTED_FIELDS = (
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
    "last_end",
)


# Measured 2026-12-06: parsing a weekly rule with an EXDATE and an RDATE takes ~20 µs, a kept one
# ~0.1 µs; a feed of 500 recurring meetings saves ~10 ms a request. The key is the rule's text.
@functools.lru_cache(maxsize=4096)
def parse_recurrence(text):
    """The Recurrence stored as `text` (a pure function of the text, so it may be kept): shared
    by every meeting with this rule, never change it in place."""
    return Meeting._meta.get_field("recurrence").to_python(text)


def _rule_text():
    return models.ExpressionWrapper(models.F("recurrence"), output_field=models.TextField())


class MeetingQuerySet(models.QuerySet):
    def with_shared_rules(self):
        """Meetings whose rule is read as text and parsed by parse_recurrence (see
        Meeting.recurrence_text): for reading only, never change their rule in place."""
        return self.defer("recurrence").annotate(recurrence_text=_rule_text())

    def listed(self, *also):
        """What the calendar, the upcoming lists and the feeds show of meetings (and the fields
        `also`), with shared rules."""
        return self.only(*LISTED_FIELDS, *also).annotate(recurrence_text=_rule_text())

    def overlapping(self, start=None, end=None):
        """Meetings that can have a date in [start, end) (aware; either may be None for open)."""
        found = self
        if end is not None:
            found = found.filter(start__lt=end)
        if start is not None:
            found = found.filter(models.Q(last_end__isnull=True) | models.Q(last_end__gt=start))
        return found


class Meeting(Orderable):
    """A meeting, workshop or duty hour of a consultation, possibly repeating."""

    page = ParentalKey("consultation.ConsultationPage", on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200, verbose_name=_("Tytuł"))
    kind = models.CharField(
        max_length=20, choices=MeetingKind.choices, default=MeetingKind.OPEN, verbose_name=_("Rodzaj")
    )
    start = models.DateTimeField(
        verbose_name=_("Początek"), help_text=_("Data i godzina pierwszego spotkania (czas polski).")
    )
    end = models.DateTimeField(
        verbose_name=_("Koniec"),
        help_text=_("Data i godzina zakończenia pierwszego spotkania. Kolejne terminy trwają tyle samo."),
    )
    recurrence = RecurrenceField(
        blank=True,
        null=True,
        verbose_name=_("Powtarzanie"),
        help_text=_(
            "Tylko dla spotkań cyklicznych, np. dyżuru w każdy wtorek. Reguła musi się kończyć "
            "(„do dnia” albo „liczba powtórzeń”). Odwołane terminy dodaj jako wyjątki (daty wykluczone)."
        ),
    )
    place_name = models.CharField(
        max_length=200, blank=True, verbose_name=_("Miejsce"), help_text=_("Np. Sala Sesyjna Urzędu Miejskiego.")
    )
    address = models.CharField(max_length=255, blank=True, verbose_name=_("Adres"))
    online_url = models.URLField(
        blank=True,
        verbose_name=_("Link do spotkania online"),
        help_text=_("Adres transmisji lub pokoju spotkania, jeśli można dołączyć przez internet."),
    )
    accessibility_note = models.TextField(
        blank=True,
        verbose_name=_("Dostępność"),
        help_text=_("Np. wejście bez schodów, pętla indukcyjna, tłumacz PJM na życzenie."),
    )
    registration_note = models.TextField(
        blank=True,
        verbose_name=_("Zapisy"),
        help_text=_("Czy trzeba się zapisać, do kiedy i jak. Zostaw puste, jeśli zapisy nie są potrzebne."),
    )
    # When the last occurrence ends (empty for a rule without an end), kept on save so the
    # calendar loads only the meetings that can fall in the month it shows.
    last_end = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)

    objects = MeetingQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading=_("Termin")),
        # The admin edits the rule with consultation.recurrence_editor (see ConsultationConfig.ready).
        FieldPanel("recurrence"),
        MultiFieldPanel(
            [FieldPanel("place_name"), FieldPanel("address"), FieldPanel("online_url")], heading=_("Miejsce")
        ),
        FieldPanel("accessibility_note"),
        FieldPanel("registration_note"),
    ]

    # In the open data API, under each consultation's "meetings".
    api_fields = [
        APIField("title"),
        APIField("kind"),
        APIField("start"),
        APIField("end"),
        APIField("recurrence", serializer=RecurrenceRuleField()),
        APIField("last_end"),
        APIField("place_name"),
        APIField("address"),
        APIField("online_url"),
        APIField("accessibility_note"),
        APIField("registration_note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("spotkanie")
        verbose_name_plural = _("spotkania")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.last_end = series_end(self) if self.start and self.end else None
        super().save(*args, **kwargs)

    @property
    def recurrence_text(self):
        """The rule as stored, when the meeting was loaded with `with_shared_rules`, else None."""
        stored = self.__dict__.get("_recurrence_text")
        return stored[0] if stored else None

    @recurrence_text.setter
    def recurrence_text(self, text):
        # Set by the query of MeetingQuerySet.with_shared_rules and listed (the rule field itself
        # is not loaded): the rule parsed for this text, shared by every meeting with the same
        # rule. Assigning another Recurrence to `recurrence` leaves the shared one alone.
        parsed = parse_recurrence(text)
        self.__dict__["recurrence"] = parsed
        self.__dict__["_recurrence_text"] = (text, parsed)

    @property
    def is_recurring(self):
        recurrence = self.recurrence
        return bool(recurrence and (recurrence.rrules or recurrence.rdates))

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("Spotkanie musi kończyć się później, niż się zaczyna.")})
        if self.start and self.recurrence:
            self._clean_recurrence()

    def _clean_recurrence(self):
        if self.recurrence.exrules:
            raise ValidationError(
                {
                    "recurrence": _(
                        "Reguły wykluczające nie są obsługiwane. Odwołane terminy dodaj jako daty wykluczone."
                    )
                }
            )
        if any(rule.count is None and rule.until is None for rule in self.recurrence.rrules):
            raise ValidationError(
                {"recurrence": _("Spotkania cykliczne muszą się kończyć: ustaw „do dnia” albo liczbę powtórzeń.")}
            )
        first_day = to_local(self.start).date()
        if any(rule.until is not None and to_local(rule.until).date() < first_day for rule in self.recurrence.rrules):
            raise ValidationError(
                {"recurrence": _("Ostatni dzień powtarzania jest wcześniej niż pierwsze spotkanie.")}
            )
        total = count_occurrences(self, limit=MAX_OCCURRENCES + 1)
        if total > MAX_OCCURRENCES:
            raise ValidationError(
                {
                    "recurrence": ngettext(
                        "Reguła daje ponad %(max)d termin. Skróć okres lub zmniejsz częstotliwość.",
                        "Reguła daje ponad %(max)d terminów. Skróć okres lub zmniejsz częstotliwość.",
                        MAX_OCCURRENCES,
                    )
                    % {"max": MAX_OCCURRENCES}
                }
            )
