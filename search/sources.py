"""What the search view searches: live public pages and public documents.

Consultations belong to another app; search reaches them through this small interface only:
the page model `consultation.ConsultationPage`, whose queryset has
`with_status_in(statuses)` (status derived in SQL), and `consultation.models.STATUS_FILTERS`,
mapping each public status slug (planowane, trwajace, zakonczone) to (label, statuses).
Without that app, the type and status filters for consultations simply do not appear.
"""

from django.apps import apps

from wagtail.documents import get_document_model
from wagtail.models import Page


def consultation_model():
    try:
        return apps.get_model("consultation", "ConsultationPage")
    except LookupError:
        return None


def status_filters():
    """{slug: (label, statuses)} for consultations, or {} without the consultation app."""
    if consultation_model() is None:
        return {}
    from consultation.models import STATUS_FILTERS  # optional app, see the module docstring

    return STATUS_FILTERS


def pages(kind, status):
    """Live public pages for a type filter ('' = all pages) and a consultation status slug."""
    consultation = consultation_model()
    if status and consultation is not None:
        _label, statuses = status_filters()[status]
        # The status is an SQL annotation, which search backends cannot filter on: pass the ids.
        matching = consultation.objects.live().public().with_status_in(statuses).values_list("pk", flat=True)
        return consultation.objects.filter(pk__in=list(matching))
    if kind == "konsultacje":
        return consultation.objects.live().public() if consultation else Page.objects.none()
    queryset = Page.objects.live().public().filter(depth__gt=1)
    if kind == "strony" and consultation is not None:
        queryset = queryset.not_type(consultation)
    return queryset


def documents():
    model = get_document_model()
    queryset = model.objects.all()
    return queryset.public() if hasattr(queryset, "public") else queryset
