"""Print, as JSON, the benchmark's URLs (one per public page type) and, for each, its size and
its SQL queries and time in this process:

- *uncached*: the page cache off, a second request in a row (what each process keeps per
  content generation, if anything, is warm: production between two publishes);
- *cold*: the page cache off and every cache emptied just before the request
  (bench/settings/every_cache.py), timed over COLD_SAMPLES requests (p50/p95, in process:
  Django's test client, no HTTP server).

Run by bench/load.py with the bench's settings in the environment. Finds its pages by their
content types, so it runs on any version of the code.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench" / "settings")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from wagtail.models import Page  # noqa: E402

from every_cache import clear_every_cache  # noqa: E402

COLD_SAMPLES = int(os.environ.get("BENCH_COLD_SAMPLES", "10"))
# The demo consultation with meetings, documents and a survey (the richest page of its type).
CONSULTATION_SLUG = "budzet-miasta-2027"


def page_of(model, **filters):
    """The first live public page of a content type (model name, lowercase), by tree order."""
    found = Page.objects.live().public().filter(content_type__model=model, **filters).order_by("path").first()
    if found is None:
        raise SystemExit(f"no live public page of type {model}")
    return found


def page_path(page):
    """The page's path on the default site (its url_path without the site root's)."""
    return "/" + page.url_path.split("/", 2)[2]


def benchmark_urls():
    consultation = Page.objects.live().public().filter(slug=CONSULTATION_SLUG).first() or page_of("consultationpage")
    register = page_path(page_of("consultationindexpage"))
    calendar = page_path(page_of("calendarpage"))
    topic = apps.get_model("consultation", "Topic").objects.order_by("pk").values_list("slug", flat=True).first()
    return {
        "home page": "/",
        "register": register,
        "register filtered": f"{register}?status=zakonczone&temat={topic}",
        "consultation page": page_path(consultation),
        "calendar": calendar,
        "calendar iCal feed": f"{calendar}kalendarz.ics",
        "consultation iCal feed": f"{page_path(consultation)}kalendarz.ics",
        "search": "/szukaj/?q=rewitalizacja",
        "publications": page_path(page_of("publicationspage")),
        "contact page": page_path(page_of("contactpage")),
        "survey page": page_path(page_of("surveypage", url_path__contains=f"/{consultation.slug}/")),
        "news page": page_path(page_of("newspage")),
        "standard page": page_path(page_of("standardpage")),
    }


_client = {}


def visitor():
    """An anonymous visitor: no cookies from an earlier answer (such as a form's CSRF cookie).
    One client, its cookies dropped: a new one would load the middleware again (WhiteNoise
    indexes every static file then), which no server does per request."""
    client = _client.setdefault("client", Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https"))
    client.cookies.clear()
    return client


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main():
    urls = benchmark_urls()
    counts, cold_counts, sizes, cold_times, clearing = {}, {}, {}, {}, []
    with override_settings(PAGE_CACHE_ENABLED=False):
        for name, url in urls.items():
            visitor().get(url)  # first renders: templates compiled, modules imported
            with CaptureQueriesContext(connection) as queries:
                response = visitor().get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            counts[name] = len(queries)
            sizes[name] = len(response.content)
        for name, url in urls.items():
            times = []
            for _ in range(COLD_SAMPLES):
                client = visitor()
                clearing.append(clear_every_cache())
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    client.get(url)
                    times.append((time.perf_counter() - started) * 1000)
                cold_counts[name] = max(cold_counts.get(name, 0), len(queries))
            cold_times[name] = {"p50": statistics.median(times), "p95": percentile(times, 0.95)}
    print(
        json.dumps(
            {
                "urls": urls,
                "queries": counts,
                "cold_queries": cold_counts,
                "cold_times": cold_times,
                "sizes": sizes,
                "clear_ms": statistics.median(clearing) * 1000,
            }
        )
    )


if __name__ == "__main__":
    main()
