"""Demo content owned by the documents app: real PDF files with Polish text, and /publikacje/.

Idempotent: documents are found by title and their file is replaced only when its content
changed; collections and the publications page are found by name and slug.
"""

import datetime
import hashlib

from django.core.files.base import ContentFile

from wagtail.models import Collection

from documents.models import Category, Language, PortalDocument, PublicationsPage
from documents.pdf_writer import make_pdf
from home.demo import home_page, save_page
from search.polish import strip_diacritics

COLLECTIONS = ("Publikacje", "Ulotki", "Raporty")

# (title, category, collection, language, published, description, paragraphs)
DOCUMENTS = [
    (
        "Strategia rozwoju Miasta Będzina na lata 2026–2035",
        Category.PUBLICATION,
        "Publikacje",
        Language.POLISH,
        datetime.date(2026, 3, 12),
        "Dokument strategiczny: wizja miasta, cele i kierunki działań na najbliższą dekadę.",
        [
            "Strategia rozwoju Miasta Będzina określa, jak miasto chce się zmieniać w latach 2026–2035. "
            "Powstała na podstawie diagnozy społeczno-gospodarczej, ankiet mieszkańców i warsztatów w dzielnicach.",
            "Cel 1. Zielone i zdrowe miasto: nowe parki kieszonkowe, retencja wody deszczowej, "
            "modernizacja oświetlenia ulicznego i poprawa jakości powietrza.",
            "Cel 2. Miasto dobrych połączeń: bezpieczne drogi rowerowe łączące Ksawerę, Grodziec i Śródmieście, "
            "przystanki dostępne dla osób z niepełnosprawnościami, lepsze skomunikowanie z Katowicami.",
            "Cel 3. Miasto aktywnych mieszkańców: budżet obywatelski, konsultacje społeczne prowadzone "
            "przez cały rok, wsparcie organizacji pozarządowych i rad dzielnic.",
            "\f",
            "Wdrażanie strategii. Co roku burmistrz przedstawia radzie miasta raport o stanie miasta, "
            "w którym opisuje postęp realizacji celów. Wskaźniki monitorowania zestawiono w załączniku.",
            "Strategię przyjęto po konsultacjach społecznych, w których mieszkańcy zgłosili 214 uwag. "
            "Zestawienie uwag wraz ze stanowiskiem miasta opublikowano na portalu konsultacji.",
            "\f",
            "Załącznik. Wskaźniki: powierzchnia terenów zieleni na mieszkańca, długość dróg rowerowych, "
            "liczba projektów budżetu obywatelskiego, frekwencja w konsultacjach, liczba dni ze smogiem.",
        ],
    ),
    (
        "Przewodnik: jak wziąć udział w konsultacjach społecznych",
        Category.PUBLICATION,
        "Publikacje",
        Language.POLISH,
        datetime.date(2025, 9, 30),
        "Krótki poradnik dla mieszkańców: formy konsultacji, terminy i sposób zgłaszania uwag.",
        [
            "Konsultacje społeczne to sposób, w jaki miasto pyta mieszkańców o zdanie przed podjęciem decyzji. "
            "Każdy mieszkaniec Będzina może zgłosić uwagę, wypełnić ankietę albo przyjść na spotkanie.",
            "Uwagi można składać przez formularz kontaktowy na portalu, e-mailem, listownie albo osobiście "
            "w punkcie konsultacyjnym w Urzędzie Miejskim przy ul. 11 Listopada 20.",
            "Po zakończeniu konsultacji miasto publikuje raport: wszystkie uwagi wraz z informacją, "
            "czy zostały uwzględnione, i z uzasadnieniem.",
        ],
    ),
    (
        "Public consultations in Będzin: a short guide in English",
        Category.PUBLICATION,
        "Publikacje",
        Language.ENGLISH,
        datetime.date(2025, 10, 15),
        "Przewodnik po konsultacjach dla osób nieznających języka polskiego.",
        [
            "Public consultations let residents of Będzin comment on draft resolutions, strategies, "
            "budgets and local spatial plans before the city council decides.",
            "You can send remarks through the contact form, by e-mail, by post or in person at the "
            "consultation point in the City Hall.",
        ],
    ),
    (
        "Ulotka: budżet obywatelski 2027 – zgłoś swój projekt",
        Category.LEAFLET,
        "Ulotki",
        Language.POLISH,
        datetime.date(2026, 10, 1),
        "Terminy i zasady zgłaszania projektów do budżetu obywatelskiego na 2027 rok.",
        [
            "Masz pomysł na swoją dzielnicę? Zgłoś projekt do budżetu obywatelskiego! "
            "Na projekty mieszkańców przeznaczamy 2 miliony złotych.",
            "Projekty można zgłaszać do 30 listopada. Głosowanie odbędzie się w lutym. "
            "Projekt musi poprzeć co najmniej 15 mieszkańców.",
        ],
    ),
    (
        "Ulotka: łąki kwietne zamiast trawników",
        Category.LEAFLET,
        "Ulotki",
        Language.POLISH,
        datetime.date(2026, 4, 20),
        "Dlaczego miasto rzadziej kosi trawniki i gdzie powstaną nowe łąki.",
        [
            "Łąka kwietna zatrzymuje wodę, daje schronienie pszczołom i motylom i nie wymaga częstego koszenia. "
            "W tym roku nowe łąki powstaną przy ulicy Małobądzkiej i w parku na Syberce.",
            "Prosimy nie wydeptywać łąk. Koszenie odbywa się dwa razy w roku, po przekwitnięciu roślin.",
        ],
    ),
    (
        "Ulotka: żółw błotny nad Przemszą",
        Category.LEAFLET,
        "Ulotki",
        Language.POLISH,
        datetime.date(2026, 5, 22),
        "Jak chronić rzadkie gatunki w dolinie Czarnej Przemszy.",
        [
            "Żółw błotny to jedyny żółw żyjący dziko w Polsce. Jego siedliska w dolinie Czarnej Przemszy "
            "są chronione. Nie wypuszczaj do rzek żółwi z hodowli domowych.",
            "Jeśli zobaczysz żółwia na drodze, przenieś go na pobocze w kierunku, w którym szedł.",
        ],
    ),
    (
        "Raport z konsultacji projektu budżetu miasta na 2026 rok",
        Category.REPORT,
        "Raporty",
        Language.POLISH,
        datetime.date(2025, 12, 18),
        "Podsumowanie konsultacji: liczba uwag, najczęstsze tematy i odpowiedzi miasta.",
        [
            "W konsultacjach projektu budżetu miasta na 2026 rok mieszkańcy zgłosili 87 uwag: 52 przez "
            "formularz na portalu, 21 w ankiecie i 14 na spotkaniach w dzielnicach.",
            "Najczęściej pisano o remontach chodników, oświetleniu przejść dla pieszych i o zieleni osiedlowej. "
            "Miasto uwzględniło w całości 19 uwag, częściowo 23.",
            "Wnioski: mieszkańcy oczekują wcześniejszej informacji o spotkaniach i wersji budżetu łatwej do czytania.",
        ],
    ),
    (
        "Raport: diagnoza obszaru rewitalizacji Śródmieścia",
        Category.REPORT,
        "Raporty",
        Language.POLISH,
        datetime.date(2026, 2, 5),
        "Wyniki badań społecznych i urbanistycznych w Śródmieściu przed programem rewitalizacji.",
        [
            "Diagnoza obejmuje Śródmieście i Podzamcze. Wskazuje koncentrację problemów społecznych: "
            "bezrobocie, ubóstwo energetyczne i zły stan techniczny kamienic.",
            "Rewitalizacja Śródmieścia powinna objąć remonty kamienic, nowe funkcje parterów przy ulicy "
            "Małachowskiego i zagospodarowanie brzegów Czarnej Przemszy.",
        ],
    ),
    (
        "Projekt uchwały w sprawie programu ochrony powietrza",
        Category.DRAFT_ACT,
        "Publikacje",
        Language.POLISH,
        datetime.date(2026, 11, 2),
        "Projekt uchwały Rady Miejskiej Będzina poddany konsultacjom społecznym.",
        [
            "Uchwała Nr …/2026 Rady Miejskiej Będzina w sprawie przyjęcia programu ochrony powietrza.",
            "§ 1. Przyjmuje się program ochrony powietrza dla Miasta Będzina, stanowiący załącznik do uchwały. "
            "§ 2. Wykonanie uchwały powierza się Prezydentowi Miasta Będzina.",
            "Program przewiduje dotacje do wymiany kotłów węglowych, termomodernizację budynków komunalnych "
            "i kontrole palenisk prowadzone przez straż miejską.",
        ],
    ),
    (
        "Mapa obszaru rewitalizacji",
        Category.MAP,
        "Publikacje",
        Language.POLISH,
        datetime.date(2026, 2, 5),
        "Granice obszaru rewitalizacji na tle podziału miasta na dzielnice.",
        [
            "Legenda: obszar rewitalizacji obejmuje Śródmieście, Podzamcze i część Warpia. "
            "Skala 1:10 000. Opracowanie: Wydział Urbanistyki i Architektury.",
        ],
    ),
    (
        "Regulamin punktu konsultacyjnego",
        Category.OTHER,
        "Publikacje",
        Language.POLISH,
        datetime.date(2025, 6, 1),
        "Zasady działania punktu konsultacyjnego w Urzędzie Miejskim.",
        [
            "Punkt konsultacyjny działa w czasie trwających konsultacji, w poniedziałki w godzinach 15:00–17:00, "
            "w sali 12 na parterze Urzędu Miejskiego. Pracownik urzędu przyjmuje uwagi ustne i pisemne.",
        ],
    ),
]

CSV_DOCUMENT = (
    "Wykaz punktów konsultacyjnych (CSV)",
    Category.OTHER,
    "Publikacje",
    "Adresy i godziny punktów konsultacyjnych w formacie do arkusza kalkulacyjnego.",
    "miejsce;adres;godziny\n"
    "Urząd Miejski;ul. 11 Listopada 20;pon. 15:00-17:00\n"
    "Miejska Biblioteka Publiczna;ul. Modrzejowska 6;śr. 12:00-14:00\n",
)


def collections():
    root = Collection.get_first_root_node()
    found = {}
    for name in COLLECTIONS:
        collection = root.get_children().filter(name=name).first()
        found[name] = collection or root.add_child(name=name)
    return found


def save_document(title, content, filename, **fields):
    """Create the document or update the one made before; replace its file only if it changed."""
    document = PortalDocument.objects.filter(title=title).first()
    if document is None:
        document = PortalDocument(title=title)
    for name, value in fields.items():
        setattr(document, name, value)
    if document.file_hash != hashlib.sha1(content).hexdigest():  # noqa: S324 - the same hash Wagtail stores
        document.file = ContentFile(content, name=filename)
        document.file_hash = ""
    document.save()
    return document


def load(stdout):
    found = collections()
    for title, category, collection, language, published_on, description, paragraphs in DOCUMENTS:
        save_document(
            title,
            make_pdf(title, paragraphs),
            f"{slug_for(title)}.pdf",
            category=category,
            collection=found[collection],
            language=language,
            published_on=published_on,
            description=description,
            in_library=True,
        )
    title, category, collection, description, text = CSV_DOCUMENT
    save_document(
        title,
        text.encode(),
        "punkty-konsultacyjne.csv",
        category=category,
        collection=found[collection],
        description=description,
        published_on=datetime.date(2025, 6, 1),
        in_library=True,
    )
    save_page(
        home_page(),
        PublicationsPage,
        "publikacje",
        title="Publikacje",
        show_in_menus=True,
        intro="Publikacje, ulotki, raporty z konsultacji, projekty uchwał i mapy do pobrania.",
    )
    stdout.write(f"Documents: {len(DOCUMENTS) + 1} documents in {len(COLLECTIONS)} collections, publications page.\n")


def slug_for(title):
    """File names in ASCII, without Django's slugify (it drops ł)."""
    words = "".join(char if char.isalnum() else " " for char in strip_diacritics(title).lower()).split()
    return "-".join(words)[:60]
