"""The staff inbox by part of the draft act: a filter by unit, the unit on paper remarks, and one
position for several remarks on the same unit at once."""

from django import forms
from django.contrib import messages
from django.contrib.admin import SimpleListFilter
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin.forms import WagtailAdminModelForm

from consultation.models import ActUnit

from .limits import page_id
from .models import Position, Remark, TriageStatus

CONSULTATION_PARAMETER = "consultation__id__exact"
GENERAL = "ogolna"


class UnitFilter(SimpleListFilter):
    """Remarks on one part of the act; offered once the inbox is filtered to one consultation."""

    title = _("część projektu")
    parameter_name = "czesc"

    def lookups(self, request, model_admin):
        consultation = page_id(request.GET.get(CONSULTATION_PARAMETER, ""))
        if consultation is None:
            return []
        units = ActUnit.objects.filter(page_id=consultation).order_by("sort_order").values_list("pk", "label")
        units = list(units)
        if not units:
            return []
        return [(GENERAL, _("Uwaga ogólna")), *((str(pk), label) for pk, label in units)]

    def queryset(self, request, queryset):
        value = self.value()
        if value == GENERAL:
            return queryset.filter(unit=None, section="")
        if value and value.isdigit():
            return queryset.filter(unit_id=int(value))
        return queryset


class RemarkAdminForm(WagtailAdminModelForm):
    """The unit is chosen among the parts of the remark's own consultation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("unit")
        if field is None:
            return
        units = ActUnit.objects.select_related("page").order_by("page__title", "sort_order")
        if self.instance.consultation_id:
            units = units.filter(page_id=self.instance.consultation_id)
        field.queryset = units
        field.label_from_instance = self._unit_label
        field.empty_label = _("Uwaga ogólna / nie dotyczy konkretnej części")

    def _unit_label(self, unit):
        if self.instance.consultation_id:
            return unit.choice_label
        return f"{unit.page.title}: {unit.choice_label}"

    def clean(self):
        cleaned_data = super().clean()
        unit, consultation = cleaned_data.get("unit"), cleaned_data.get("consultation")
        if unit is not None and (consultation is None or unit.page_id != consultation.pk):
            self.add_error("unit", _("Ta część należy do projektu innych konsultacji."))
        return cleaned_data


class BulkPositionForm(forms.Form):
    remarks = forms.ModelMultipleChoiceField(
        queryset=Remark.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Uwagi"),
        error_messages={"required": _("Zaznacz co najmniej jedną uwagę.")},
    )
    position = forms.ChoiceField(choices=Position.choices, label=_("Stanowisko miasta"))
    reasoning = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label=_("Uzasadnienie stanowiska"),
        help_text=_("Publiczne: trafi do zestawienia uwag przy każdej zaznaczonej uwadze."),
    )
    status = forms.ChoiceField(
        choices=[("", _("Bez zmian")), *TriageStatus.choices], required=False, label=_("Status")
    )

    def __init__(self, *args, remarks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remarks"].queryset = remarks
        self.fields["remarks"].label_from_instance = lambda remark: remark.text[:120]


def bulk_position(request, unit_id):
    """One position and reasoning for the chosen remarks on one unit; each remark is saved (the
    page cache hears of it), and staff come back to the inbox filtered to that unit."""
    if not request.user.has_perm("forms.change_remark"):
        raise PermissionDenied
    unit = get_object_or_404(ActUnit.objects.select_related("page"), pk=unit_id)
    remarks = Remark.objects.filter(unit=unit).order_by("received_at", "pk")
    form = BulkPositionForm(request.POST or None, remarks=remarks, initial={"remarks": list(remarks)})
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["remarks"]
        for remark in chosen:
            remark.position = form.cleaned_data["position"]
            remark.reasoning = form.cleaned_data["reasoning"]
            if form.cleaned_data["status"]:
                remark.status = form.cleaned_data["status"]
            remark.save()
        messages.success(
            request,
            ngettext(
                "Zapisano stanowisko dla %(count)d uwagi do %(label)s.",
                "Zapisano stanowisko dla %(count)d uwag do %(label)s.",
                len(chosen),
            )
            % {"count": len(chosen), "label": unit.label},
        )
        return redirect(inbox_url(unit))
    checked = {str(value) for value in form["remarks"].value() or []}
    rows = [{"remark": remark, "checked": str(remark.pk) in checked} for remark in remarks]
    context = {"unit": unit, "form": form, "rows": rows, "inbox_url": inbox_url(unit)}
    return TemplateResponse(request, "forms/admin/bulk_position.html", context)


def inbox_url(unit):
    return f"{reverse('forms_remark_modeladmin_index')}?{CONSULTATION_PARAMETER}={unit.page_id}&czesc={unit.pk}"
