"""Operational endpoints that belong to the project as a whole."""

import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """For load balancers: 200 while the database answers; the cache may be degraded."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any database failure means this server cannot serve
        checks["database"] = "unavailable"
    probe = uuid.uuid4().hex
    try:
        cache.set("healthz-probe", probe, 10)
        checks["cache"] = "ok" if cache.get("healthz-probe") == probe else "degraded"
    except Exception:  # noqa: BLE001 - the site keeps serving without its cache
        checks["cache"] = "degraded"
    status = 200 if checks["database"] == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "unavailable", **checks}, status=status)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without the CSRF cookie (cookies blocked, or cleared while
    the form was open) gets the portal's page saying why and how to send it, in the interface's
    language, instead of Django's bare page meant for developers."""
    return render(request, "403_csrf.html", {"form_url": request.path}, status=403)
