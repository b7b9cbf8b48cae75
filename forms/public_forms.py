"""The Django forms residents fill in: a survey built from its fields, and the contact form."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from consultation.models import ConsultationPage

from .limits import MAX_TEXT_LENGTH, page_id
from .spam import SpamProtectionMixin

RATING_VALUES = ["1", "2", "3", "4", "5"]
TOO_LONG = _(
    "Tekst może mieć najwyżej %(limit_value)d znaków, a ma %(show_value)d. Skróć go albo prześlij dłuższe uwagi e-mailem."
)
CONSENT_LABEL = _(
    "Zapoznałam/zapoznałem się z informacją o przetwarzaniu danych osobowych i wyrażam zgodę na przetwarzanie moich danych w celu przeprowadzenia konsultacji."
)
CONSENT_REQUIRED = _("Zaznacz zgodę na przetwarzanie danych, aby wysłać formularz.")

# Form fields that are not answers: never stored with a submission, never in e-mails.
META_FIELDS = {"website", "form_started", "privacy_consent", "embedded_from"}


class FlatWidgetRenderer(DjangoTemplates):
    """Django's form renderer, reading its widget templates that include one another as one flat
    template each (forms/templates/forms/widgets/), with the same markup to the byte: a radio
    option was four templates (radio_option, input_option, input, attrs), a text input three.
    About 0.8 ms of a 14-question survey."""

    FLAT = {
        **{
            f"django/forms/widgets/{name}.html": "forms/widgets/input.html"
            for name in (
                "text",
                "email",
                "number",
                "url",
                "password",
                "date",
                "datetime",
                "time",
                "hidden",
                "checkbox",
            )
        },
        "django/forms/widgets/textarea.html": "forms/widgets/textarea.html",
        "django/forms/widgets/select.html": "forms/widgets/select.html",
        "django/forms/widgets/radio.html": "forms/widgets/multiple_input.html",
        "django/forms/widgets/checkbox_select.html": "forms/widgets/multiple_input.html",
    }

    def get_template(self, template_name):
        return super().get_template(self.FLAT.get(template_name, template_name))


# One renderer for the public forms, as Django keeps one default renderer: its engine holds the
# compiled templates.
FLAT_WIDGETS = FlatWidgetRenderer()


def consent_field():
    return forms.BooleanField(label=CONSENT_LABEL, required=True, error_messages={"required": CONSENT_REQUIRED})


def long_text_field(**options):
    options.setdefault("widget", forms.Textarea(attrs={"rows": 6}))
    field = forms.CharField(max_length=MAX_TEXT_LENGTH, **options)
    field.error_messages["max_length"] = TOO_LONG
    # No maxlength attribute: the browser would silently cut pasted text; the server explains instead.
    field.widget.attrs.pop("maxlength", None)
    return field


class LoadedChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices of the field's queryset, loaded once per form: Django's own iterator runs the
    query again each time the choices are read (rendering, a preselection check). For short lists."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:  # a QuerySet keeps its rows once read
            yield self.choice(obj)


class PageChoiceField(forms.ModelChoiceField):
    """A choice of page by id that treats an id too large for the database as any unknown choice."""

    iterator = LoadedChoiceIterator

    def to_python(self, value):
        if value not in self.empty_values and page_id(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def embedded_from_field():
    # Text, read with limits.page_id by the form pages: a forged value is ignored, never an error.
    return forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)


class SurveyBaseForm(SpamProtectionMixin, BaseForm):
    default_renderer = FLAT_WIDGETS
    privacy_consent = consent_field()
    embedded_from = embedded_from_field()

    @property
    def question_fields(self):
        return [field for field in self if field.name not in META_FIELDS]

    def answers(self):
        return {name: value for name, value in self.cleaned_data.items() if name not in META_FIELDS}

    def _alerts_fields(self):
        return [name for name, field in self.fields.items() if getattr(field, "alerts_opt_in", False)]

    def wants_alerts(self):
        return any(self.cleaned_data.get(name) for name in self._alerts_fields())

    def clean(self):
        cleaned_data = super().clean()
        has_address = any(
            isinstance(field, forms.EmailField) and cleaned_data.get(name) for name, field in self.fields.items()
        )
        for name in self._alerts_fields():
            if cleaned_data.get(name) and not has_address:
                self.add_error(name, _("Podaj adres e-mail w ankiecie: wyślemy na niego link potwierdzający zapis."))
        return cleaned_data


class SurveyFormBuilder(FormBuilder):
    """Wagtail's builder plus a 1–5 rating scale, HTML5 date inputs, checkboxes for multiple choice
    and the 10,000-character limit."""

    def create_multiline_field(self, field, options):
        return long_text_field(**options)

    def create_singleline_field(self, field, options):
        options["max_length"] = 255
        return forms.CharField(**options)

    def create_date_field(self, field, options):
        options.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        return forms.DateField(**options)

    def create_datetime_field(self, field, options):
        options.setdefault("widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
        return forms.DateTimeField(**options)

    def create_dropdown_field(self, field, options):
        # A blank first option: nothing is chosen for the resident, and an optional question can stay unanswered.
        options["choices"] = [("", _("– wybierz –")), *self.get_formatted_field_choices(field)]
        return forms.ChoiceField(**options)

    def create_multiselect_field(self, field, options):
        # Checkboxes: a <select multiple> needs Ctrl-click, which phones and many people cannot do.
        options["choices"] = self.get_formatted_field_choices(field)
        options["widget"] = forms.CheckboxSelectMultiple
        return forms.MultipleChoiceField(**options)

    def create_rating_field(self, field, options):
        options["choices"] = field.rating_choices()
        options["widget"] = forms.RadioSelect(attrs={"class": "rating"})
        return forms.ChoiceField(**options)

    def create_alerts_field(self, field, options):
        # Never required: nobody must sign up for mail to answer a survey.
        options["required"] = False
        created = forms.BooleanField(**options)
        created.alerts_opt_in = True
        return created

    def get_field_options(self, field):
        options = super().get_field_options(field)
        if field.field_type == "rating":
            options["initial"] = None
        return options

    def get_form_class(self):
        return type("SurveyForm", (SurveyBaseForm,), self.formfields)


class ContactForm(SpamProtectionMixin, forms.Form):
    default_renderer = FLAT_WIDGETS
    name = forms.CharField(
        label=_("Imię i nazwisko lub nazwa organizacji"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Adres e-mail"),
        help_text=_("Odpowiemy na ten adres."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consultation = PageChoiceField(
        label=_("Których konsultacji dotyczy wiadomość?"),
        queryset=ConsultationPage.objects.none(),
        required=False,
        empty_label=_("Żadnych – pytanie ogólne"),
        help_text=_("Do wyboru są konsultacje, które teraz trwają."),
    )
    subject = forms.CharField(label=pgettext_lazy("a message's subject", "Temat"), max_length=200)
    message = long_text_field(
        label=_("Treść wiadomości lub uwagi"),
        help_text=_("Najwyżej 10 000 znaków. Nie podawaj tu danych, których nie chcesz nam przekazać."),
    )
    privacy_consent = consent_field()
    embedded_from = embedded_from_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices show titles only (whole page rows cost about 1.4 ms more for the list).
        self.fields["consultation"].queryset = (
            ConsultationPage.objects.live().public().ongoing().only("title").order_by("title")
        )

    @property
    def question_fields(self):
        return [field for field in self if field.name not in META_FIELDS]

    def preselect_consultation(self, value):
        """?konsultacja=<page id> from a link: one of the consultations offered, else nothing."""
        if any(consultation.pk == value for consultation in self.fields["consultation"].queryset):
            self.initial["consultation"] = value


GENERAL_REMARK = ""


class ActRemarkForm(SpamProtectionMixin, forms.Form):
    """The statutory remarks form on a draft act: the part it concerns, the remark, the proposed
    wording and its justification, and who sends it."""

    default_renderer = FLAT_WIDGETS

    unit = forms.ChoiceField(
        label=_("Której części projektu dotyczy uwaga?"),
        required=False,
        help_text=_("Wybierz rozdział, paragraf, ustęp lub punkt albo „Uwaga ogólna”, jeśli dotyczy całego projektu."),
    )
    text = long_text_field(label=_("Treść uwagi"))
    proposed_wording = long_text_field(
        label=_("Proponowane brzmienie zapisu"),
        required=False,
        help_text=_("Jak Twoim zdaniem powinien brzmieć ten fragment. Nieobowiązkowe."),
    )
    justification = long_text_field(label=_("Uzasadnienie"), required=False, help_text=_("Nieobowiązkowe."))
    name = forms.CharField(
        label=_("Imię i nazwisko"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.CharField(
        label=_("Nazwa organizacji"),
        required=False,
        max_length=200,
        help_text=_("Jeśli zgłaszasz uwagę w imieniu organizacji."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    email = forms.EmailField(
        label=_("Adres e-mail"),
        help_text=_("Tylko do kontaktu w sprawie uwagi; nie publikujemy go."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    privacy_consent = consent_field()
    embedded_from = embedded_from_field()

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The units the page already read (consultation.models.numbered): no query of its own.
        self.units = {str(unit.pk): unit for unit in units}
        self.fields["unit"].choices = [
            (GENERAL_REMARK, _("Uwaga ogólna – do całego projektu")),
            *((str(unit.pk), unit.choice_label) for unit in units),
        ]

    def clean_unit(self):
        return self.units.get(self.cleaned_data["unit"])

    def preselect(self, value):
        """?czesc=<unit id> from a link: a unit of this act, else nothing."""
        if str(value) in self.units:
            self.initial["unit"] = str(value)

    @property
    def question_fields(self):
        return [field for field in self if field.name not in META_FIELDS]
