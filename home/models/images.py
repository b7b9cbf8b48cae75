from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.images.models import AbstractImage, AbstractRendition, Image


class PortalImage(AbstractImage):
    """The portal's image model: alternative text is required for every image."""

    # Wagtail uses `description` as the default alt text; here it may not be left empty.
    description = models.CharField(
        max_length=255,
        default="",
        verbose_name=_("Tekst alternatywny"),
        help_text=_("Opisz, co przedstawia obraz, dla osób niewidomych (np. „Rynek w Będzinie z lotu ptaka”)."),
    )
    credit = models.CharField(max_length=255, blank=True, verbose_name=_("Autor lub źródło"))

    admin_form_fields = (*Image.admin_form_fields, "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("obraz")
        verbose_name_plural = _("obrazy")


class PortalRendition(AbstractRendition):
    image = models.ForeignKey(PortalImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
