from wagtail import hooks

from .models.page import AlertsPage
from .subscribing import survey_opt_in


@hooks.register("survey_alerts_opt_in")
def alerts_opt_in():
    """The survey's "keep me informed" question subscribes here while the sign-up page is live
    and public (forms/opt_in.py); otherwise forms leaves the question out. Privacy through
    Wagtail's own `.public()` (one query of its own), not a copy of its rule. Every survey render
    asks, so only the column a sign-up's links need is read (a whole page row cost about 0.2 ms more, measured);
    a sign-up reads the rest when it needs it."""
    page = AlertsPage.objects.live().public().only("url_path").first()
    return survey_opt_in(page) if page is not None else None
