from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr

from wagtail import hooks
from wagtail.models import PageViewRestriction

from .models.page import AlertsPage
from .subscribing import survey_opt_in


def restricted_at_or_above():
    """A view restriction on the outer page or on a page above it (what PageQuerySet.public()
    excludes), as a condition of the page's own query: public() would read every restriction in
    a query of its own first, and the survey asks on every page it is shown on."""
    return Exists(PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path"))))


@hooks.register("survey_alerts_opt_in")
def alerts_opt_in():
    """The survey's "keep me informed" question subscribes here while the sign-up page is live
    and public (forms/opt_in.py); otherwise forms leaves the question out."""
    page = AlertsPage.objects.live().exclude(restricted_at_or_above()).first()
    return survey_opt_in(page) if page is not None else None
