"""Riding out a database restart: repeat the request once the database is back, or answer 503.

When PostgreSQL restarts (an upgrade, a fail-over, a crash), every open connection dies and new
ones are refused for a moment. CONN_HEALTH_CHECKS replaces a dead persistent connection before
a request uses it; this middleware looks after the requests caught in the middle.

- A public POST (a resident's remark or survey answers) runs in one transaction, from its first
  query to the rendered thank-you page. It is either stored and acknowledged, or not stored at
  all; the resident is never told "sent" without a row, and a failed attempt leaves nothing
  behind that sending again would duplicate.
- If a lost connection interrupts a request, the middleware waits up to DATABASE_RETRY_SECONDS
  for the database to accept connections again and runs the request again (at most
  DATABASE_RETRY_ATTEMPTS times in all). A restart that takes a second costs the visitor that
  second, not an error.
- If the database stays away, the visitor gets a 503 with Retry-After and a Polish page that
  says to try again (and, after a form, that nothing was stored).
- Admin POSTs are neither wrapped nor repeated (Wagtail manages their transactions); they get
  the 503 page. Only lost connections count: any other database error is a bug and stays a 500.

A connection lost during the COMMIT itself leaves the outcome in doubt. Each wrapped transaction
therefore writes a row with a random token (portal.models.CommittedRequest), and once the
database answers again looking for the token settles it: found, the visitor gets the thank-you
page after all; missing, the request is repeated. (A transaction id would not do: after a crash
PostgreSQL may give the same id to a new transaction.) Only if the database stays away does the
visitor get a 503 page saying the form may not have been saved, logged as an error.

Work that must follow a commit (the forms' e-mails) is registered with transaction.on_commit:
a rolled-back attempt drops it, a repeat registers it anew. A failed COMMIT drops it too, so the
callbacks are kept aside and run if the token shows the transaction committed after all.
"""

import contextlib
import datetime
import logging
import random
import sys
import time
import uuid

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError, connections, transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Admin views manage their own transactions; they are not wrapped or repeated.
UNWRAPPED_PREFIXES = ("/admin/", "/django-admin/")
# SQLSTATE classes of a lost or refused connection: 08 connection exception, 57P shutdown.
CONNECTION_SQLSTATES = ("08", "57P")
FAULT_ATTRIBUTE = "_database_fault"
# Share of wrapped posts that also delete day-old CommittedRequest rows.
CLEANUP_PROBABILITY = 0.01
IN_TRANSACTION_ATTRIBUTE = "_database_fault_transaction"


def is_connection_error(exc):
    """True if the exception means the database connection was lost or refused."""
    if not isinstance(exc, OperationalError | InterfaceError):
        return False
    cause = exc.__cause__
    if cause is not None and not type(cause).__module__.startswith("psycopg"):
        return False  # e.g. SQLite's "database is locked": not a lost connection
    if isinstance(exc, InterfaceError):
        return True  # "connection already closed"
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return code is None or code.startswith(CONNECTION_SQLSTATES)


def close_connections():
    for connection in connections.all(initialized_only=True):
        # A dead connection may fail to close; it is dropped either way.
        with contextlib.suppress(DatabaseError):
            connection.close()


def wait_for_database(deadline):
    """Reconnect every database used so far; True once they answer, False at the deadline."""
    while True:
        close_connections()
        try:
            for connection in connections.all(initialized_only=True):
                connection.ensure_connection()
            return True
        except (OperationalError, InterfaceError):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.2)


def unavailable_response(request, outcome_unknown=False):
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        content = render_to_string(
            "503.html",
            {"posted": request.method not in SAFE_METHODS, "outcome_unknown": outcome_unknown},
        )
    response = HttpResponse(content, status=503)
    response["Retry-After"] = "5"
    response["Cache-Control"] = "no-store"
    return response


@receiver(got_request_exception)
def _remember_fault(sender, request=None, **kwargs):
    # Exceptions raised outside the view (in other middleware) reach Django's 500 handler; note
    # a lost connection so the middleware can still answer 503 or repeat the request.
    exc = sys.exc_info()[1]
    if request is not None and is_connection_error(exc):
        setattr(request, FAULT_ATTRIBUTE, exc)


def _first_line(exc):
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class CommitInDoubt(Exception):
    """The connection was lost during COMMIT; `response` is what the visitor would have got,
    `callbacks` the on_commit callbacks the failed COMMIT dropped."""

    def __init__(self, response, token, error, callbacks=()):
        super().__init__(str(error))
        self.response, self.token, self.error, self.callbacks = response, token, error, list(callbacks)


def commit_outcome(token, deadline):
    """ "committed", "aborted" or None (unknown) for a transaction whose COMMIT lost its connection."""
    from portal.models import CommittedRequest

    if not wait_for_database(deadline):
        return None
    try:
        return "committed" if CommittedRequest.objects.filter(token=token).exists() else "aborted"
    except (OperationalError, InterfaceError):
        return None


def _mark_transaction():
    """Write this transaction's proof of commit; now and then clear out day-old ones."""
    from portal.models import CommittedRequest

    token = uuid.uuid4()
    CommittedRequest.objects.bulk_create([CommittedRequest(token=token)])
    if random.random() < CLEANUP_PROBABILITY:  # noqa: S311 - not for security
        CommittedRequest.objects.filter(created_at__lt=timezone.now() - datetime.timedelta(days=1)).delete()
    return token


def run_commit_callbacks(callbacks):
    """Run on_commit callbacks of a transaction that committed although its COMMIT failed."""
    for callback, robust in callbacks:
        if not robust:
            callback()
            continue
        try:
            callback()
        except Exception:
            logger.exception("Error calling %s after a COMMIT in doubt", getattr(callback, "__qualname__", callback))


class DatabaseFaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        deadline = time.monotonic() + getattr(settings, "DATABASE_RETRY_SECONDS", 10)
        max_attempts = getattr(settings, "DATABASE_RETRY_ATTEMPTS", 3)
        safe = request.method in SAFE_METHODS
        wrapped = not safe and not request.path_info.startswith(UNWRAPPED_PREFIXES)
        attempt = 0
        while True:
            attempt += 1
            setattr(request, FAULT_ATTRIBUTE, None)
            try:
                response = self._attempt_in_transaction(request) if wrapped else self.get_response(request)
            except CommitInDoubt as doubt:
                outcome = commit_outcome(doubt.token, deadline)
                if outcome == "committed":
                    logger.warning(
                        "Database connection lost during COMMIT of %s %s (%s); the transaction committed",
                        request.method,
                        request.path,
                        _first_line(doubt.error),
                    )
                    run_commit_callbacks(doubt.callbacks)
                    return doubt.response
                if outcome is None:
                    logger.error(
                        "Database connection lost during COMMIT of %s %s (%s); whether it committed is unknown",
                        request.method,
                        request.path,
                        _first_line(doubt.error),
                    )
                    return unavailable_response(request, outcome_unknown=True)
                setattr(request, FAULT_ATTRIBUTE, doubt.error)  # aborted: nothing stored, send it again
            except (OperationalError, InterfaceError) as exc:
                if not is_connection_error(exc):
                    raise
                setattr(request, FAULT_ATTRIBUTE, getattr(request, FAULT_ATTRIBUTE) or exc)
            fault = getattr(request, FAULT_ATTRIBUTE)
            if fault is None:
                return response
            if not (safe or wrapped) or attempt >= max_attempts or not wait_for_database(deadline):
                logger.error("Database unavailable for %s %s: %s", request.method, request.path, _first_line(fault))
                return unavailable_response(request)
            logger.warning(
                "Database connection lost during %s %s (%s); it answers again, repeating the request",
                request.method,
                request.path,
                _first_line(fault),
            )

    def _attempt_in_transaction(self, request):
        """Run the request in one transaction; raise CommitInDoubt if the COMMIT lost its connection."""
        connection = connections["default"]
        # Replace a dead persistent connection now: inside the transaction it could not be.
        connection.close_if_health_check_failed()
        response = token = None
        callbacks = []
        try:
            with transaction.atomic():
                first_callback = len(connection.run_on_commit)
                token = _mark_transaction()
                setattr(request, IN_TRANSACTION_ATTRIBUTE, True)
                try:
                    response = self.get_response(request)
                finally:
                    setattr(request, IN_TRANSACTION_ATTRIBUTE, False)
                if getattr(request, FAULT_ATTRIBUTE) is not None:
                    transaction.set_rollback(True)
                # What this transaction registered (the list is longer only inside a test's transaction).
                callbacks = [(func, robust) for _sids, func, robust in connection.run_on_commit[first_callback:]]
        except (OperationalError, InterfaceError) as exc:
            if response is None or getattr(request, FAULT_ATTRIBUTE) is not None or not is_connection_error(exc):
                raise
            raise CommitInDoubt(response, token, exc, callbacks) from exc
        return response

    def process_exception(self, request, exception):
        if not is_connection_error(exception):
            return None
        setattr(request, FAULT_ATTRIBUTE, exception)
        if getattr(request, IN_TRANSACTION_ATTRIBUTE, False):
            transaction.set_rollback(True)
        # The response is replaced (a repeat or the 503 page); this one only stops Django
        # logging a 500 for a fault that is handled.
        return HttpResponse(status=503)
