"""Topics, districts and departments: the snippets editors tag consultations with."""

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index

# Neither SQLite nor PostgreSQL (without an ICU collation set up per database) orders Ł after L
# and Ś after S, so names are ordered in Python, by this key; the lists are short.
POLISH_ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(POLISH_ALPHABET)}


def _character_key(character):
    rank = _LETTER_RANK.get(character)
    if rank is not None:
        return (1, rank, "")
    # A letter from another language sorts right after its base letter (é after e, before ę).
    base = unicodedata.normalize("NFKD", character)[:1]
    if base in _LETTER_RANK:
        return (1, _LETTER_RANK[base], character)
    # Spaces, digits and punctuation before letters.
    return (0, ord(character), "")


def polish_sort_key(text):
    """A key that orders text in Polish alphabetical order, letter case aside."""
    return ([_character_key(character) for character in text.casefold()], text)


SLUG_HELP = _("Część adresu filtra, małe litery bez polskich znaków, np. „zielen-miejska”.")


class Topic(index.Indexed, models.Model):
    """A subject area residents filter the register by (transport, green areas, budget…)."""

    name = models.CharField(max_length=100, unique=True, verbose_name=_("Nazwa"))
    slug = models.SlugField(
        max_length=100, unique=True, allow_unicode=False, verbose_name=_("Adres"), help_text=SLUG_HELP
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("temat")
        verbose_name_plural = _("tematy")

    def __str__(self):
        return self.name

    def sort_key(self):
        return polish_sort_key(self.name)


class District(index.Indexed, models.Model):
    """A district (dzielnica) of the city, or the whole city."""

    name = models.CharField(max_length=100, unique=True, verbose_name=_("Nazwa"))
    slug = models.SlugField(
        max_length=100, unique=True, allow_unicode=False, verbose_name=_("Adres"), help_text=SLUG_HELP
    )
    is_whole_city = models.BooleanField(
        default=False,
        verbose_name=_("Całe miasto"),
        help_text=_("Zaznacz dla pozycji oznaczającej konsultacje dotyczące całego miasta."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("is_whole_city")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["-is_whole_city", "name"]
        verbose_name = _("dzielnica")
        verbose_name_plural = _("dzielnice")

    def __str__(self):
        return self.name

    def sort_key(self):
        """The whole city first, then the districts in Polish alphabetical order."""
        return (not self.is_whole_city, polish_sort_key(self.name))


class Department(index.Indexed, models.Model):
    """The unit of the city office that runs a consultation."""

    name = models.CharField(max_length=200, unique=True, verbose_name=_("Nazwa"))
    email = models.EmailField(blank=True, verbose_name=_("E-mail"))
    phone = models.CharField(max_length=50, blank=True, verbose_name=_("Telefon"))

    panels = [FieldPanel("name"), FieldPanel("email"), FieldPanel("phone")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("wydział")
        verbose_name_plural = _("wydziały")

    def __str__(self):
        return self.name
