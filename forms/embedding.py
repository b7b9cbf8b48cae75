"""Forms embedded in other pages post to their own page; an invalid post comes back through the session.

The form page keeps the resident's values under its own key, redirects to the embedding page, and
the embedding page's `{% embedded_form %}` tag binds them again, so the errors and every value show
where the resident was reading (post/redirect/get: a refresh does not send the form twice).
"""

from django import forms
from django.http import QueryDict

from .limits import MAX_TEXT_LENGTH

SESSION_PREFIX = "forms:embedded:"
ERRORS_PREFIX = "forms:embedded-errors:"
# Never kept: the CSRF token is issued afresh with the page.
SKIPPED = {"csrfmiddlewaretoken"}
# Kept of an invalid post: of a text, twice the longest a field accepts (forms/limits.py); of a
# choice, its value and no more than this many values; of the whole form, at most KEPT_IN_ALL.
KEPT_CHARACTERS = 2 * MAX_TEXT_LENGTH
CHOICE_CHARACTERS = 255
KEPT_CHOICES = 100
KEPT_IN_ALL = 10 * MAX_TEXT_LENGTH


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
    """Keep what the resident typed into the form's own fields, each value at most a little past
    the longest a field accepts (the text comes back to be shortened, with its error), and no
    more values per field than the field has choices: made-up fields and megabytes of junk
    posted by a stranger never reach the session's row."""
    kept, room = [], KEPT_IN_ALL
    for name, values in form.data.lists():
        field = form.fields.get(name)
        if field is None or name in SKIPPED:
            continue
        if isinstance(field, forms.MultipleChoiceField):
            values, length = values[:KEPT_CHOICES], CHOICE_CHARACTERS
        elif isinstance(field, forms.ChoiceField):
            values, length = values[:1], CHOICE_CHARACTERS
        else:
            values, length = values[:1], KEPT_CHARACTERS
        values = [str(value)[: min(length, room)] for value in values]
        room -= sum(len(value) for value in values)
        kept.append((name, values))
    request.session[f"{SESSION_PREFIX}{_key(form_page)}"] = kept
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
