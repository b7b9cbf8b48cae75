"""The portal's open datasets, described once for the "Otwarte dane" page and for the DCAT-AP
catalogue (RDF/XML and Turtle, built with rdflib) that the national portal dane.gov.pl harvests.

DCAT-AP (and its Polish profile DCAT-AP-PL): a dcat:Catalog of dcat:Dataset, each with its
dcat:Distribution (accessURL, downloadURL, format, media type, licence), titles and descriptions
in Polish (and in English where a translation exists), publisher, contact point, update frequency
and modification date. Controlled values come from the EU vocabularies (file types, frequencies,
languages, data themes). The fields of each dataset are explained in the page's templates
(consultation/templates/consultation/open_data/)."""

from dataclasses import dataclass, field

from django.db.models import Max
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, XSD

from documents.models import PortalDocument
from home.models import PortalSettings

from .models.calendar_page import CalendarPage
from .models.pages import ConsultationPage
from .models.register import ConsultationIndexPage

EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPE = Namespace(EU + "file-type/")
FREQUENCY = Namespace(EU + "frequency/")
LANGUAGE = Namespace(EU + "language/")
THEME = Namespace(EU + "data-theme/")
MEDIA_TYPE = Namespace("https://www.iana.org/assignments/media-types/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

# (EU frequency code, what the page says)
DAILY = (
    "DAILY",
    _(
        "codziennie: status konsultacji zmienia się o północy, a nowe i zmienione konsultacje pojawiają się od razu po publikacji"
    ),
)
ON_PUBLISHING = ("IRREG", _("nieregularnie: od razu po każdej publikacji lub zmianie"))


@dataclass
class Distribution:
    key: str
    title: str
    url: str
    media_type: str  # IANA, e.g. text/csv
    file_type: str  # EU file type code, e.g. CSV
    download: bool = True  # a file (downloadURL), or a service to query (accessURL only)


@dataclass
class Dataset:
    key: str
    title: str
    description: str
    keywords: list
    frequency: tuple
    modified: object  # an aware datetime, or None
    distributions: list = field(default_factory=list)

    @property
    def fields_template(self):
        return f"consultation/open_data/{self.key}_fields.html"

    @property
    def frequency_label(self):
        return self.frequency[1]


def _api_url(root_url, endpoint, query=""):
    try:
        return root_url + reverse(f"wagtailapi:{endpoint}:listing") + query
    except NoReverseMatch:  # a site without the API composed in
        return None


def datasets(request):
    """The datasets this site publishes now, in their order on the page (a few queries)."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    root_url = site.root_url
    found = []
    register = ConsultationIndexPage.objects.live().public().in_site(site).first()
    if register is not None:
        register_url = register.get_full_url(request)
        modified = (
            ConsultationPage.objects.live()
            .public()
            .child_of(register)
            .aggregate(last=Max("last_published_at"))["last"]
        )
        distributions = [
            Distribution("csv", _("Rejestr konsultacji (CSV)"), f"{register_url}rejestr.csv", "text/csv", "CSV"),
            Distribution(
                "json", _("Rejestr konsultacji (JSON)"), f"{register_url}rejestr.json", "application/json", "JSON"
            ),
        ]
        api = _api_url(root_url, "pages", "?type=consultation.ConsultationPage")
        if api:
            distributions.append(
                Distribution("api", _("API konsultacji (JSON)"), api, "application/json", "JSON", download=False)
            )
        found.append(
            Dataset(
                "rejestr",
                _("Rejestr konsultacji społecznych"),
                _(
                    "Wszystkie konsultacje społeczne prowadzone przez miasto: przedmiot, podstawa prawna, "
                    "terminy, status, tematy, dzielnice, wydział prowadzący, spotkania i data publikacji wyników."
                ),
                [_("konsultacje społeczne"), _("partycypacja"), _("samorząd")],
                DAILY,
                modified,
                distributions,
            )
        )
        calendar = CalendarPage.objects.live().public().in_site(site).first()
        if calendar is not None:
            found.append(
                Dataset(
                    "kalendarz",
                    _("Kalendarz spotkań konsultacyjnych"),
                    _("Spotkania, warsztaty i dyżury konsultacyjne, także cykliczne, w formacie iCalendar."),
                    [_("konsultacje społeczne"), _("spotkania"), _("kalendarz")],
                    DAILY,
                    modified,
                    [
                        Distribution(
                            "ics",
                            _("Kalendarz spotkań (iCalendar)"),
                            f"{calendar.get_full_url(request)}kalendarz.ics",
                            "text/calendar",
                            "ICS",
                        )
                    ],
                )
            )
    documents_api = _api_url(root_url, "documents")
    if documents_api:
        found.append(
            Dataset(
                "dokumenty",
                _("Dokumenty konsultacji i publikacje"),
                _(
                    "Publiczne dokumenty portalu: projekty aktów, mapy, raporty z konsultacji i publikacje, "
                    "z opisem, rodzajem, datą publikacji i adresem pliku."
                ),
                [_("konsultacje społeczne"), _("dokumenty"), _("raporty")],
                ON_PUBLISHING,
                PortalDocument.objects.public().aggregate(last=Max("created_at"))["last"],
                [
                    Distribution(
                        "api", _("API dokumentów (JSON)"), documents_api, "application/json", "JSON", download=False
                    )
                ],
            )
        )
    return found


def _texts(graph, subject, predicate, text):
    """The Polish text, and the English one when the catalogue of translations has it."""
    with translation.override("pl"):
        polish = str(text)
    with translation.override("en"):
        english = str(text)
    graph.add((subject, predicate, Literal(polish, lang="pl")))
    if english != polish:
        graph.add((subject, predicate, Literal(english, lang="en")))


def catalogue_graph(page, request, found=None):
    """The DCAT-AP catalogue of the datasets, described by the "Otwarte dane" `page`."""
    found = datasets(request) if found is None else found
    settings = PortalSettings.for_request(request)
    page_url = page.get_full_url(request)
    licence = URIRef(page.licence)
    graph = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", VCARD)):
        graph.bind(prefix, namespace)

    publisher = URIRef(f"{page_url}#wydawca")
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(settings.office_name or settings.portal_name, lang="pl")))
    # Named, not a blank node: every dataset refers to it, and RDF/XML writes a shared blank
    # node in full only once.
    contact = URIRef(f"{page_url}#kontakt")
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(settings.office_name or settings.portal_name, lang="pl")))
    email = page.contact_email or settings.email
    if email:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email}")))
    graph.add((licence, RDF.type, DCTERMS.LicenseDocument))

    catalogue = URIRef(f"{page_url}katalog.rdf")
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    _texts(graph, catalogue, DCTERMS.title, _("Otwarte dane: %(portal)s") % {"portal": settings.portal_name})
    _texts(
        graph,
        catalogue,
        DCTERMS.description,
        _("Dane o konsultacjach społecznych miasta %(city)s: rejestr, spotkania i dokumenty.")
        % {"city": settings.city_name},
    )
    graph.add((catalogue, DCTERMS.publisher, publisher))
    graph.add((catalogue, FOAF.homepage, URIRef(page_url)))
    graph.add((catalogue, DCTERMS.language, LANGUAGE.POL))
    graph.add((catalogue, DCTERMS.license, licence))
    last = max((dataset.modified for dataset in found if dataset.modified), default=None)
    if last:
        graph.add((catalogue, DCTERMS.modified, Literal(last.isoformat(), datatype=XSD.dateTime)))

    for dataset in found:
        node = URIRef(f"{page_url}#{dataset.key}")
        graph.add((catalogue, DCAT.dataset, node))
        graph.add((node, RDF.type, DCAT.Dataset))
        graph.add((node, DCTERMS.identifier, Literal(str(node))))
        _texts(graph, node, DCTERMS.title, dataset.title)
        _texts(graph, node, DCTERMS.description, dataset.description)
        for keyword in dataset.keywords:
            _texts(graph, node, DCAT.keyword, keyword)
        graph.add((node, DCAT.theme, THEME.GOVE))
        graph.add((node, DCTERMS.publisher, publisher))
        graph.add((node, DCAT.contactPoint, contact))
        graph.add((node, DCAT.landingPage, URIRef(f"{page_url}#{dataset.key}")))
        graph.add((node, DCTERMS.accrualPeriodicity, FREQUENCY[dataset.frequency[0]]))
        graph.add((node, DCTERMS.language, LANGUAGE.POL))
        if dataset.modified:
            graph.add((node, DCTERMS.modified, Literal(dataset.modified.isoformat(), datatype=XSD.dateTime)))
        for distribution in dataset.distributions:
            item = URIRef(f"{page_url}#{dataset.key}-{distribution.key}")
            graph.add((node, DCAT.distribution, item))
            graph.add((item, RDF.type, DCAT.Distribution))
            _texts(graph, item, DCTERMS.title, distribution.title)
            graph.add((item, DCAT.accessURL, URIRef(distribution.url)))
            if distribution.download:
                graph.add((item, DCAT.downloadURL, URIRef(distribution.url)))
            graph.add((item, DCTERMS.format, FILE_TYPE[distribution.file_type]))
            graph.add((item, DCAT.mediaType, MEDIA_TYPE[distribution.media_type]))
            graph.add((item, DCTERMS.license, licence))
            if dataset.modified:
                graph.add((item, DCTERMS.modified, Literal(dataset.modified.isoformat(), datatype=XSD.dateTime)))
    return graph
