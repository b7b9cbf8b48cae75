"""StreamField blocks shared by every page type; one BodyBlock is reused everywhere."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from .visibility import in_open_collections

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; level 2 or 3 keeps the page outline in order."""

    text = blocks.CharBlock(label=_("Tekst nagłówka"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Poziom"),
        choices=[("h2", _("Nagłówek sekcji (H2)")), ("h3", _("Podsekcja (H3)"))],
        default="h2",
        # Its label is for editors: indexed, "Nagłówek sekcji (H2)" showed in search results.
        search_index=False,
    )

    class Meta:
        icon = "title"
        label = _("Nagłówek")
        template = "blocks/heading_block.html"


class FigureBlock(blocks.StructBlock):
    """An image with required alternative text and an optional caption."""

    image = ImageBlock(label=_("Obraz"))
    caption = blocks.CharBlock(label=_("Podpis"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Obraz")
        template = "blocks/figure_block.html"


class QuoteBlock(blocks.StructBlock):
    """A quotation, for example from a resident or the mayor."""

    text = blocks.TextBlock(label=_("Cytat"))
    attribution = blocks.CharBlock(label=_("Autor"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Cytat")
        template = "blocks/quote_block.html"


class CallToActionBlock(blocks.StructBlock):
    """A highlighted box with one link, for example to a survey or a meeting sign-up."""

    title = blocks.CharBlock(label=_("Tytuł"), max_length=200)
    text = blocks.TextBlock(label=_("Tekst"), required=False)
    page = blocks.PageChooserBlock(label=_("Strona w portalu"), required=False)
    url = blocks.URLBlock(label=_("lub adres zewnętrzny"), required=False)
    button_label = blocks.CharBlock(label=_("Tekst przycisku"), max_length=80)

    class Meta:
        icon = "pick"
        label = _("Wezwanie do działania")
        template = "blocks/call_to_action_block.html"

    def clean(self, value):
        result = super().clean(value)
        if not result.get("page") and not result.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": blocks.BlockValidationError(_("Wybierz stronę albo podaj adres."))}
            )
        return result


class AccordionItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Pytanie lub tytuł"), max_length=300)
    answer = blocks.RichTextBlock(label=_("Odpowiedź"), features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    """Questions and answers that residents open one by one (works without JavaScript)."""

    heading = blocks.CharBlock(label=_("Nagłówek"), required=False, max_length=200)
    items = blocks.ListBlock(AccordionItemBlock(), label=_("Pozycje"))

    class Meta:
        icon = "list-ul"
        label = _("Pytania i odpowiedzi")
        template = "blocks/accordion_block.html"


class DocumentLinksBlock(blocks.StructBlock):
    """Files to download, with their details (title, description, type, format, size, pages,
    language): its template includes the documents app's `documents/includes/document_list.html`.
    A file in a restricted collection (its download asks for a log-in) is not listed."""

    heading = blocks.CharBlock(label=_("Nagłówek"), required=False, max_length=200)
    documents = blocks.ListBlock(DocumentChooserBlock(label=_("Dokument")), label=_("Dokumenty"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["documents"] = in_open_collections(value["documents"])
        return context

    class Meta:
        icon = "doc-full"
        label = _("Dokumenty do pobrania")
        template = "blocks/document_links_block.html"


class EmbedMediaBlock(blocks.StructBlock):
    """An embedded video or map, with a title and a text alternative."""

    embed = EmbedBlock(label=_("Adres materiału (np. YouTube)"))
    title = blocks.CharBlock(label=_("Tytuł materiału"), max_length=200)
    transcript = blocks.TextBlock(label=_("Opis lub transkrypcja"), required=False)

    class Meta:
        icon = "media"
        label = _("Film lub mapa")
        template = "blocks/embed_block.html"


class EmbeddedFormBlock(blocks.StructBlock):
    """A survey or the contact form shown inline, so residents answer without leaving the page.

    The page types are named as strings and the template loads the forms app's tag, so home
    never imports forms (DESIGN.md: dependencies run one way).
    """

    form_page = blocks.PageChooserBlock(
        label=_("Ankieta lub formularz kontaktowy"),
        page_type=["forms.SurveyPage", "forms.ContactPage"],
    )
    heading = blocks.CharBlock(
        label=_("Nagłówek"),
        required=False,
        max_length=200,
        help_text=_("Zostaw puste, by użyć tytułu ankiety lub formularza."),
    )

    class Meta:
        icon = "form"
        label = _("Ankieta lub formularz")
        template = "blocks/embedded_form_block.html"


class SocialLinkBlock(blocks.StructBlock):
    """A link to the city's profile on a social network, listed in the footer."""

    name = blocks.CharBlock(label=_("Serwis"), max_length=50, help_text=_("Np. Facebook."))
    url = blocks.URLBlock(label=_("Adres profilu"), help_text=_("Pełny adres, np. https://www.facebook.com/…"))

    class Meta:
        icon = "link-external"
        label = _("Odnośnik do mediów społecznościowych")


class BodyBlock(blocks.StreamBlock):
    """The body of every content page."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Tekst"), features=RICH_TEXT_FEATURES, icon="pilcrow", template="blocks/paragraph_block.html"
    )
    image = FigureBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    accordion = AccordionBlock()
    table = TableBlock(
        label=_("Tabela"),
        icon="table",
        table_options={"startRows": 3, "startCols": 3, "colHeaders": False, "rowHeaders": False},
    )
    embed = EmbedMediaBlock()
    documents = DocumentLinksBlock()
    embedded_form = EmbeddedFormBlock()
