"""Malformed admin posts answer 400, not 500.

Wagtail's editors read StreamField and inline-panel posts by their management fields
(`body-count`, `body-0-deleted`, `body-0-order`); a post without them or with text where a number
belongs raises KeyError or ValueError deep inside the form, which Django turns into a 500 and an
error mail. The admin's own JavaScript never sends such a post: it is a hand-made or truncated
request, so the answer is 400 Bad Request, logged as a warning with its traceback (a real bug
would still be seen there).
"""

import logging

from django.http import HttpResponseBadRequest
from django.urls import reverse

logger = logging.getLogger(__name__)

MALFORMED = (KeyError, ValueError, IndexError)


class MalformedAdminPostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method != "POST" or not isinstance(exception, MALFORMED):
            return None
        if not request.path.startswith(reverse("wagtailadmin_home")):
            return None
        logger.warning("Malformed admin post to %s answered 400", request.path, exc_info=exception)
        return HttpResponseBadRequest("Malformed form data.", content_type="text/plain; charset=utf-8")
