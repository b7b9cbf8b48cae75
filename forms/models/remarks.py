"""The statutory remark ("uwaga"): one dataset for every channel a resident used."""

from collections import Counter

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Case, Count, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from forms.limits import MAX_TEXT_LENGTH


class Channel(models.TextChoices):
    ONLINE_FORM = "online_form", _("Formularz internetowy")
    SURVEY = "survey", _("Ankieta")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Pismo")
    IN_PERSON = "in_person", _("Osobiście w urzędzie")
    MEETING = "meeting", _("Spotkanie konsultacyjne")


class TriageStatus(models.TextChoices):
    NEW = "new", _("Nowa")
    IN_PROGRESS = "in_progress", _("W opracowaniu")
    ANSWERED = "answered", _("Udzielono odpowiedzi")
    CLOSED = "closed", _("Zamknięta")


class Position(models.TextChoices):
    ACCEPTED = "accepted", _("Uwzględniona")
    PARTLY_ACCEPTED = "partly_accepted", _("Uwzględniona częściowo")
    NOT_ACCEPTED = "not_accepted", _("Nieuwzględniona")
    NOT_APPLICABLE = "not_applicable", _("Nie dotyczy przedmiotu konsultacji")


class RemarkQuerySet(models.QuerySet):
    def with_position(self):
        return self.exclude(position="")

    def published_for(self, consultation):
        """The rows of a consultation's public "zestawienie uwag", in the act's order."""
        return self.filter(consultation=consultation).with_position().in_act_order()

    def in_act_order(self):
        """General remarks first, then by unit in the act's order, then remarks on units since
        removed from the draft (by the label they had); oldest first within each."""
        place = Case(
            When(unit__isnull=False, then=Value(1)),
            When(section="", then=Value(0)),
            default=Value(2),
        )
        return (
            self.select_related("unit")
            .annotate(act_place=place)
            .order_by("act_place", "unit__sort_order", "section", "received_at", "pk")
        )

    def counts_by_unit(self):
        """{unit id: number of remarks} (one query)."""
        return dict(
            self.exclude(unit=None).order_by().values_list("unit").annotate(n=Count("pk")).values_list("unit", "n")
        )

    def counts_by(self, field, choices):
        """(value, label, count) for every choice, in the choices' order, zeros included."""
        counts = dict(self.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n"))
        return [(value, label, counts.get(value, 0)) for value, label in choices]

    def position_counts(self):
        return self.counts_by("position", Position.choices)

    def channel_counts(self):
        return self.counts_by("channel", Channel.choices)


def tally(remarks, field, choices):
    """(value, label, count) for every choice, as RemarkQuerySet.counts_by gives them, counted in
    remarks already loaded (no query)."""
    counts = Counter(getattr(remark, field) for remark in remarks)
    return [(value, label, counts[value]) for value, label in choices]


class Remark(models.Model):
    """A remark on a consultation, from the contact form or typed in by staff from paper, e-mail or a meeting."""

    consultation = models.ForeignKey(
        "consultation.ConsultationPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="remarks",
        verbose_name=pgettext_lazy("the consultation a remark is about", "Konsultacje"),
        help_text=_("Zostaw puste dla wiadomości, które nie dotyczą konkretnych konsultacji."),
    )
    channel = models.CharField(
        max_length=20, choices=Channel.choices, default=Channel.ONLINE_FORM, verbose_name=_("Forma zgłoszenia")
    )
    received_at = models.DateTimeField(default=timezone.now, verbose_name=_("Data wpływu"))
    author_name = models.CharField(max_length=200, blank=True, verbose_name=_("Imię i nazwisko"))
    author_email = models.EmailField(blank=True, verbose_name=_("E-mail"))
    author_organisation = models.CharField(max_length=200, blank=True, verbose_name=_("Organizacja"))
    subject = models.CharField(max_length=200, blank=True, verbose_name=pgettext_lazy("a message's subject", "Temat"))
    unit = models.ForeignKey(
        "consultation.ActUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="remarks",
        verbose_name=_("Część projektu"),
        help_text=_("Której części projektu aktu dotyczy uwaga. Puste: uwaga ogólna."),
    )
    # The unit as the resident saw it, copied when the unit is set: a later revision of the
    # draft (or the unit's removal) does not change what the remark referred to.
    section = models.CharField(max_length=100, blank=True, editable=False, verbose_name=_("Część dokumentu"))
    section_text = models.TextField(blank=True, editable=False, verbose_name=_("Treść części w chwili zgłoszenia"))
    text = models.TextField(
        validators=[MaxLengthValidator(MAX_TEXT_LENGTH)],
        verbose_name=_("Treść uwagi"),
    )
    proposed_wording = models.TextField(
        blank=True, validators=[MaxLengthValidator(MAX_TEXT_LENGTH)], verbose_name=_("Proponowane brzmienie")
    )
    justification = models.TextField(
        blank=True, validators=[MaxLengthValidator(MAX_TEXT_LENGTH)], verbose_name=_("Uzasadnienie uwagi")
    )
    status = models.CharField(
        max_length=20, choices=TriageStatus.choices, default=TriageStatus.NEW, verbose_name=_("Status")
    )
    position = models.CharField(
        max_length=20,
        choices=Position.choices,
        blank=True,
        verbose_name=_("Stanowisko miasta"),
        help_text=_("Uwagi ze stanowiskiem trafią do publicznego zestawienia po opublikowaniu wyników."),
    )
    reasoning = models.TextField(
        blank=True,
        validators=[MaxLengthValidator(MAX_TEXT_LENGTH)],
        verbose_name=_("Uzasadnienie stanowiska"),
        help_text=_("Publiczne: widać je w zestawieniu uwag."),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("Utworzono"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("Zmieniono"))
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False, verbose_name=_("Zanonimizowano"))
    # The survey answer a remark came from (forms/survey_remarks.py); kept when either is deleted.
    survey_submission = models.ForeignKey(
        "forms.SurveySubmission",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="remarks",
        verbose_name=_("Odpowiedź na ankietę"),
    )
    survey_field = models.ForeignKey(
        "forms.SurveyField",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Pytanie ankiety"),
    )

    objects = RemarkQuerySet.as_manager()

    # Wagtail's reference index would record every remark as a "usage" of its consultation: four
    # queries per submission for a list no editor reads (the inbox filters by consultation).
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("uwaga")
        verbose_name_plural = _("uwagi")
        indexes = [models.Index(fields=["consultation", "position"])]
        constraints = [
            # One remark per answer: importing a submission again never duplicates it.
            models.UniqueConstraint(fields=["survey_submission", "survey_field"], name="forms_remark_once_per_answer")
        ]

    def __str__(self):
        summary = self.subject or self.text
        return summary[:80]

    def save(self, *args, **kwargs):
        if self.unit_id != self._loaded_unit_id or (self.unit_id and not self.section):
            self.copy_unit()
        super().save(*args, **kwargs)
        self._loaded_position = self.position
        self._loaded_unit_id = self.unit_id

    def copy_unit(self):
        """Record the unit's label and text as they are now (none for a general remark)."""
        unit = self.unit
        self.section = unit.label if unit is not None else ""
        self.section_text = unit.text if unit is not None else ""

    @property
    def section_display(self):
        return self.section or _("Uwaga ogólna")

    @property
    def affects_public_pages(self):
        """Only remarks with the city's position are public (portal/page_cache.py reads this).

        A resident's new remark has none, so a rush of submissions never empties the page cache;
        staff setting or changing a position does.
        """
        return bool(self.position) or self.position != self._loaded_position

    @classmethod
    def from_db(cls, db, field_names, values):
        remark = super().from_db(db, field_names, values)
        remark._loaded_position = remark.__dict__.get("position", "")
        remark._loaded_unit_id = remark.__dict__.get("unit_id")
        return remark

    # The position as last loaded or saved, to see when a public row changes.
    _loaded_position = ""
    # The unit as last loaded or saved, to copy its text when staff set another.
    _loaded_unit_id = None
