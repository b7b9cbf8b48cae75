"""The survey question "Chcę dostawać informacje o kolejnych konsultacjach" (field type "alerts").

The subscriptions live in an app above forms, which forms does not import. That app registers a
Wagtail hook named HOOK: called with no arguments, it returns a function `subscribe(address)`
while it takes sign-ups, else None. With no such function the question is left out of the
survey, as if the editor had not added it. A ticked box sends the address given in the survey's
e-mail question through the same double opt-in as the sign-up page (a confirmation link first).
"""

from wagtail import hooks

FIELD_TYPE = "alerts"
HOOK = "survey_alerts_opt_in"


def subscriber():
    for hook in hooks.get_hooks(HOOK):
        subscribe = hook()
        if subscribe is not None:
            return subscribe
    return None
