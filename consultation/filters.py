"""The register's filters: a plain GET form whose bad values are dropped with a visible note."""

import datetime
from functools import cached_property

from django import forms
from django.db.models import Max, Min
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from home.content_version import GenerationMemo

from .models import STATUS_FILTERS, District, Topic

# What the filters offer changes only with content: read once per content generation.
_choices = GenerationMemo()


def _topics():
    return _choices.get("topics", lambda: list(Topic.objects.values_list("slug", "name")))


def _districts():
    return _choices.get("districts", lambda: list(District.objects.values_list("slug", "name")))


def _years(model):
    def read():
        # The span of every consultation, read from its own table without the page join.
        span = model._default_manager.order_by().aggregate(first=Min("start_date"), last=Max("end_date"))
        return list(range(span["last"].year, span["first"].year - 1, -1)) if span["first"] else []

    return _choices.get(f"years:{model._meta.label}", read)


class RegisterFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    temat = forms.ChoiceField(label=_("Temat"), required=False)
    obszar = forms.ChoiceField(label=_("Dzielnica"), required=False)
    rok = forms.TypedChoiceField(label=_("Rok"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        """`years`: the years to offer, or a function that gives them.

        Topics, districts and years are offered through functions: they are read only when the
        form is shown or a value is checked against them (an empty value never is), so a page
        that neither shows the form nor filters (a calendar feed) does not read them."""
        super().__init__(*args, **kwargs)
        everything = [("", _("Wszystkie"))]
        self.fields["status"].choices = everything + [(key, label) for key, (label, _s) in STATUS_FILTERS.items()]
        self.fields["temat"].choices = lambda: everything + _topics()
        self.fields["obszar"].choices = lambda: everything + _districts()
        self.fields["rok"].choices = lambda: (
            everything + [(str(year), str(year)) for year in (years() if callable(years) else years)]
        )


class RegisterFilter:
    """Applies the valid filters from a query string to a consultation queryset (with status).

    `consultations` is the queryset, or a function that builds it: then it is built only when a
    list is not already cached (building a page queryset costs more than reading a fragment)."""

    def __init__(self, data, consultations, model=None):
        self._consultations = consultations
        model = model or consultations.model
        # Only the fields the form knows, and only the first value of each, so a repeated or
        # unknown parameter never breaks the page.
        known = {name: data.get(name, "") for name in RegisterFilterForm.base_fields}
        self.form = RegisterFilterForm(known, years=lambda: _years(model))
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

    @property
    def choices_key(self):
        """What the form's topic and district lists offer, as a digest (see
        meeting_rows.content_digest): with form_state, what a cached copy of the form is keyed on,
        so a change of other content does not render it again."""
        from .meeting_rows import content_digest

        return content_digest(_topics(), _districts())

    @property
    def form_state(self):
        """What the rendered form shows (its bound values): part of its fragment-cache key."""
        return "&".join(f"{name}={self.form.data.get(name, '')}" for name in self.form.fields)

    def _apply(self, queryset, names):
        values = {name: value for name, value in self.values.items() if name in names}
        if "status" in values:
            _label, statuses = STATUS_FILTERS[values["status"]]
            queryset = queryset.filter(derived_status__in=[status.value for status in statuses])
        if "temat" in values:
            queryset = queryset.filter(topics__slug=values["temat"])
        if "obszar" in values:
            queryset = queryset.filter(districts__slug=values["obszar"])
        if "rok" in values:
            year = values["rok"]
            queryset = queryset.filter(
                start_date__lte=datetime.date(year, 12, 31), end_date__gte=datetime.date(year, 1, 1)
            )
        return queryset

    def queryset(self):
        return self._apply(self.consultations, self.values)

    def without_status(self):
        """Every other filter applied: the base for the per-status counts."""
        return self._apply(self.consultations, set(self.values) - {"status"})

    def query_string(self, **overrides):
        values = {**self.values, **overrides}
        return urlencode({name: value for name, value in values.items() if value not in (None, "")})

    def status_links(self, counts):
        """Quick links per status with their counts, keeping the other filters."""
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
