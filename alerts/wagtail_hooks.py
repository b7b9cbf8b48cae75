from wagtail import hooks

from .models.page import AlertsPage
from .subscribing import survey_opt_in


@hooks.register("survey_alerts_opt_in")
def alerts_opt_in():
    """The survey's "keep me informed" question subscribes here while the sign-up page is live
    and public (forms/opt_in.py); otherwise forms leaves the question out. Privacy through
    Wagtail's own `.public()` (one query of its own), not a copy of its rule."""
    page = AlertsPage.objects.live().public().first()
    return survey_opt_in(page) if page is not None else None
