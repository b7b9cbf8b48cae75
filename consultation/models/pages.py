"""One consultation: its page, what it is about, how to take part, its documents."""

import datetime
from functools import cached_property

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers

from home.blocks import BodyBlock
from home.freshness import changes_at
from home.models import PortalPage, PortalSettings
from home.page_forms import PortalPageForm
from home.visibility import restricted_collections

from ..serializers import DepartmentSerializer, DistrictSerializer, TopicSerializer
from .draft_act import numbered
from .labels import Labels, read_labels
from .status import DEFAULT_REPORT_DUE_DAYS, ConsultationManager, Status, changes_on, status_of, warsaw_today

RESULTS_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]
# The dates a consultation may have: a start in these years, a length of at most two years.
EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2099, 12, 31)
MAX_DURATION_DAYS = 2 * 366


class SubjectType(models.TextChoices):
    DRAFT_RESOLUTION = "draft_resolution", _("Projekt uchwały")
    STRATEGY = "strategy", _("Strategia, program lub plan")
    BUDGET = "budget", _("Budżet")
    SPATIAL_PLAN = "spatial_plan", _("Plan zagospodarowania przestrzennego")
    OTHER = "other", _("Inne")


class Method(models.TextChoices):
    SURVEY = "survey", _("Ankieta internetowa")
    CONTACT_FORM = "contact_form", _("Formularz kontaktowy")
    MEETINGS = "meetings", _("Spotkania konsultacyjne")
    WRITTEN = "written", _("Uwagi na piśmie")
    EMAIL = "email", _("Uwagi przesłane e-mailem")
    POINT = "point", _("Punkt konsultacyjny")


class MethodsField(models.JSONField):
    """A consultation's methods: a list of Method values stored as JSON (its own class so that the
    admin's revision comparison shows their names: consultation/apps.py)."""


class ConsultationPageForm(PortalPageForm):
    """Methods are a list of choices stored as JSON; editors tick them."""

    methods = forms.MultipleChoiceField(
        label=_("Formy konsultacji"),
        choices=Method.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Zaznacz wszystkie sposoby, w jakie można zgłaszać opinie."),
    )


class ConsultationPage(PortalPage):
    """One public consultation: what is consulted, how to take part, and what came of it."""

    lead = models.TextField(
        verbose_name=_("Zajawka"),
        help_text=_("Dwa, trzy zdania: czego dotyczą konsultacje. Widać je w rejestrze i w RSS."),
    )
    easy_read_summary = models.TextField(
        blank=True,
        verbose_name=_("Tekst łatwy do czytania (ETR)"),
        help_text=_("Krótkie zdania, proste słowa, bez skrótów i terminów prawniczych."),
    )
    subject_type = models.CharField(
        max_length=30, choices=SubjectType.choices, default=SubjectType.OTHER, verbose_name=_("Przedmiot konsultacji")
    )
    legal_basis = models.TextField(
        verbose_name=_("Podstawa prawna"),
        help_text=_(
            "Zarządzenie lub uchwała, na podstawie której prowadzimy konsultacje, np. „Zarządzenie nr 512/2026 Prezydenta Miasta Będzina”."
        ),
    )
    topics = ParentalManyToManyField(
        "consultation.Topic", blank=True, related_name="consultations", verbose_name=_("Tematy")
    )
    districts = ParentalManyToManyField(
        "consultation.District",
        blank=True,
        related_name="consultations",
        verbose_name=_("Dzielnice"),
        help_text=_("Wybierz „Całe miasto”, jeśli konsultacje dotyczą wszystkich mieszkańców."),
    )
    department = models.ForeignKey(
        "consultation.Department",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
        verbose_name=_("Wydział prowadzący"),
    )
    contact_name = models.CharField(max_length=150, blank=True, verbose_name=_("Osoba do kontaktu"))
    contact_email = models.EmailField(blank=True, verbose_name=_("E-mail osoby do kontaktu"))
    contact_phone = models.CharField(max_length=50, blank=True, verbose_name=_("Telefon osoby do kontaktu"))
    participants = models.TextField(
        verbose_name=_("Kto może wziąć udział"),
        # Content, so Polish whatever language the editor's admin is in.
        default="Mieszkańcy Będzina, organizacje pozarządowe i wszystkie zainteresowane osoby.",
    )
    start_date = models.DateField(
        verbose_name=_("Data rozpoczęcia"), help_text=_("Pierwszy dzień przyjmowania opinii (czas polski).")
    )
    end_date = models.DateField(
        verbose_name=_("Data zakończenia"),
        help_text=_("Ostatni dzień przyjmowania opinii, włącznie (do 23:59 czasu polskiego)."),
    )
    methods = MethodsField(default=list, blank=True, verbose_name=_("Formy konsultacji"))
    written_address = models.TextField(
        blank=True,
        verbose_name=_("Adres do uwag na piśmie"),
        help_text=_("Dla formy „Uwagi na piśmie”, np. Urząd Miejski w Będzinie, ul. 11 Listopada 20, 42-500 Będzin."),
    )
    consultation_point = models.TextField(
        blank=True,
        verbose_name=_("Punkt konsultacyjny"),
        help_text=_("Dla formy „Punkt konsultacyjny”: miejsce i godziny dyżurów."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("Treść"))

    act_title = models.CharField(
        max_length=500,
        blank=True,
        verbose_name=_("Tytuł projektu aktu"),
        help_text=_("Np. „Projekt uchwały Rady Miejskiej Będzina w sprawie …”. Widać go nad treścią projektu."),
    )
    act_counts_public = models.BooleanField(
        default=False,
        verbose_name=_("Pokazuj liczbę uwag przy częściach projektu"),
        help_text=_(
            "W czasie konsultacji przy każdej części projektu widać, ile uwag do niej zgłoszono. "
            "Treść uwag jest publiczna dopiero w zestawieniu uwag."
        ),
    )

    results_summary = RichTextField(
        blank=True,
        features=RESULTS_FEATURES,
        verbose_name=_("Podsumowanie: co usłyszeliśmy"),
        help_text=_("Ile opinii wpłynęło i czego dotyczyły."),
    )
    results_changes = RichTextField(
        blank=True, features=RESULTS_FEATURES, verbose_name=_("Co zmieniło się dzięki konsultacjom")
    )
    report_document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Raport z konsultacji"),
    )
    results_published_on = models.DateField(
        null=True,
        blank=True,
        verbose_name=_("Data publikacji wyników"),
        help_text=_("Wyniki pokażą się mieszkańcom od tego dnia. Zostaw puste, dopóki raport nie jest gotowy."),
    )

    objects = ConsultationManager()
    base_form_class = ConsultationPageForm

    content_panels = [
        *PortalPage.content_panels,
        FieldPanel("lead"),
        FieldPanel("easy_read_summary"),
        FieldPanel("body"),
        InlinePanel("documents", heading=_("Materiały do konsultacji"), label=_("Dokument")),
    ]
    rules_panels = [
        MultiFieldPanel(
            [FieldPanel("start_date"), FieldPanel("end_date")],
            heading=_("Termin"),
        ),
        FieldPanel("subject_type"),
        FieldPanel("legal_basis"),
        FieldPanel("participants"),
        FieldPanel("methods"),
        FieldPanel("written_address"),
        FieldPanel("consultation_point"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("districts", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("department"),
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading=_("Prowadzący"),
        ),
    ]
    act_panels = [
        FieldPanel("act_title"),
        FieldPanel("act_counts_public"),
        InlinePanel(
            "act_units",
            heading=_("Części projektu"),
            label=_("Część"),
            help_text=_(
                "Rozdziały, paragrafy, ustępy i punkty w kolejności projektu. Projekt z pliku .docx "
                "zaimportujesz przyciskiem „Importuj projekt aktu (.docx)” w nagłówku strony."
            ),
        ),
    ]
    results_panels = [
        FieldPanel("results_summary"),
        FieldPanel("results_changes"),
        FieldPanel("report_document"),
        FieldPanel("results_published_on"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Treść")),
            ObjectList(rules_panels, heading=_("Zasady")),
            ObjectList(
                [InlinePanel("meetings", heading=_("Spotkania i dyżury"), label=_("Spotkanie"))],
                heading=_("Spotkania"),
            ),
            ObjectList(act_panels, heading=_("Projekt aktu")),
            ObjectList(results_panels, heading=_("Wyniki")),
            ObjectList(PortalPage.promote_panels, heading=_("Promocja")),
            ObjectList(PortalPage.settings_panels, heading=_("Ustawienia")),
        ]
    )

    search_fields = [
        *PortalPage.search_fields,
        index.SearchField("lead"),
        index.SearchField("easy_read_summary"),
        index.SearchField("body"),
        index.SearchField("results_summary"),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
        index.FilterField("results_published_on"),
    ]

    # The open data API (/api/v2/pages/?type=consultation.ConsultationPage); the page's address
    # is its meta.html_url. Described for residents on the "Otwarte dane" page.
    api_fields = [
        APIField("lead"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("status", serializer=serializers.CharField(source="status.value")),
        APIField("status_label", serializer=serializers.CharField()),
        APIField("subject_type"),
        APIField("subject_type_label", serializer=serializers.CharField(source="get_subject_type_display")),
        APIField("legal_basis"),
        APIField("topics", serializer=TopicSerializer(many=True)),
        APIField("districts", serializer=DistrictSerializer(many=True)),
        APIField("department", serializer=DepartmentSerializer()),
        APIField("methods"),
        APIField("results_published_on"),
        APIField("meetings"),
    ]

    parent_page_types = ["consultation.ConsultationIndexPage"]
    subpage_types = ["forms.SurveyPage"]

    class Meta:
        verbose_name = _("Konsultacja")
        verbose_name_plural = _("Konsultacje")
        # Status filters (status.status_condition) and the calendar compare these dates.
        indexes = [
            models.Index(fields=["end_date", "start_date"], name="consultation_period_idx"),
            models.Index(fields=["start_date"], name="consultation_start_idx"),
        ]

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and not EARLIEST_DATE <= self.start_date <= LATEST_DATE:
            errors["start_date"] = _("Sprawdź rok: konsultacje zaczynają się między %(first)s a %(last)s rokiem.") % {
                "first": EARLIEST_DATE.year,
                "last": LATEST_DATE.year,
            }
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Konsultacje nie mogą zakończyć się przed dniem rozpoczęcia.")
        elif self.start_date and self.end_date and (self.end_date - self.start_date).days > MAX_DURATION_DAYS:
            # An "open-ended" 31.12.9999 or a slip of the year would fill the register's year
            # filter with centuries and push the calendar feeds past the last date Python has.
            errors["end_date"] = _("Konsultacje trwają najwyżej dwa lata: sprawdź rok daty zakończenia.")
        if self.results_published_on:
            if self.end_date and self.results_published_on < self.end_date:
                errors["results_published_on"] = _(
                    "Wyniki można opublikować najwcześniej w dniu zakończenia konsultacji."
                )
            if not strip_tags(self.results_summary or "").strip():
                errors["results_summary"] = _("Przed publikacją wyników dodaj ich podsumowanie.")
        if errors:
            raise ValidationError(errors)

    @cached_property
    def labels(self):
        """Its department, districts and topics, read in one query (labels.read_labels; the
        register reads those of a whole page of cards at once), or as a preview's draft holds
        them in memory. Kept on this page object for its request: the page shows its department,
        districts and topics from it, one query where three were (consultation page 30 -> 24
        queries cold, with linked_pages)."""
        topics, districts = self.topics.all(), self.districts.all()
        if self.pk is None or not isinstance(topics, models.QuerySet) or not isinstance(districts, models.QuerySet):
            return Labels(list(topics), list(districts), self.department)
        return read_labels([self], with_department=True)[self.pk]

    def districts_in_order(self):
        """Its districts, the whole city first, then in Polish alphabetical order."""
        return sorted(self.labels.districts, key=lambda district: district.sort_key())

    def topics_in_order(self):
        """Its topics in Polish alphabetical order."""
        return sorted(self.labels.topics, key=lambda topic: topic.sort_key())

    def attachments(self):
        """The attached documents with their files, in their order (one query), leaving out files
        in a restricted collection (their download asks for a log-in: home/visibility.py)."""
        return self.documents.select_related("document").exclude(document__collection__in=restricted_collections())

    def meeting_list(self):
        """Its meetings in their order, for reading: each rule parsed once per rule text
        (MeetingQuerySet.with_shared_rules), or as a preview's draft holds them in memory."""
        meetings = self.meetings.all()
        return meetings.with_shared_rules() if isinstance(meetings, models.QuerySet) else meetings

    def act(self):
        """The draft act's units in order, numbered (depth, anchor, parent): one query, or
        none for a preview's units held in memory."""
        return numbered(self.act_units.all())

    @cached_property
    def report_due_days(self):
        # A page being served has it from its request (get_context); elsewhere, from its site.
        site = self.get_site()
        return DEFAULT_REPORT_DUE_DAYS if site is None else PortalSettings.for_site(site).report_due_days

    @property
    def status(self):
        """The derived Status; reuses the register's SQL annotation when the page came with one."""
        annotated = self.__dict__.get("derived_status")
        if annotated is not None:
            return Status(annotated)
        return status_of(self, report_due_days=lambda: self.report_due_days)

    @property
    def status_label(self):
        return self.status.label

    @property
    def is_open(self):
        return self.status == Status.ONGOING

    @property
    def duration_days(self):
        return (self.end_date - self.start_date).days + 1

    @property
    def days_left(self):
        """Days left including today (1 on the last day); None unless ongoing."""
        if not self.is_open:
            return None
        return (self.end_date - warsaw_today()).days + 1

    @property
    def days_to_start(self):
        if self.status != Status.PLANNED:
            return None
        return (self.start_date - warsaw_today()).days

    @property
    def report_due_on(self):
        return self.end_date + datetime.timedelta(days=self.report_due_days)

    def changes_on(self):
        """The first day on which what this page shows changes with the clock, or None."""
        return changes_on(self, report_due_days=self.report_due_days)

    @property
    def has_results(self):
        return self.status == Status.RESULTS

    @cached_property
    def linked_pages(self):
        """The live public pages this page links to, read together (one privacy check, one
        query): its survey (its only child type; a page to link to, not loaded as its own type)
        and the calendar, as {"survey": page or None, "calendar": page or None}. Kept on this page
        object for its request: the methods list, the meetings' calendar link and the remarks
        table read it; one query and one privacy check where three lookups with three checks
        were (6 queries)."""
        found = {"survey": None, "calendar": None}
        has_children = bool(self.numchild and self.path)
        is_child = Q(path__startswith=self.path, depth=self.depth + 1) if has_children else Q(pk__in=[])
        # Only what telling them apart, linking to them and their .specific read (0.5 ms less
        # than two whole page rows).
        linked_pages = (
            Page.objects.live()
            .public()
            .filter(is_child | Q(calendarpage__isnull=False))
            .order_by("path")
            .only("path", "depth", "url_path", "content_type_id")
        )
        for linked in linked_pages:
            is_survey = has_children and linked.depth == self.depth + 1 and linked.path.startswith(self.path)
            role = "survey" if is_survey else "calendar"
            if found[role] is None:
                found[role] = linked
        return found

    @property
    def survey_page(self):
        return self.linked_pages["survey"]

    @property
    def calendar_page(self):
        return self.linked_pages["calendar"]

    @cached_property
    def participation_methods(self):
        """The methods that apply, as (value, label) pairs in the order of Method."""
        return [(value, label) for value, label in Method.choices if value in self.methods]

    def uses(self, method):
        return method in self.methods

    def get_context(self, request, *args, **kwargs):
        self.report_due_days = PortalSettings.for_request(request).report_due_days
        changes_at(request, self.changes_on())
        return super().get_context(request, *args, **kwargs)


class ConsultationDocument(Orderable):
    """A file attached to a consultation: the draft act, maps, the justification."""

    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("Dokument")
    )
    title = models.CharField(
        max_length=255,
        blank=True,
        verbose_name=_("Nazwa na stronie"),
        help_text=_("Zostaw puste, by użyć tytułu dokumentu."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("dokument konsultacji")
        verbose_name_plural = _("dokumenty konsultacji")

    @property
    def display_title(self):
        return self.title or self.document.title
