"""Forms embedded in other pages post to their own page; an invalid post comes back through the session.

The form page keeps the resident's values under its own key, redirects to the embedding page, and
the embedding page's `{% embedded_form %}` tag binds them again, so the errors and every value show
where the resident was reading (post/redirect/get: a refresh does not send the form twice).
"""

from django.http import QueryDict

SESSION_PREFIX = "forms:embedded:"
ERRORS_PREFIX = "forms:embedded-errors:"
# Never kept: the CSRF token is issued afresh with the page.
SKIPPED = {"csrfmiddlewaretoken"}


def error_summary_id(form_page):
    """The id of an embedded form's error summary, where the redirect after an invalid post lands.

    A redirect to the form's section would leave focus on <body>: browsers clear focus when they
    scroll to a fragment that cannot take focus, after forms.js focused the summary. The summary
    (tabindex="-1") can, so the browser itself focuses it.
    """
    return f"{form_page.form_anchor}-bledy"


def _key(form_page):
    """A form page's id, or the key a form without a page of its own goes by (forms/act_remarks.py)."""
    return form_page if isinstance(form_page, str) else form_page.pk


def remember_invalid_post(request, form_page, form):
    request.session[f"{SESSION_PREFIX}{_key(form_page)}"] = [
        (name, values) for name, values in form.data.lists() if name not in SKIPPED
    ]
    # Form-wide refusals that validating the values again would not find (the rate limit).
    request.session[f"{ERRORS_PREFIX}{_key(form_page)}"] = [str(error) for error in form.non_field_errors()]


def pop_form_errors(request, form_page):
    session = getattr(request, "session", None)
    return session.pop(f"{ERRORS_PREFIX}{_key(form_page)}", []) if session is not None else []


def pop_invalid_post(request, form_page):
    session = getattr(request, "session", None)
    if session is None:
        return None
    stored = session.pop(f"{SESSION_PREFIX}{_key(form_page)}", None)
    if stored is None:
        return None
    data = QueryDict(mutable=True)
    for name, values in stored:
        data.setlist(name, values)
    return data
