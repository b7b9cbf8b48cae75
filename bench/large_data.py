"""Fill the bench database with a large portal on top of the demo data. Run through
bench/load.py (settings come from it):

    python bench/large_data.py city     # a large city's ten years: 600 consultations, 200 meetings
                                        # (50 of them recurring), 1,000 documents
    python bench/large_data.py stress   # 10,000 consultations, 500 recurring meetings, 2,000 documents

Documents are attached to the consultations (one or two each, in turn) and are in the
publications library. Pages are inserted in bulk with their tree paths computed here
(treebeard's add_child one by one would take most of the benchmark's time); the search index is
then rebuilt once.
"""

import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.documents import get_document_model  # noqa: E402
from wagtail.models import Page  # noqa: E402

import recurrence  # noqa: E402

# By name, so the script runs on any version of the apps' modules.
ConsultationIndexPage = apps.get_model("consultation", "ConsultationIndexPage")
ConsultationPage = apps.get_model("consultation", "ConsultationPage")
District = apps.get_model("consultation", "District")
Topic = apps.get_model("consultation", "Topic")
Meeting = apps.get_model("consultation", "Meeting")
PortalDocument = get_document_model()

# consultations, meetings, how many of those meetings repeat, documents, and how far back the
# consultations began (days): the city's span is ten years, the stress set's as before.
SCALES = {
    "city": {"consultations": 600, "meetings": 200, "recurring": 50, "documents": 1_000, "days_back": 3_650},
    "stress": {"consultations": 10_000, "meetings": 500, "recurring": 500, "documents": 2_000, "days_back": 900},
}

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SUBJECTS = ["rewitalizacji", "budżetu obywatelskiego", "planu miejscowego", "zieleni miejskiej", "komunikacji"]
PLACES = ["Śródmieścia", "Ksawery", "Grodźca", "Łagiszy", "Syberki", "Warpia", "Zagórza"]


def tree_step(number):
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return digits.rjust(4, "0")


def add_consultations(count, days_back):
    register = ConsultationIndexPage.objects.get()
    content_type = ContentType.objects.get_for_model(ConsultationPage)
    today = timezone.localdate()
    now = timezone.now()
    topics, districts = list(Topic.objects.all()), list(District.objects.all())
    first = register.numchild + 1
    local_fields = list(ConsultationPage._meta.local_concrete_fields)
    rng = random.Random(2026)
    for batch_start in range(0, count, 1000):
        pages, consultations = [], []
        for i in range(batch_start, min(count, batch_start + 1000)):
            slug = f"konsultacje-bench-{i:05d}"
            title = f"Konsultacje {SUBJECTS[i % len(SUBJECTS)]} {PLACES[i % len(PLACES)]} nr {i}"
            start = today + datetime.timedelta(days=rng.randint(-days_back, 120))
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    path=register.path + tree_step(first + i),
                    depth=register.depth + 1,
                    numchild=0,
                    url_path=f"{register.url_path}{slug}/",
                    locale_id=register.locale_id,
                    live=True,
                    first_published_at=now,
                    last_published_at=now,
                )
            )
            consultations.append(
                {
                    "lead": f"Zapraszamy mieszkańców {PLACES[i % len(PLACES)]} do konsultacji {SUBJECTS[i % len(SUBJECTS)]}.",
                    "legal_basis": f"Zarządzenie nr {i}/2026 Prezydenta Miasta Będzina",
                    "start_date": start,
                    "end_date": start + datetime.timedelta(days=rng.randint(21, 60)),
                    "results_published_on": (start + datetime.timedelta(days=90)) if i % 3 == 0 else None,
                }
            )
        created = Page.objects.bulk_create(pages)
        children = []
        for page, fields in zip(created, consultations, strict=True):
            child = ConsultationPage(page_ptr_id=page.pk, **{f.name: getattr(page, f.name) for f in Page._meta.fields})
            for name, value in fields.items():
                setattr(child, name, value)
            child.participants = str(child.participants)
            children.append(child)
        ConsultationPage._base_manager._insert(children, fields=local_fields)
        through_topics = ConsultationPage.topics.through
        through_districts = ConsultationPage.districts.through
        through_topics.objects.bulk_create(
            [
                through_topics(consultationpage_id=c.page_ptr_id, topic=topics[n % len(topics)])
                for n, c in enumerate(children)
            ]
        )
        through_districts.objects.bulk_create(
            [
                through_districts(consultationpage_id=c.page_ptr_id, district=districts[n % len(districts)])
                for n, c in enumerate(children)
            ]
        )
    Page.objects.filter(pk=register.pk).update(numchild=register.numchild + count)


def add_meetings(count, recurring):
    """`count` meetings, `recurring` of them weekly duty hours around today (so the calendar's
    month and the upcoming dates are full), the others one-off meetings during their
    consultations, spread over the whole span."""
    warsaw = timezone.get_default_timezone()
    today = timezone.localdate()
    rng = random.Random(2027)
    hosts = list(
        ConsultationPage.objects.filter(slug__startswith="konsultacje-bench-")
        .order_by("-end_date")
        .only("pk", "start_date", "end_date")[:recurring]
    )
    others = list(
        ConsultationPage.objects.filter(slug__startswith="konsultacje-bench-")
        .order_by("?")
        .only("pk", "start_date", "end_date")[: count - recurring]
    )
    for n, page in enumerate(hosts):
        start = datetime.datetime.combine(today - datetime.timedelta(days=n % 40), datetime.time(17, 0), warsaw)
        rule = recurrence.Rule(recurrence.WEEKLY, count=10 + n % 20)
        Meeting(
            page=page,
            title=f"Punkt konsultacyjny {n}",
            kind="duty",
            start=start,
            end=start + datetime.timedelta(hours=2),
            recurrence=recurrence.Recurrence(rrules=[rule], exdates=[start + datetime.timedelta(days=14)]),
            place_name="Urząd Miejski w Będzinie",
            address="ul. 11 Listopada 20",
        ).save()
    for n, page in enumerate(others):
        span = max(0, (page.end_date - page.start_date).days)
        day = page.start_date + datetime.timedelta(days=rng.randint(0, span))
        start = datetime.datetime.combine(day, datetime.time(17 + n % 2, 0), warsaw)
        Meeting(
            page=page,
            title=f"Spotkanie konsultacyjne {n}",
            kind="open",
            start=start,
            end=start + datetime.timedelta(hours=2),
            place_name=f"Dom Kultury {PLACES[n % len(PLACES)]}",
            address="ul. Małachowskiego 29",
        ).save()


def add_documents(count):
    template = PortalDocument.objects.exclude(file="").first()
    documents = [
        PortalDocument(
            title=f"Dokument {i}: projekt uchwały w sprawie {SUBJECTS[i % len(SUBJECTS)]}",
            file=template.file.name,
            file_size=template.file_size,
            description=f"Materiał do konsultacji {SUBJECTS[i % len(SUBJECTS)]} dla {PLACES[i % len(PLACES)]}.",
            category=template.category,
            extracted_text=f"Rewitalizacja {PLACES[i % len(PLACES)]}: uwagi mieszkańców i harmonogram prac {i}.",
            page_count=2,
            collection_id=template.collection_id,
        )
        for i in range(count)
    ]
    created = PortalDocument.objects.bulk_create(documents, batch_size=500)
    # Attached to the consultations in turn (one or two each), as a city attaches its drafts.
    attachment = ConsultationPage.documents.rel.related_model
    consultations = list(
        ConsultationPage.objects.filter(slug__startswith="konsultacje-bench-")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    attachment.objects.bulk_create(
        [
            attachment(
                page_id=consultations[i % len(consultations)], document=document, sort_order=i // len(consultations)
            )
            for i, document in enumerate(created)
        ],
        batch_size=500,
    )


def main(scale="stress"):
    sizes = SCALES[scale]
    timings = {}
    started = time.perf_counter()
    with transaction.atomic():
        add_consultations(sizes["consultations"], sizes["days_back"])
        add_meetings(sizes["meetings"], sizes["recurring"])
        add_documents(sizes["documents"])
    timings["insert"] = time.perf_counter() - started
    started = time.perf_counter()
    call_command("update_index", verbosity=0)
    timings["update_index"] = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # As autovacuum would soon after a bulk load: without statistics the planner guesses
        # row counts and picks sequential scans a running portal would not see.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(
        f"Large data ({scale}): {sizes['consultations']} consultations, {sizes['meetings']} meetings "
        f"({sizes['recurring']} recurring), {sizes['documents']} documents in {timings['insert']:.0f} s; "
        f"search index rebuilt in {timings['update_index']:.0f} s."
    )


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in SCALES:
        raise SystemExit(f"usage: python bench/large_data.py {{{'|'.join(SCALES)}}}")
    main(sys.argv[1])
