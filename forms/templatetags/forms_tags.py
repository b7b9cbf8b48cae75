"""Template pieces of the forms app: accessible fields, error summaries, embedded forms, the remarks table."""

from django import forms, template
from django.urls import reverse

from wagtail.models import Page, PageViewRestriction

from consultation.models import ConsultationPage
from forms import act_remarks
from forms.embedding import error_summary_id, pop_form_errors, pop_invalid_post
from forms.models import Channel, Position, Remark, SurveyPage
from forms.models.remarks import tally
from forms.public_forms import ActRemarkForm
from forms.retention import anonymise_after_days
from home.models import PortalSettings

register = template.Library()

GROUP_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def field_kind(bound_field):
    widget = bound_field.field.widget
    if isinstance(widget, GROUP_WIDGETS):
        return "group"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "single"


def field_anchor(bound_field):
    """The id the error summary links to: the first option of a group, else the control."""
    if field_kind(bound_field) == "group":
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.inclusion_tag("forms/includes/field.html")
def form_field(bound_field):
    widget = bound_field.field.widget
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-help")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-error")
    attrs = {}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    kind = field_kind(bound_field)
    # A group's fieldset carries the description; each option keeps its own label.
    widget_html = bound_field.as_widget(attrs={} if kind == "group" else attrs)
    return {
        "field": bound_field,
        "kind": kind,
        "widget_html": widget_html,
        "described_by": " ".join(described_by),
        "is_rating": "rating" in widget.attrs.get("class", ""),
    }


@register.inclusion_tag("forms/includes/error_summary.html")
def error_summary(form, summary_id=""):
    """GOV.UK-style summary: every problem, linked to its field; form-wide problems first.

    It takes focus (tabindex="-1", forms.js, and the embedded forms' redirect fragment).
    """
    items = [{"href": "", "message": message} for message in form.non_field_errors()]
    # In the order the page shows the fields (forms/includes/form.html): the questions, then the
    # consent under the privacy notice, whatever order the form class declares them in.
    questions = form.question_fields
    shown = {bound_field.name for bound_field in questions}
    for bound_field in [*questions, *(bound_field for bound_field in form if bound_field.name not in shown)]:
        for message in bound_field.errors:
            # The consent's own message names it; its long label would only repeat it.
            text = message if bound_field.name == "privacy_consent" else f"{bound_field.label} – {message}"
            items.append({"href": f"#{field_anchor(bound_field)}", "message": text})
    return {"items": items, "summary_id": summary_id or "bledy-formularza"}


@register.simple_tag
def retention_days():
    """The days the privacy notice promises: those `anonymise_submissions` keeps."""
    return anonymise_after_days()


@register.inclusion_tag("forms/includes/embedded_form.html", takes_context=True)
def embedded_form(context, form_page, heading=""):
    """A survey or the contact form inside another page; it posts to its own page."""
    request = context.get("request")
    host = context.get("page")
    if isinstance(form_page, Page):
        form_page = form_page.specific
    if form_page is None or not getattr(form_page, "live", False) or not visible_to(form_page, request, host):
        return {"form_page": None}
    if isinstance(form_page, SurveyPage) and is_child_of(form_page, host):
        form_page.consultation = host  # the consultation it sits under, shown around it
    form = None
    if form_page.is_open:
        data = pop_invalid_post(request, form_page) if request is not None else None
        if data is not None:
            form = _bind(form_page, data, request)
            form.is_valid()
            known = set(form.non_field_errors())
            for message in pop_form_errors(request, form_page):
                if message not in known:
                    form.add_error(None, message)
        else:
            form = _unbound(form_page, request)
        if host is not None:
            form.initial["embedded_from"] = host.pk
            if form.is_bound:
                form.data["embedded_from"] = str(host.pk)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "form_page": form_page,
        "form": form,
        "summary_id": error_summary_id(form_page),
        "heading": heading or form_page.title,
        "host": host,
        "portal_settings": PortalSettings.for_request(request) if request is not None else None,
    }


def visible_to(page, request, host):
    """Whether this visitor may see `page` inside `host`: no page above it is unpublished
    (home/visibility.py) and every view restriction on it and on its ancestors (a password, a
    login, groups) accepts the request. A survey right under the consultation being shown needs
    only its own restrictions checked: Wagtail served the host, so it is live and let in."""
    if is_child_of(page, host):
        restrictions = PageViewRestriction.objects.filter(page=page)
    elif page.get_ancestors().filter(live=False, depth__gt=1).exists():
        return False
    else:
        restrictions = page.get_view_restrictions()
    return all(request is not None and restriction.accept_request(request) for restriction in restrictions)


def is_child_of(page, host):
    """Whether `page` sits right under `host`, the consultation page being shown."""
    return (
        isinstance(host, ConsultationPage)
        and bool(host.path)
        and page.depth == host.depth + 1
        and page.path.startswith(host.path)
    )


def _bind(form_page, data, request):
    if hasattr(form_page, "get_form_fields"):
        return form_page.get_form(data, page=form_page, user=getattr(request, "user", None))
    return form_page.get_form(data)


def _unbound(form_page, request):
    if hasattr(form_page, "get_form_fields"):
        return form_page.get_form(page=form_page, user=getattr(request, "user", None))
    return form_page.get_form(request=request)


@register.inclusion_tag("forms/includes/remarks_table.html", takes_context=True)
def remarks_table(context, consultation):
    """The public "zestawienie uwag" of a consultation with published results; nothing before that."""
    if not consultation.has_results:
        return {"remarks": None}
    remarks = Remark.objects.published_for(consultation)
    # Its survey comes with the consultation page's other links (ConsultationPage.linked_pages).
    survey = consultation.survey_page.specific if consultation.survey_page is not None else None
    if isinstance(survey, SurveyPage):
        survey.consultation = consultation
    else:
        survey = None
    # The counts come from the remarks shown (every published one), not from two more queries.
    remarks = list(remarks)
    return {
        "survey": survey if survey is not None and survey.results_available else None,
        "request": context.get("request"),
        "consultation": consultation,
        "remarks": remarks,
        "position_counts": tally(remarks, "position", Position.choices),
        "channel_counts": [row for row in tally(remarks, "channel", Channel.choices) if row[2]],
        "csv_url": reverse("forms:remarks_csv", args=[consultation.pk]),
        "json_url": reverse("forms:remarks_json", args=[consultation.pk]),
        "docx_url": reverse("forms:remarks_docx", args=[consultation.pk]),
    }


@register.inclusion_tag("consultation/includes/draft_act.html", takes_context=True)
def draft_act(context, consultation):
    """The consultation's draft act as a document, each unit with its anchor and, while the
    consultation is open, its "Zgłoś uwagę" control and the remarks form (embedded, posting to
    forms/act_remarks.py). Remark counts show only if the editor made them public; remark texts
    only in the zestawienie uwag, once results are published."""
    units = consultation.act()
    if not units:
        return {"rows": None}
    request = context.get("request")
    is_open = consultation.is_open
    counts = {}
    if is_open and consultation.act_counts_public:
        counts = Remark.objects.filter(consultation=consultation).counts_by_unit()
    form = sent = None
    if is_open:
        key = act_remarks.embedding_key(consultation)
        data = pop_invalid_post(request, key) if request is not None else None
        if data is not None:
            data["embedded_from"] = str(consultation.pk)
            form = ActRemarkForm(data, units=units)
            form.is_valid()
            known = set(form.non_field_errors())
            for message in pop_form_errors(request, key):
                if message not in known:
                    form.add_error(None, message)
        else:
            form = ActRemarkForm(units=units)
            form.initial["embedded_from"] = consultation.pk
        sent = act_remarks.pop_sent(request, consultation) if request is not None else None
    form_url = act_remarks.form_url(consultation)
    return {
        "consultation": consultation,
        "rows": [{"unit": unit, "count": counts.get(unit.pk, 0), "sent": unit.anchor == sent} for unit in units],
        "is_open": is_open,
        "show_counts": bool(counts) or (is_open and consultation.act_counts_public),
        "form": form,
        "form_anchor": act_remarks.FORM_ANCHOR,
        "form_url": form_url,
        "general_sent": sent == act_remarks.GENERAL_ANCHOR,
        "csrf_token": context.get("csrf_token"),
        "request": request,
        "portal_settings": PortalSettings.for_request(request) if request is not None else None,
    }
