"""The register's filters: a plain GET form whose bad values are dropped with a visible note."""

import datetime
from functools import cached_property

from django import forms
from django.db.models import Exists, Max, Min, OuterRef, Q
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .models.labels import every_label
from .models.status import STATUS_FILTERS, counts_per_filter
from .models.taxonomy import District, Topic

EVERYTHING = [("", _("Wszystkie"))]
# The filters a feed (RSS, iCal) keeps: what it is about, not when.
FEED_FILTERS = ("temat", "obszar")


class RegisterFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    temat = forms.ChoiceField(label=_("Temat"), required=False)
    obszar = forms.ChoiceField(label=_("Dzielnica"), required=False)
    rok = forms.TypedChoiceField(label=_("Rok"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years=list, **kwargs):
        """`years`: a function giving the years to offer, newest first.

        Topics, districts and years are read when the form is shown or a value is checked against
        them (an empty value never is), and once per form: a page that neither shows the form
        nor filters (a calendar feed) does not read them."""
        super().__init__(*args, **kwargs)
        self._years = years
        self.fields["status"].choices = EVERYTHING + [(key, label) for key, (label, _s) in STATUS_FILTERS.items()]
        self.fields["temat"].choices = lambda: self.topic_choices
        self.fields["obszar"].choices = lambda: self.district_choices
        self.fields["rok"].choices = lambda: self.year_choices

    @cached_property
    def labels(self):
        # Kept on this form (one request): both choice lists read it; one query instead of two
        # (register 19 -> 17 queries cold, with the cards' labels read together).
        return every_label()

    @cached_property
    def topic_choices(self):
        topics = sorted(self.labels.topics, key=Topic.sort_key)
        return EVERYTHING + [(topic.slug, topic.name) for topic in topics]

    @cached_property
    def district_choices(self):
        districts = sorted(self.labels.districts, key=District.sort_key)
        return EVERYTHING + [(district.slug, district.name) for district in districts]

    @cached_property
    def year_choices(self):
        return EVERYTHING + [(str(year), str(year)) for year in self._years()]


def in_district(slug):
    """Consultations in the district, and those about the whole city, which concern every district
    (one condition, so a consultation tagged with both is counted once)."""
    matching = District.objects.filter(consultations=OuterRef("pk")).filter(Q(slug=slug) | Q(is_whole_city=True))
    return Exists(matching)


def during_year(consultations, year):
    """The consultations that run on at least one day of `year`."""
    return consultations.filter(start_date__lte=datetime.date(year, 12, 31), end_date__gte=datetime.date(year, 1, 1))


def year_span(first, last):
    """The years from `last`'s down to `first`'s, or none without dates."""
    return list(range(last.year, first.year - 1, -1)) if first and last else []


class RegisterFilter:
    """Applies the valid filters from a query string to a consultation queryset (with status).

    `consultations` is the queryset of what may be listed (live and public), or a function that
    builds it. The years offered are those of these consultations and no others. (`model` is
    not used; callers from before may still pass it.)"""

    def __init__(self, data, consultations, model=None):
        self._consultations = consultations
        # Only the fields the form knows, and only the first value of each, so a repeated or
        # unknown parameter never breaks the page.
        known = {name: data.get(name, "") for name in RegisterFilterForm.base_fields}
        # Unless another filter narrows the list, the years come with the status counts.
        self._years_need_a_query = any(known[name].strip() for name in ("temat", "obszar", "rok"))
        self.form = RegisterFilterForm(known, years=self.years)
        self.form.is_valid()
        self.values = {}
        self.notes = []
        for name, field in self.form.fields.items():
            raw = known[name].strip()
            if name in self.form.errors:
                self.notes.append(
                    _("Pominięto nieznaną wartość filtra „%(field)s”: „%(value)s”.")
                    % {"field": field.label, "value": raw[:50]}
                )
                # Show the control without the rejected value.
                self.form.data = self.form.data.copy()
                self.form.data[name] = ""
            elif self.form.cleaned_data.get(name) not in (None, ""):
                self.values[name] = self.form.cleaned_data[name]

    @cached_property
    def consultations(self):
        return self._consultations() if callable(self._consultations) else self._consultations

    @property
    def is_active(self):
        return bool(self.values)

    def _apply(self, queryset, names):
        values = {name: value for name, value in self.values.items() if name in names}
        if "status" in values:
            _label, statuses = STATUS_FILTERS[values["status"]]
            queryset = queryset.filter(derived_status__in=[status.value for status in statuses])
        if "temat" in values:
            queryset = queryset.filter(topics__slug=values["temat"])
        if "obszar" in values:
            queryset = queryset.filter(in_district(values["obszar"]))
        if "rok" in values:
            queryset = during_year(queryset, values["rok"])
        return queryset

    def queryset(self):
        return self._apply(self.consultations, self.values)

    def without_status(self):
        """Every other filter applied: the base for the per-status counts."""
        return self._apply(self.consultations, set(self.values) - {"status"})

    @cached_property
    def summary(self):
        """Per status, what the other filters leave (ConsultationQuerySet.status_summary)."""
        return self.without_status().status_summary()

    @property
    def count(self):
        """How many consultations the filters leave, from the summary."""
        counts = counts_per_filter(self.summary)
        status = self.values.get("status")
        return counts[status] if status else sum(row["count"] for row in self.summary.values())

    def years(self):
        """The years the consultations span, newest first."""
        if self._years_need_a_query:
            span = self.consultations.order_by().aggregate(first=Min("start_date"), last=Max("end_date"))
        else:
            rows = self.summary.values()
            span = {
                "first": min((row["first"] for row in rows if row["first"]), default=None),
                "last": max((row["last"] for row in rows if row["last"]), default=None),
            }
        return year_span(span["first"], span["last"])

    @property
    def chosen_names(self):
        """The names of the chosen district and topic (for a filtered feed's name)."""
        names = []
        for name, choices in (("obszar", "district_choices"), ("temat", "topic_choices")):
            if name in self.values:
                names.append(dict(getattr(self.form, choices))[self.values[name]])
        return names

    def query_string(self, **overrides):
        values = {**self.values, **overrides}
        return urlencode({name: value for name, value in values.items() if value not in (None, "")})

    def status_links(self):
        """Quick links per status with their counts, keeping the other filters."""
        counts = counts_per_filter(self.summary)
        current = self.values.get("status")
        links = [
            {
                "label": _("Wszystkie"),
                "query": self.query_string(status=None),
                "count": sum(counts.values()),
                "current": current is None,
            }
        ]
        for key, (label, _statuses) in STATUS_FILTERS.items():
            links.append(
                {
                    "label": label,
                    "query": self.query_string(status=key),
                    "count": counts[key],
                    "current": current == key,
                }
            )
        return links

    @property
    def pagination_prefix(self):
        query = self.query_string()
        return f"{query}&" if query else ""
