"""A consultation's survey, built by editors from form fields, and its submissions."""

import datetime
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm
from wagtail.contrib.forms.models import (
    FORM_FIELD_CHOICES,
    AbstractFormField,
    AbstractFormSubmission,
    EmailFormMixin,
    FormMixin,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.forms.utils import get_field_clean_name
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from modelcluster.fields import ParentalKey

from consultation.models import ConsultationPage, Status, status_of
from consultation.models.status import DEFAULT_REPORT_DUE_DAYS
from home.freshness import changes_at
from home.models import PortalPage, PortalSettings
from home.page_forms import PortalPageForm

from .. import mail, opt_in
from ..embedding import error_summary_id, remember_invalid_post
from ..limits import MAX_TEXT_LENGTH, page_id
from ..public_forms import RATING_VALUES, SurveyFormBuilder
from ..results import survey_results
from ..submissions import accept
from ..survey_remarks import import_survey_remarks

SURVEY_FIELD_CHOICES = (
    *FORM_FIELD_CHOICES,
    ("rating", _("Skala ocen 1–5")),
    (opt_in.FIELD_TYPE, _("Zapis na powiadomienia o konsultacjach (pole wyboru)")),
)
RESULTS_SLUG = "wyniki"
# The thank-you view a valid post redirects to (post/redirect/get), on every form page.
THANKS_SLUG = "dziekujemy"
INTRO_FEATURES = ["bold", "italic", "ol", "ul", "link"]
# Questions whose answers are a resident's own words, so can be a remark.
FREE_TEXT_TYPES = ("multiline", "singleline")
# The question types a resident answers by picking from the question's choices.
CHOICE_TYPES = ("radio", "dropdown", "checkboxes", "multiselect")


class Window(models.TextChoices):
    BEFORE = "before", _("Jeszcze nie przyjmuje odpowiedzi")
    OPEN = "open", _("Przyjmuje odpowiedzi")
    CLOSED = "closed", _("Zamknięta")


def answer_text(value):
    """An answer as the staff mail writes it: "Tak"/"Nie" for a checkbox, a date (and Warsaw
    time) as the confirmations write them, a list of choices separated by commas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("Tak") if value else _("Nie"))
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j E Y, H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j E Y")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


class SurveyField(AbstractFormField):
    """One question of a survey."""

    page = ParentalKey("forms.SurveyPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(verbose_name=_("Rodzaj pola"), max_length=16, choices=SURVEY_FIELD_CHOICES)
    field_type.required_on_save = True
    rating_low_label = models.CharField(
        max_length=60,
        blank=True,
        # Content, so Polish whatever language the editor's admin is in.
        default="zdecydowanie źle",
        verbose_name=_("Opis oceny 1"),
        help_text=_("Tylko dla skali ocen, np. „zdecydowanie źle”."),
    )
    rating_high_label = models.CharField(
        max_length=60,
        blank=True,
        # Content, so Polish whatever language the editor's admin is in.
        default="zdecydowanie dobrze",
        verbose_name=_("Opis oceny 5"),
        help_text=_("Tylko dla skali ocen, np. „zdecydowanie dobrze”."),
    )
    personal_data = models.BooleanField(
        default=False,
        verbose_name=_("Dane osobowe"),
        help_text=_("Zaznacz dla imienia, telefonu, adresu itp. Usuniemy je przy anonimizacji (pola e-mail zawsze)."),
    )

    collects_remarks = models.BooleanField(
        default=False,
        verbose_name=_("Odpowiedzi trafiają do uwag"),
        help_text=_(
            "Tylko dla pól tekstowych. Każda odpowiedź na to pytanie pojawi się w skrzynce uwag "
            "(forma zgłoszenia: ankieta) – także odpowiedzi zebrane przed zaznaczeniem, po "
            "opublikowaniu ankiety. Każda odpowiedź trafia tam tylko raz; odznaczenie nie usuwa "
            "uwag, które już są w skrzynce."
        ),
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("help_text"),
        FieldPanel("required"),
        FieldPanel("field_type", classname="formbuilder-type", required_on_save=True),
        FieldPanel("choices", classname="formbuilder-choices"),
        FieldPanel("default_value", classname="formbuilder-default"),
        FieldRowPanel([FieldPanel("rating_low_label"), FieldPanel("rating_high_label")]),
        FieldPanel("personal_data"),
        FieldPanel("collects_remarks"),
    ]

    class Meta(AbstractFormField.Meta):
        verbose_name = _("pytanie")
        verbose_name_plural = _("pytania")

    def clean(self):
        super().clean()
        if self.field_type in CHOICE_TYPES and not (self.choices or "").replace(",", "").strip():
            # Published without them, residents would see one unlabelled option and could never send.
            raise ValidationError({"choices": _("Podaj odpowiedzi do wyboru, każdą w osobnym wierszu.")})
        if self.collects_remarks and self.field_type not in FREE_TEXT_TYPES:
            raise ValidationError(
                {"collects_remarks": _("Do uwag mogą trafiać tylko odpowiedzi na pytania tekstowe.")}
            )
        if self.collects_remarks and self.personal_data:
            # Anonymisation keeps a remark's text: personal answers must not become one.
            raise ValidationError({"collects_remarks": _("Odpowiedzi z danymi osobowymi nie mogą trafiać do uwag.")})

    def get_field_clean_name(self):
        # Wagtail's ASCII folding keeps ł as "u0142"; write it as l, like the page slugs.
        return get_field_clean_name(self.label.replace("ł", "l").replace("Ł", "L"))

    def rating_choices(self):
        labels = {"1": self.rating_low_label, "5": self.rating_high_label}
        return [(value, f"{value} – {labels[value]}" if labels.get(value) else value) for value in RATING_VALUES]

    @property
    def is_personal(self):
        return self.personal_data or self.field_type == "email"


class SurveySubmission(AbstractFormSubmission):
    """One resident's answers; personal answers are blanked by `anonymise_submissions`."""

    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(AbstractFormSubmission.Meta):
        verbose_name = _("odpowiedź na ankietę")
        verbose_name_plural = _("odpowiedzi na ankiety")


class SurveyPageForm(PortalPageForm, WagtailAdminFormPageForm):
    """The portal's page form (no slug the portal already answers) with Wagtail's form-page checks
    (no two questions with the same name), and: a survey without questions would show residents
    only the consent box and store empty answers, so it can be saved as a draft, not published
    (nor sent for moderation)."""

    def clean(self):
        cleaned_data = super().clean()
        questions = self.formsets.get("form_fields")
        # A draft save defers this (Wagtail's deferred validation); an invalid formset shows its own errors.
        if self.is_deferred_validation or questions is None or not questions.is_valid():
            return cleaned_data
        kept = [
            form
            for form in questions.forms
            if form not in questions.deleted_forms and (form.instance.pk or form.has_changed())
        ]
        if not kept:
            raise ValidationError(
                _(
                    "Ankieta musi mieć co najmniej jedno pytanie. Dodaj pytanie w sekcji „Pytania” i opublikuj ją ponownie."
                ),
                code="no_questions",
            )
        return cleaned_data


class SurveyPage(RoutablePageMixin, EmailFormMixin, FormMixin, PortalPage):
    """A consultation's survey: open only while the consultation is, with optional public results."""

    intro = RichTextField(blank=True, features=INTRO_FEATURES, verbose_name=_("Wstęp"))
    thank_you_text = RichTextField(
        blank=True,
        features=INTRO_FEATURES,
        verbose_name=_("Podziękowanie"),
        help_text=_("Widać je po wysłaniu ankiety."),
    )
    send_confirmation = models.BooleanField(
        default=False,
        verbose_name=_("Wyślij potwierdzenie do mieszkańca"),
        help_text=_("Na adres z pierwszego pola typu e-mail w ankiecie, jeśli ktoś go poda."),
    )
    confirmation_text = models.TextField(
        blank=True,
        # Content, so Polish whatever language the editor's admin is in.
        default="Dziękujemy za wypełnienie ankiety. Twoje odpowiedzi zostały zapisane.",
        verbose_name=_("Treść potwierdzenia"),
    )
    results_public = models.BooleanField(
        default=False,
        verbose_name=_("Pokaż wyniki po zakończeniu konsultacji"),
        help_text=_("Liczby odpowiedzi na pytania wyboru i skale ocen. Odpowiedzi tekstowe nigdy nie są publiczne."),
    )

    form_builder = SurveyFormBuilder
    base_form_class = SurveyPageForm

    content_panels = [
        *PortalPage.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", heading=_("Pytania"), label=_("pytanie")),
        FieldPanel("thank_you_text"),
        FieldPanel("results_public"),
        MultiFieldPanel(
            [FieldPanel("to_address"), FieldPanel("from_address"), FieldPanel("subject")],
            heading=_("Powiadomienie dla zespołu"),
        ),
        MultiFieldPanel(
            [FieldPanel("send_confirmation"), FieldPanel("confirmation_text")],
            heading=_("Potwierdzenie dla mieszkańca"),
        ),
    ]

    search_fields = [*PortalPage.search_fields, index.SearchField("intro")]

    parent_page_types = ["consultation.ConsultationPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("Ankieta")
        verbose_name_plural = _("Ankiety")

    @cached_property
    def consultation(self):
        # When Wagtail's routing served this page, it has just loaded the consultation above and
        # keeps it as this page's parent (get_parent() reads it without a query); elsewhere two
        # small queries (the parent, then its specific page).
        parent = self.get_parent() if self.depth else None
        parent = parent.specific if parent is not None else None
        return parent if isinstance(parent, ConsultationPage) else None

    @property
    def window(self):
        consultation = self.consultation
        if consultation is None:
            return Window.CLOSED
        # Only planned and ongoing tell the windows apart; every other status is closed, so the
        # report's due date (the site settings behind `consultation.status`) is not needed.
        status = status_of(consultation, report_due_days=DEFAULT_REPORT_DUE_DAYS)
        if status == Status.PLANNED:
            return Window.BEFORE
        if status == Status.ONGOING:
            return Window.OPEN
        return Window.CLOSED

    @property
    def is_open(self):
        return self.window == Window.OPEN

    @property
    def results_available(self):
        return self.results_public and self.window == Window.CLOSED

    @property
    def results_url(self):
        return f"{self.url}{RESULTS_SLUG}/"

    def get_submission_class(self):
        return SurveySubmission

    def get_submissions_list_view_class(self):
        from ..spreadsheets import SurveySubmissionsListView

        return SurveySubmissionsListView

    @cached_property
    def alerts_subscribe(self):
        """How a ticked "keep me informed" question subscribes, or None (forms/opt_in.py). Kept
        on this page object for its request: showing and then accepting the form each ask, and
        each asking is a lookup of the sign-up page with its privacy check (2 queries)."""
        return opt_in.subscriber()

    def get_form_fields(self):
        fields = list(self.form_fields.all())
        # Only a survey with the question asks whether sign-ups are taken (a page lookup).
        if any(field.field_type == opt_in.FIELD_TYPE for field in fields) and self.alerts_subscribe is None:
            fields = [field for field in fields if field.field_type != opt_in.FIELD_TYPE]
        return fields

    def process_form_submission(self, form):
        submission = SurveySubmission.objects.create(form_data=form.answers(), page=self)
        import_survey_remarks(self, [submission])
        self.send_mail(form)
        self.send_confirmation_mail(form, submission)
        address = self.resident_address(form)
        if address and form.wants_alerts() and self.alerts_subscribe is not None:
            self.alerts_subscribe(address)
        return submission

    @property
    def thanks_url(self):
        return f"{self.url}{THANKS_SLUG}/"

    def staff_addresses(self):
        if self.to_address:
            return [address.strip() for address in self.to_address.split(",") if address.strip()]
        staff_email = PortalSettings.for_site(self.get_site()).staff_email if self.get_site() else ""
        return [staff_email] if staff_email else []

    def send_mail(self, form):
        """Tell the staff once the answers are committed (forms.mail.send_after_commit), in the
        portal's language whatever the resident's."""
        addresses = self.staff_addresses()
        if addresses:
            with mail.in_portal_language():
                subject = self.subject or _("Nowa odpowiedź na ankietę: %(title)s") % {"title": self.title}
                message = mail.compose(subject, self.render_email(form), addresses, self.from_address)
            mail.send_after_commit(message)

    def render_email(self, form):
        lines = [str(_("Nowa odpowiedź na ankietę „%(title)s”.") % {"title": self.title}), ""]
        for field in form.question_fields:
            lines.append(mail.labelled(field.label, answer_text(form.cleaned_data.get(field.name))))
        return "\n".join(lines)

    def resident_address(self, form):
        for field in self.get_form_fields():
            if field.field_type == "email" and form.cleaned_data.get(field.clean_name):
                return form.cleaned_data[field.clean_name]
        return None

    def send_confirmation_mail(self, form, submission):
        """What was received, for which consultation and when; never the resident's answers."""
        address = self.resident_address(form) if self.send_confirmation else None
        if not address:
            return
        received = date_format(timezone.localtime(submission.submit_time), "j E Y, H:i")
        consultation = self.consultation
        lines = [
            str(self.confirmation_text),
            "",
            str(
                _("Otrzymaliśmy odpowiedzi na ankietę „%(title)s”: %(when)s.")
                % {"title": self.title, "when": received}
            ),
        ]
        if consultation is not None:
            lines.append(str(_("Konsultacje: %(consultation)s") % {"consultation": consultation.title}))
        lines += ["", str(_("Jeśli to nie Ty wypełniłaś/wypełniłeś ankietę, zignoruj ten e-mail."))]
        mail.send_after_commit(
            mail.confirmation(
                _("Potwierdzenie: %(title)s") % {"title": self.title}, "\n".join(lines), address, self.from_address
            )
        )

    # The survey, its results and its thank-you view, routed by Wagtail's RoutablePageMixin.

    @path("")
    def form_view(self, request):
        if request.method == "POST" and self.is_open:
            form = self.get_form(request.POST, page=self, user=request.user)
            if form.is_valid():
                response = accept(request, form, lambda: self.process_form_submission(form), self.thanks_url)
                if response is not None:
                    return response
            embedding = self.embedding_page(form)
            if embedding is not None:
                # Back to the page the form is embedded in, with the answers and the errors.
                remember_invalid_post(request, self, form)
                return redirect(f"{embedding.url}#{error_summary_id(self)}")
        else:
            form = self.get_form(page=self, user=request.user) if self.is_open else None
        late_answers = self.late_answers(request) if request.method == "POST" and not self.is_open else None
        if self.window == Window.BEFORE:
            # "Opens on …" stops being true when the consultation starts (an open survey's form
            # carries a CSRF token, so that page is never kept).
            changes_at(request, self.consultation.start_date)
        context = self.get_context(request)
        context["form"] = form
        context["late_answers"] = late_answers
        return TemplateResponse(request, self.get_template(request), context)

    def late_answers(self, request):
        """What a resident sent after the survey closed (while they were filling it in): each
        question with the text they gave, shown back so that nothing they typed is lost."""
        answers = []
        for field in self.get_form_fields():
            given = [value.strip() for value in request.POST.getlist(field.clean_name) if value.strip()]
            if given:
                answers.append((field.label, ", ".join(given)[:MAX_TEXT_LENGTH]))
        return answers

    def serve_preview(self, request, mode_name):
        # FormMixin's two preview modes: the form, and the thank-you view.
        if mode_name == "landing":
            return self.thanks_view(request)
        return self.form_view(request)

    @property
    def form_anchor(self):
        return f"formularz-{self.pk}"

    def embedding_page(self, form):
        value = page_id(form.data.get("embedded_from"))
        if value is None or value == self.pk:
            return None
        page = Page.objects.live().public().filter(pk=value).first()
        # The tree's root (id 1) is live but has no URL to go back to.
        return page if page is not None and page.url else None

    @path(f"{THANKS_SLUG}/")
    def thanks_view(self, request):
        return self.render_landing_page(request)

    @path(f"{RESULTS_SLUG}/")
    def results_view(self, request):
        if not self.results_available:
            raise Http404
        context = self.get_context(request)
        context["results"] = survey_results(self)
        return TemplateResponse(request, "forms/survey_results.html", context)
