"""Fill the bench database with a large portal: 10,000 consultations, 500 recurring meetings,
2,000 documents, on top of the demo data. Run through bench/load.py (settings come from it).

Pages are inserted in bulk with their tree paths computed here (treebeard's add_child one by
one would take most of the benchmark's time); the search index is then rebuilt once.
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

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Page  # noqa: E402

import recurrence  # noqa: E402

from consultation.models import ConsultationIndexPage, ConsultationPage, District, Topic  # noqa: E402
from consultation.models.meetings import Meeting  # noqa: E402
from documents.models import PortalDocument  # noqa: E402

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SUBJECTS = ["rewitalizacji", "budżetu obywatelskiego", "planu miejscowego", "zieleni miejskiej", "komunikacji"]
PLACES = ["Śródmieścia", "Ksawery", "Grodźca", "Łagiszy", "Syberki", "Warpia", "Zagórza"]


def tree_step(number):
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return digits.rjust(4, "0")


def add_consultations(count):
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
            start = today + datetime.timedelta(days=rng.randint(-900, 120))
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


def add_meetings(count):
    warsaw = timezone.get_default_timezone()
    today = timezone.localdate()
    hosts = ConsultationPage.objects.filter(slug__startswith="konsultacje-bench-").order_by("-end_date")[:count]
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
    PortalDocument.objects.bulk_create(documents, batch_size=500)


def main(consultations=10_000, meetings=500, documents=2_000):
    timings = {}
    started = time.perf_counter()
    with transaction.atomic():
        add_consultations(consultations)
        add_meetings(meetings)
        add_documents(documents)
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
        f"Large data: {consultations} consultations, {meetings} recurring meetings, {documents} documents "
        f"in {timings['insert']:.0f} s; search index rebuilt in {timings['update_index']:.0f} s."
    )


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
