from wagtail import hooks

from .models.page import AlertsPage
from .subscribing import survey_opt_in


@hooks.register("survey_alerts_opt_in")
def alerts_opt_in():
    """The survey's "keep me informed" question subscribes here while the sign-up page is live
    (forms/opt_in.py); otherwise forms leaves the question out."""
    page = AlertsPage.objects.live().public().first()
    return survey_opt_in(page) if page is not None else None
