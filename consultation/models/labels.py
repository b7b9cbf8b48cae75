"""The labels consultations are tagged with (topics, districts, and a page's department), read
in one query however many kinds are asked for: rows of each kind's table combined by UNION ALL,
each led by the id of what it belongs to and its kind, then the label's id, name, slug and
"whole city" flag. Labels come with those fields only; any other is read if asked for, as
with .only()."""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Value

from .taxonomy import Department, District, Topic

TOPIC, DISTRICT, DEPARTMENT = "topic", "district", "department"
LOADED_FIELDS = {
    TOPIC: (Topic, ("id", "name", "slug")),
    DISTRICT: (District, ("id", "name", "slug", "is_whole_city")),
    DEPARTMENT: (Department, ("id", "name")),
}


@dataclass
class Labels:
    topics: list = field(default_factory=list)
    districts: list = field(default_factory=list)
    department: object = None

    def add(self, kind, label):
        if kind == DEPARTMENT:
            self.department = label
        else:
            (self.topics if kind == TOPIC else self.districts).append(label)


def _text(value):
    return Value(value, output_field=models.CharField())


def _no():
    return Value(False, output_field=models.BooleanField())


def _labels_in(rows):
    """(owner id, kind, label) for each row of the combined query."""
    for owner_id, kind, *values in rows:
        model, names = LOADED_FIELDS[kind]
        yield owner_id, kind, model.from_db(rows.db, names, values[: len(names)])


def every_label():
    """Every topic and every district (the filter form's choices), in one query."""
    topics = Topic.objects.order_by().values_list("pk", _text(TOPIC), "pk", "name", "slug", _no())
    districts = District.objects.order_by().values_list("pk", _text(DISTRICT), "pk", "name", "slug", "is_whole_city")
    found = Labels()
    for _owner_id, kind, label in _labels_in(topics.union(districts, all=True)):
        found.add(kind, label)
    return found


def read_labels(pages, with_department=False):
    """{page id: Labels} for these saved ConsultationPages, in one query; departments by the
    pages' own department_id (a preview's may differ from the saved one)."""
    pages = list(pages)
    found = {page.pk: Labels() for page in pages}
    if not pages:
        return found
    links = type(pages[0])
    topics = links.topics.through.objects.filter(consultationpage_id__in=found).values_list(
        "consultationpage_id", _text(TOPIC), "topic_id", "topic__name", "topic__slug", _no()
    )
    districts = links.districts.through.objects.filter(consultationpage_id__in=found).values_list(
        "consultationpage_id",
        _text(DISTRICT),
        "district_id",
        "district__name",
        "district__slug",
        "district__is_whole_city",
    )
    rows = topics.union(districts, all=True)
    department_ids = {page.department_id for page in pages if page.department_id} if with_department else set()
    if department_ids:
        departments = Department.objects.filter(pk__in=department_ids).order_by()
        rows = rows.union(departments.values_list("pk", _text(DEPARTMENT), "pk", "name", _text(""), _no()), all=True)
    for owner_id, kind, label in _labels_in(rows):
        if kind == DEPARTMENT:
            for page in pages:
                if page.department_id == owner_id:
                    found[page.pk].add(kind, label)
        else:
            found[owner_id].add(kind, label)
    return found
