"""Admin: import a consultation's draft act from a .docx, preview what it made, then save it.

Three steps on one address: upload (GET, then POST with the file) shows a preview table of the
units; "save" (POST with the previewed units, signed so the preview is what gets saved)
replaces the act in a new draft revision of the page, which the editor checks, fixes by hand
and publishes in the page editor.
"""

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .act_import import UnreadableFile, parse_paragraphs, read_docx
from .models import ActUnit, ConsultationPage

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
_SALT = "consultation.act_import"


class ActUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Plik projektu (.docx)"),
        help_text=_(
            "Paragrafy zaczynające się od „Rozdział”, „§”, „1.”, „ust.”, „1)”, „pkt” lub „a)” staną się "
            "częściami projektu. Numeracji automatycznej Worda nie widać w tekście: takie części "
            "popraw ręcznie po imporcie."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError(_("Wybierz plik Worda w formacie .docx."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Plik jest większy niż 5 MB."))
        try:
            self.parsed = parse_paragraphs(read_docx(upload))
        except UnreadableFile as error:
            raise forms.ValidationError(_("Nie udało się odczytać pliku jako dokumentu Worda (.docx).")) from error
        if not self.parsed.units:
            raise forms.ValidationError(
                _("W pliku nie znaleźliśmy ani jednego rozdziału, paragrafu, ustępu ani punktu.")
            )
        return upload


def _editable_page(request, page_id):
    page = get_object_or_404(ConsultationPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def import_act(request, page_id):
    page = _editable_page(request, page_id)
    context = {"page": page, "existing": page.act_units.count()}
    if request.method == "POST" and "units" in request.POST:
        return _save(request, page)
    form = ActUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        units = form.parsed.units
        context.update(
            units=units,
            skipped=form.parsed.skipped,
            payload=signing.dumps([[unit.label, unit.text] for unit in units], salt=_SALT, compress=True),
        )
        return TemplateResponse(request, "consultation/admin/act_import_preview.html", context)
    context["form"] = form
    return TemplateResponse(request, "consultation/admin/act_import.html", context)


def _save(request, page):
    try:
        rows = signing.loads(request.POST["units"], salt=_SALT)
    except signing.BadSignature:
        messages.error(request, _("Podgląd importu wygasł lub został zmieniony. Wczytaj plik jeszcze raz."))
        return redirect("consultation_act_import", page.pk)
    draft = page.get_latest_revision_as_object()
    draft.act_units = [ActUnit(label=label, text=text) for label, text in rows]
    draft.save_revision(user=request.user, log_action=True)
    messages.success(
        request,
        ngettext(
            "Zaimportowano %(count)d część projektu jako wersję roboczą. Sprawdź ją na karcie „Projekt aktu” i opublikuj.",
            "Zaimportowano %(count)d części projektu jako wersję roboczą. Sprawdź je na karcie „Projekt aktu” i opublikuj.",
            len(rows),
        )
        % {"count": len(rows)},
    )
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))
