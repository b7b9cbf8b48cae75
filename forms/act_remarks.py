"""The statutory remarks form on a consultation's draft act, part by part.

The form lives on the consultation page (forms_tags.draft_act) and at its own address, the
page a unit's "Zgłoś uwagę" link opens without JavaScript (`?czesc=<unit id>` preselects the
unit). Both post here. A valid remark is stored once (forms/submissions.py) with its unit and
the unit's label and text as the resident saw them; then 303 to the consultation page, back at
the unit, which says the remark arrived (embedded), or to the thank-you view. An invalid post
from the consultation page goes back there through the session (forms/embedding.py).
"""

from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from consultation.models import ConsultationPage
from home.models import PortalSettings

from . import mail
from .embedding import remember_invalid_post
from .limits import page_id
from .models import Channel, Remark
from .public_forms import ActRemarkForm
from .submissions import accept

FORM_ANCHOR = "uwagi-do-projektu"
# The session key under which the consultation page learns that a remark arrived, and where.
SENT_PREFIX = "forms:act-remark-sent:"
GENERAL_ANCHOR = FORM_ANCHOR
ERROR_SUMMARY_ANCHOR = "bledy-formularza"  # the summary's id when none is given (forms_tags.error_summary)


def embedding_key(consultation):
    return f"act-{consultation.pk}"


def pop_sent(request, consultation):
    """The anchor of the unit a remark was just sent on from this page (once), or None."""
    session = getattr(request, "session", None)
    return session.pop(f"{SENT_PREFIX}{consultation.pk}", None) if session is not None else None


def _consultation(consultation_id):
    consultation = ConsultationPage.objects.live().public().filter(pk=consultation_id).first()
    if consultation is None:
        raise Http404
    units = consultation.act()
    if not units:
        raise Http404
    return consultation, units


def form_url(consultation, unit=None):
    url = reverse("forms:act_remark", args=[consultation.pk])
    return f"{url}?czesc={unit.pk}" if unit is not None else url


def remark_form(request, consultation_id):
    consultation, units = _consultation(consultation_id)
    if request.method == "POST" and consultation.is_open:
        form = ActRemarkForm(request.POST, units=units)
        embedded = page_id(form.data.get("embedded_from")) == consultation.pk
        if form.is_valid():
            unit = form.cleaned_data["unit"]
            response = accept(
                request,
                form,
                lambda: send_notifications(request, consultation, save_remark(consultation, form)),
                _thanks_url(consultation, unit, embedded),
            )
            if response is not None:
                if embedded:
                    request.session[f"{SENT_PREFIX}{consultation.pk}"] = unit.anchor if unit else GENERAL_ANCHOR
                return response
        if embedded:
            remember_invalid_post(request, embedding_key(consultation), form)
            # To the error summary itself: the browser focuses a fragment's target on load.
            return redirect(f"{consultation.url}#{ERROR_SUMMARY_ANCHOR}")
    else:
        form = ActRemarkForm(units=units)
        form.preselect(request.GET.get("czesc", ""))
    selected = form.units.get(str(form["unit"].value() or ""))
    context = {
        "consultation": consultation,
        "form": form if consultation.is_open else None,
        "selected": selected,
        "action": form_url(consultation),
    }
    return TemplateResponse(request, "forms/act_remark_page.html", context)


def _thanks_url(consultation, unit, embedded):
    if embedded:
        return f"{consultation.url}#{unit.anchor if unit else GENERAL_ANCHOR}"
    url = reverse("forms:act_remark_thanks", args=[consultation.pk])
    return f"{url}?czesc={unit.pk}" if unit is not None else url


def remark_thanks(request, consultation_id):
    consultation, units = _consultation(consultation_id)
    unit = next((unit for unit in units if str(unit.pk) == request.GET.get("czesc")), None)
    context = {"consultation": consultation, "unit": unit}
    return TemplateResponse(request, "forms/act_remark_thanks.html", context)


def save_remark(consultation, form):
    data = form.cleaned_data
    return Remark.objects.create(
        consultation=consultation,
        unit=data["unit"],
        channel=Channel.ONLINE_FORM,
        author_name=data["name"],
        author_organisation=data.get("organisation", ""),
        author_email=data["email"],
        text=data["text"],
        proposed_wording=data.get("proposed_wording", ""),
        justification=data.get("justification", ""),
    )


def send_notifications(request, consultation, remark):
    """The consultation's contact person (else the staff address) hears of the remark; the
    resident gets a confirmation naming the part and the consultation, never their own words."""
    staff = consultation.contact_email or PortalSettings.for_request(request).staff_email
    mail.send_after_commit(
        staff_notification(consultation, remark, staff) if staff else None,
        mail.confirmation(
            _("Potwierdzenie otrzymania uwagi"), confirmation_body(consultation, remark), remark.author_email
        ),
    )


def staff_notification(consultation, remark, staff):
    """The message to the staff, in the portal's language whatever the resident's."""
    with mail.in_portal_language():
        section = str(remark.section_display)
        body = "\n".join(
            [
                str(_("Nowa uwaga do projektu aktu.")),
                "",
                mail.labelled(pgettext("the consultation a remark is about", "Konsultacje"), consultation.title),
                mail.labelled(_("Część dokumentu"), section),
                mail.labelled(_("Od"), mail.sender(remark.author_name, remark.author_email)),
                "",
                remark.text,
            ]
        )
        return mail.compose(_("Nowa uwaga do projektu: %(section)s") % {"section": section}, body, [staff])


def confirmation_body(consultation, remark):
    """What the resident hears: the part, the consultation and when, never their own words."""
    section = str(remark.section_display)
    received = date_format(timezone.localtime(remark.received_at), "j E Y, H:i")
    return "\n".join(
        [
            str(_("Dziękujemy za uwagę do projektu. Stanowisko miasta opublikujemy w zestawieniu uwag.")),
            "",
            str(_("Otrzymaliśmy uwagę do: %(section)s (%(when)s).") % {"section": section, "when": received}),
            str(_("Konsultacje: %(consultation)s") % {"consultation": consultation.title}),
            "",
            str(_("Jeśli to nie Ty wysłałaś/wysłałeś tę uwagę, zignoruj ten e-mail.")),
        ]
    )
