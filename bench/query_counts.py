"""Print, as JSON, the benchmark URLs, how many SQL queries each takes uncached and its size."""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from consultation.models import ConsultationPage  # noqa: E402


def main():
    consultation = ConsultationPage.objects.live().ongoing().order_by("end_date").first()
    urls = {
        "home page": "/",
        "register": "/konsultacje/",
        "consultation page": consultation.url,
        "calendar": "/kalendarz/",
        "ICS feed": "/kalendarz/kalendarz.ics",
        "search": "/szukaj/?q=rewitalizacja",
    }
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    counts, sizes = {}, {}
    with override_settings(PAGE_CACHE_ENABLED=False):
        for name, url in urls.items():
            client.get(url)  # warm per-process caches (settings, site root)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            counts[name] = len(queries)
            sizes[name] = len(response.content)
        # The search above is answered by the view's memo of its last answer (search/views.py);
        # a search not made before in the content generation ranks and loads its results.
        with override_settings(SEARCH_MEMO_SECONDS=0), CaptureQueriesContext(connection) as queries:
            client.get(urls["search"])
        counts["search, not made before"] = len(queries)
    print(json.dumps({"urls": urls, "queries": counts, "sizes": sizes}))


if __name__ == "__main__":
    main()
