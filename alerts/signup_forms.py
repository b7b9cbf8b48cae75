"""The sign-up form and the form to change what a subscriber hears about."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from consultation.models import District, Topic
from forms.spam import SpamProtectionMixin

CONSENT_LABEL = _(
    "Zapoznałam/zapoznałem się z informacją o przetwarzaniu danych osobowych i zgadzam się na przesyłanie "
    "powiadomień o konsultacjach na podany adres e-mail."
)


class PolishOrder(ModelChoiceIterator):
    """The choices in Polish alphabetical order (the model's sort_key), as the register, the
    calendar and the consultation page list districts and topics; the database's ordering is by
    code point ("… Warpie, Łagisza, Śródmieście")."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for choice in sorted(self.queryset, key=lambda item: item.sort_key()):
            yield self.choice(choice)


class PolishOrderChoiceField(forms.ModelMultipleChoiceField):
    iterator = PolishOrder


class ChoicesForm(forms.Form):
    """Every consultation, or those on some topics or in some districts (or both)."""

    all_consultations = forms.BooleanField(
        required=False,
        label=_("Wszystkie konsultacje"),
        help_text=_("Zaznacz, aby dostawać informacje o każdej konsultacji, bez względu na temat i dzielnicę."),
    )
    topics = PolishOrderChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Tematy"),
    )
    districts = PolishOrderChoiceField(
        queryset=District.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Dzielnice"),
        help_text=_("Konsultacje dotyczące całego miasta dostaniesz przy każdej wybranej dzielnicy."),
    )

    def clean(self):
        cleaned_data = super().clean()
        if not (cleaned_data.get("all_consultations") or cleaned_data.get("topics") or cleaned_data.get("districts")):
            self.add_error(
                "all_consultations",
                forms.ValidationError(
                    _("Wybierz tematy, dzielnice albo wszystkie konsultacje."), code="nothing_chosen"
                ),
            )
        return cleaned_data

    def choices(self):
        data = self.cleaned_data
        everything = bool(data.get("all_consultations"))
        return {
            "all_consultations": everything,
            "topics": [] if everything else list(data.get("topics") or []),
            "districts": [] if everything else list(data.get("districts") or []),
        }


class SubscribeForm(SpamProtectionMixin, ChoicesForm):
    email = forms.EmailField(
        label=_("Adres e-mail"),
        help_text=_("Wyślemy na niego link potwierdzający; bez potwierdzenia nie wyślemy nic więcej."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    privacy_consent = forms.BooleanField(
        label=CONSENT_LABEL,
        error_messages={"required": _("Zaznacz zgodę, aby zapisać się na powiadomienia.")},
    )

    field_order = ["email", "all_consultations", "topics", "districts", "privacy_consent"]
