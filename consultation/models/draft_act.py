"""A consultation's draft act as numbered units (Rozdział, §, ust., pkt), for remarks part by part.

A unit stores what an editor types or the .docx import makes: its label as the act numbers it
and its text, in the act's order. Its depth, parent and anchor (`par-3-ust-2`) are derived from
the labels in that order (consultation/act_numbering.py) whenever the act is read, so no
stored copy can fall behind an edit.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from modelcluster.fields import ParentalKey

from consultation.act_numbering import anchors, depth_of, parents


class ActUnit(Orderable):
    """One numbered part of a draft act: a chapter, a paragraph, a section or a point."""

    page = ParentalKey("consultation.ConsultationPage", on_delete=models.CASCADE, related_name="act_units")
    label = models.CharField(
        max_length=100,
        verbose_name=_("Oznaczenie"),
        help_text=_("Tak, jak numeruje je projekt, np. „Rozdział 2”, „§ 3”, „§ 3 ust. 2”, „§ 3 ust. 2 pkt 1”."),
    )
    text = models.TextField(
        blank=True,
        verbose_name=_("Treść"),
        help_text=_("Dla rozdziału: jego tytuł. Puste, gdy paragraf składa się tylko z ustępów."),
    )

    panels = [FieldPanel("label"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("część projektu aktu")
        verbose_name_plural = _("części projektu aktu")

    def __str__(self):
        return self.label

    @property
    def choice_label(self):
        """The label with the start of its text, to tell units apart in a list of choices."""
        text = " ".join(self.text.split())
        if not text:
            return self.label
        return f"{self.label} – {text[:70]}…" if len(text) > 70 else f"{self.label} – {text}"


def numbered(units):
    """The units (in the act's order) with `depth`, `anchor` and `parent` set on each: one pass
    over what was read, no query."""
    units = list(units)
    depths = [depth_of(unit.label) for unit in units]
    for unit, depth, anchor, parent in zip(
        units, depths, anchors([u.label for u in units]), parents(depths), strict=True
    ):
        unit.depth = depth
        unit.anchor = anchor
        unit.parent = units[parent] if parent is not None else None
    return units
