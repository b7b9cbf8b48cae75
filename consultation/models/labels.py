"""The labels consultations are tagged with (topics, districts, and a page's department), read
for many consultations in one query: the rows of both link tables with their names, instead of
one query per table (and per page)."""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Value

from .taxonomy import Department, District, Topic

# Each row: page id, kind, then the label's columns (the same for every kind).
LABEL_FIELDS = {
    "topic": (Topic, ("id", "name", "slug")),
    "district": (District, ("id", "name", "slug", "is_whole_city")),
    "department": (Department, ("id", "name")),
}


@dataclass
class Labels:
    topics: list = field(default_factory=list)
    districts: list = field(default_factory=list)
    department: object = None


def _text(value):
    return Value(value, output_field=models.CharField())


def _flag(value):
    return Value(value, output_field=models.BooleanField())


def read_labels(pages, with_department=False):
    """{page id: Labels} for these saved ConsultationPages, in one query (rows of the two link
    tables and, `with_department`, of the departments, each row led by its page's or department's
    id and its kind). Labels are loaded with the fields pages show (name, slug); any other field
    is read if asked for, as with .only()."""
    pages = list(pages)
    found = {page.pk: Labels() for page in pages}
    if not pages:
        return found
    ConsultationPage = type(pages[0])
    ids = list(found)
    topics = ConsultationPage.topics.through.objects.filter(consultationpage_id__in=ids).values_list(
        "consultationpage_id", _text("topic"), "topic_id", "topic__name", "topic__slug", _flag(False)
    )
    districts = ConsultationPage.districts.through.objects.filter(consultationpage_id__in=ids).values_list(
        "consultationpage_id",
        _text("district"),
        "district_id",
        "district__name",
        "district__slug",
        "district__is_whole_city",
    )
    rows = topics.union(districts, all=True)
    # The departments by the pages' own department_id (a preview's may differ from the saved one).
    department_ids = {page.department_id for page in pages if page.department_id} if with_department else set()
    if department_ids:
        departments = (
            Department.objects.filter(pk__in=department_ids)
            .order_by()
            .values_list("pk", _text("department"), "pk", "name", _text(""), _flag(False))
        )
        rows = rows.union(departments, all=True)
    for owner_id, kind, *values in rows:
        model, names = LABEL_FIELDS[kind]
        label = model.from_db(rows.db, names, values[: len(names)])
        if kind == "topic":
            found[owner_id].topics.append(label)
        elif kind == "district":
            found[owner_id].districts.append(label)
        else:
            for page in pages:
                if page.department_id == owner_id:
                    found[page.pk].department = label
    return found
    ConsultationPage = type(pages[0])
    ids = list(found)
    topics = ConsultationPage.topics.through.objects.filter(consultationpage_id__in=ids).values_list(
        "consultationpage_id", _text("topic"), "topic_id", "topic__name", "topic__slug", _flag(False)
    )
    districts = ConsultationPage.districts.through.objects.filter(consultationpage_id__in=ids).values_list(
        "consultationpage_id",
        _text("district"),
        "district_id",
        "district__name",
        "district__slug",
        "district__is_whole_city",
    )
    rows = topics.union(districts, all=True)
    department_ids = {page.department_id: page.pk for page in pages if page.department_id} if with_department else {}
    if department_ids:
        departments = (
            ConsultationPage.objects.filter(pk__in=ids, department__isnull=False)
            .order_by()
            .values_list("pk", _text("department"), "department_id", "department__name", _text(""), _flag(False))
        )
        rows = rows.union(departments, all=True)
    for page_id, kind, *values in rows:
        model, names = LABEL_FIELDS[kind]
        label = model.from_db(rows.db, names, values[: len(names)])
        if kind == "topic":
            found[page_id].topics.append(label)
        elif kind == "district":
            found[page_id].districts.append(label)
        else:
            found[page_id].department = label
    return found
