"""The demo consultations: every status (dates relative to today), subject type and method.

`dates` are (start, end) and `results.published` an offset in days from today; topics, districts
and the department are slugs and keys of the taxonomies in consultation.demo.
"""

from home.demo import heading, paragraph, stream


def consultation_specs(documents):
    """The consultations to save, attaching `documents` (consultation.demo_documents.load_documents())."""
    return [
        {
            "slug": "plan-miejscowy-ksawera-kosciuszki",
            "title": "Projekt miejscowego planu zagospodarowania przestrzennego Ksawera – rejon ul. Kościuszki",
            "lead": (
                "Wyłożenie do publicznego wglądu projektu planu miejscowego dla terenów między ul. Kościuszki a "
                "Czarną Przemszą. Plan ustala, gdzie mogą powstać domy, usługi i zieleń."
            ),
            "easy_read_summary": (
                "Miasto pisze plan dla części dzielnicy Ksawera.\n"
                "Plan mówi, co wolno zbudować w danym miejscu.\n"
                "Możesz przeczytać plan i napisać, co o nim myślisz."
            ),
            "subject_type": "spatial_plan",
            "legal_basis": (
                "Art. 8k ustawy z dnia 27 marca 2003 r. o planowaniu i zagospodarowaniu przestrzennym; "
                "uchwała nr XLII/512/2025 Rady Miejskiej Będzina o przystąpieniu do sporządzenia planu."
            ),
            "topics": ["planowanie-przestrzenne", "zielen-i-srodowisko"],
            "districts": ["ksawera"],
            "department": "architektura",
            "contact": ("Anna Wrona", "a.wrona@bedzin.pl", "32 267 75 33"),
            "dates": (-10, 11),
            "methods": ["written", "email", "meetings", "point"],
            "documents": [documents["plan_text"], documents["plan_forecast"]],
            "body": stream(
                heading("Co obejmuje plan"),
                paragraph(
                    "Projekt obejmuje około 42 ha terenów w dzielnicy Ksawera, między ul. Kościuszki, "
                    "ul. Sączewskiego i korytem Czarnej Przemszy. Ustala przeznaczenie terenów pod zabudowę "
                    "mieszkaniową jednorodzinną i wielorodzinną, usługi oraz zieleń urządzoną nad rzeką.",
                    "Najważniejsze zmiany względem obecnego zagospodarowania to nowy ciąg pieszo-rowerowy "
                    "wzdłuż rzeki i ochrona zadrzewień przy ul. Kościuszki.",
                ),
                heading("Dyskusja publiczna"),
                paragraph(
                    "Dyskusja nad przyjętymi w projekcie rozwiązaniami odbędzie się w sali sesyjnej Urzędu "
                    "Miejskiego. Projekt jest wyłożony do wglądu w pokoju 12 w godzinach pracy urzędu."
                ),
            ),
        },
        {
            "slug": "budzet-miasta-2027",
            "title": "Projekt budżetu Miasta Będzina na 2027 rok",
            "lead": (
                "Zapraszamy do zapoznania się z projektem budżetu na przyszły rok i zgłaszania uwag: na co "
                "miasto wyda pieniądze, jakie inwestycje zaplanowało i skąd weźmie środki."
            ),
            "easy_read_summary": (
                "Budżet to plan, na co miasto wyda pieniądze w przyszłym roku.\n"
                "Możesz powiedzieć, co jest dla Ciebie najważniejsze."
            ),
            "subject_type": "budget",
            "legal_basis": "Zarządzenie nr 498/2026 Prezydenta Miasta Będzina w sprawie konsultacji projektu budżetu.",
            "topics": ["budzet-i-finanse"],
            "districts": ["cale-miasto"],
            "department": "budzet",
            "contact": ("Piotr Nowak", "p.nowak@bedzin.pl", "32 267 75 14"),
            "dates": (-5, 16),
            "methods": ["survey", "contact_form", "meetings"],
            "documents": [documents["budget_draft"]],
            "body": stream(
                heading("Najważniejsze liczby"),
                paragraph(
                    "Projekt przewiduje dochody w wysokości 412 mln zł i wydatki w wysokości 431 mln zł. "
                    "Na inwestycje miasto chce przeznaczyć 78 mln zł, w tym na przebudowę dróg w Grodźcu i "
                    "termomodernizację szkół.",
                ),
            ),
        },
        {
            "slug": "program-wspolpracy-ngo-2027",
            "title": "Program współpracy z organizacjami pozarządowymi na 2027 rok",
            "lead": (
                "Konsultujemy projekt uchwały w sprawie rocznego programu współpracy Miasta Będzina z "
                "organizacjami pozarządowymi: priorytety, formy współpracy i wysokość środków na konkursy."
            ),
            "easy_read_summary": (
                "Miasto współpracuje ze stowarzyszeniami i fundacjami.\n"
                "Co roku pisze program tej współpracy. Możesz go ocenić."
            ),
            "subject_type": "draft_resolution",
            "legal_basis": (
                "Art. 5a ust. 1 ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o "
                "wolontariacie; uchwała nr LIV/880/2010 Rady Miejskiej Będzina w sprawie szczegółowego "
                "sposobu konsultowania projektów aktów prawa miejscowego."
            ),
            "participants": "Organizacje pozarządowe i podmioty wymienione w art. 3 ust. 3 ustawy o działalności pożytku publicznego i o wolontariacie, działające na terenie Będzina.",
            "topics": ["organizacje-pozarzadowe", "sprawy-spoleczne"],
            "districts": ["cale-miasto"],
            "department": "spoleczny",
            "contact": ("Katarzyna Mazur", "k.mazur@bedzin.pl", "32 267 75 57"),
            "dates": (-18, 3),
            "methods": ["contact_form", "written", "email"],
            "documents": [documents["draft_resolution"]],
            "body": stream(
                paragraph(
                    "W programie proponujemy trzy priorytety: wsparcie seniorów, aktywność sportową dzieci i "
                    "młodzieży oraz ochronę dziedzictwa Zagłębia. Łączna kwota na otwarte konkursy ofert ma "
                    "wynieść 1,9 mln zł."
                ),
            ),
        },
        {
            "slug": "bezpieczne-przejscia-gzichow-lagisza",
            "title": "Bezpieczne przejścia dla pieszych w Gzichowie i Łagiszy",
            "lead": (
                "Które przejścia dla pieszych wymagają doświetlenia, wysepek lub progów zwalniających? "
                "Wskaż je na mapie w ankiecie albo przyjdź na spacer badawczy."
            ),
            "subject_type": "other",
            "legal_basis": "Zarządzenie nr 530/2026 Prezydenta Miasta Będzina.",
            "topics": ["transport-i-drogi"],
            "districts": ["gzichow", "lagisza"],
            "department": "drogi",
            "contact": ("Tomasz Kowalczyk", "t.kowalczyk@bedzin.pl", "32 267 75 72"),
            "dates": (-2, 25),
            "methods": ["survey", "meetings", "contact_form"],
            "body": stream(
                paragraph(
                    "W ubiegłym roku na ulicach Gzichowa i Łagiszy doszło do 14 potrąceń pieszych. Chcemy "
                    "wspólnie z mieszkańcami ustalić, które miejsca poprawić w pierwszej kolejności."
                ),
            ),
        },
        {
            "slug": "nasadzenia-drzew-syberka-srodmiescie",
            "title": "Zielony Będzin: nowe nasadzenia drzew na Syberce i w Śródmieściu",
            "lead": (
                "Gdzie posadzić 300 nowych drzew? Przed rozpoczęciem prac zapytamy mieszkańców o lokalizacje "
                "i gatunki."
            ),
            "subject_type": "strategy",
            "legal_basis": "Zarządzenie nr 541/2026 Prezydenta Miasta Będzina.",
            "topics": ["zielen-i-srodowisko"],
            "districts": ["syberka", "srodmiescie"],
            "department": "srodowisko",
            "contact": ("Magdalena Zielińska", "m.zielinska@bedzin.pl", "32 267 75 65"),
            "dates": (7, 37),
            "methods": ["survey", "meetings", "contact_form"],
            "body": stream(
                paragraph(
                    "Program nasadzeń finansujemy z Wojewódzkiego Funduszu Ochrony Środowiska i Gospodarki "
                    "Wodnej w Katowicach. Nasadzenia zaczną się wiosną."
                ),
            ),
        },
        {
            "slug": "strefa-platnego-parkowania-centrum",
            "title": "Strefa płatnego parkowania w centrum Będzina",
            "lead": (
                "Projekt uchwały w sprawie ustalenia strefy płatnego parkowania na ulicach Śródmieścia, "
                "opłat i zasad abonamentów dla mieszkańców."
            ),
            "subject_type": "draft_resolution",
            "legal_basis": "Art. 13b ustawy z dnia 21 marca 1985 r. o drogach publicznych; zarządzenie nr 552/2026 Prezydenta Miasta Będzina.",
            "topics": ["transport-i-drogi"],
            "districts": ["srodmiescie"],
            "department": "drogi",
            "contact": ("Tomasz Kowalczyk", "t.kowalczyk@bedzin.pl", "32 267 75 72"),
            "dates": (20, 50),
            "methods": ["survey", "contact_form", "written", "meetings"],
            "body": stream(
                paragraph(
                    "Strefa ma objąć ulice wokół Placu 3 Maja i ul. Małachowskiego. Mieszkańcy strefy "
                    "otrzymają abonament w obniżonej cenie."
                ),
            ),
        },
        {
            "slug": "program-rewitalizacji-2027-2033",
            "title": "Gminny Program Rewitalizacji Miasta Będzina na lata 2027–2033",
            "lead": (
                "Konsultacje projektu programu rewitalizacji: obszary, które wymagają wsparcia, i "
                "przedsięwzięcia, które miasto chce w nich przeprowadzić."
            ),
            "subject_type": "strategy",
            "legal_basis": "Art. 17 ustawy z dnia 9 października 2015 r. o rewitalizacji; zarządzenie nr 402/2026 Prezydenta Miasta Będzina.",
            "topics": ["rewitalizacja", "sprawy-spoleczne"],
            "districts": ["srodmiescie", "ksawera", "warpie"],
            "department": "rozwoj",
            "contact": ("Joanna Lis", "j.lis@bedzin.pl", "32 267 75 42"),
            "dates": (-50, -20),
            "methods": ["survey", "meetings", "written", "point"],
            "body": stream(
                paragraph(
                    "Obszar rewitalizacji obejmuje Śródmieście z Podzamczem, część Ksawery i Warpie. "
                    "Program przewiduje m.in. remont kamienic komunalnych, nowe centrum aktywności "
                    "lokalnej i odnowę podwórek."
                ),
            ),
        },
        {
            "slug": "uchwala-krajobrazowa",
            "title": "Projekt uchwały krajobrazowej dla Miasta Będzina",
            "lead": (
                "Zasady umieszczania reklam, szyldów i ogrodzeń w mieście. Uchwała ma uporządkować "
                "przestrzeń publiczną, zwłaszcza w Śródmieściu i przy drogach wylotowych."
            ),
            "subject_type": "draft_resolution",
            "legal_basis": "Art. 37a ustawy z dnia 27 marca 2003 r. o planowaniu i zagospodarowaniu przestrzennym.",
            "topics": ["planowanie-przestrzenne"],
            "districts": ["cale-miasto"],
            "department": "architektura",
            "contact": ("Anna Wrona", "a.wrona@bedzin.pl", "32 267 75 33"),
            "dates": (-120, -90),
            "methods": ["written", "email"],
            "body": stream(
                paragraph(
                    "Projekt dzieli miasto na cztery obszary o różnych zasadach. Najściślejsze obowiązują w "
                    "otoczeniu Zamku Królewskiego i Rynku."
                ),
            ),
        },
        {
            "slug": "bulwary-czarna-przemsza",
            "title": "Koncepcja zagospodarowania bulwarów nad Czarną Przemszą",
            "lead": (
                "Jak mają wyglądać bulwary nad Czarną Przemszą między Syberką a Śródmieściem? Zebraliśmy "
                "opinie o trzech wariantach koncepcji."
            ),
            "subject_type": "other",
            "legal_basis": "Zarządzenie nr 188/2026 Prezydenta Miasta Będzina.",
            "topics": ["zielen-i-srodowisko", "rewitalizacja"],
            "districts": ["srodmiescie", "syberka"],
            "department": "rozwoj",
            "contact": ("Joanna Lis", "j.lis@bedzin.pl", "32 267 75 42"),
            "dates": (-200, -170),
            "methods": ["survey", "meetings", "contact_form"],
            "results": {
                "published": -120,
                "summary": (
                    "<p>Wpłynęło 412 ankiet i 37 uwag przez formularz kontaktowy; w dwóch spotkaniach wzięło "
                    "udział 85 osób. Najwięcej głosów (61%) zdobył wariant B z szeroką promenadą i "
                    "miejscami do wypoczynku nad wodą.</p>"
                ),
                "changes": (
                    "<ul><li>Do koncepcji dodaliśmy plac zabaw przy ul. Podzamcze.</li>"
                    "<li>Ścieżka rowerowa zostanie oddzielona od ciągu pieszego.</li>"
                    "<li>Zrezygnowaliśmy z wycinki topoli przy kładce.</li></ul>"
                ),
                "report": documents["boulevards_report"],
            },
            "body": stream(
                paragraph("Koncepcję przygotowała pracownia wyłoniona w konkursie architektonicznym."),
            ),
        },
        {
            "slug": "regulamin-budzetu-obywatelskiego",
            "title": "Regulamin budżetu obywatelskiego Miasta Będzina",
            "lead": (
                "Nowe zasady zgłaszania i wyboru projektów w budżecie obywatelskim: kto może głosować, "
                "jak liczymy głosy i jaka jest pula na dzielnice."
            ),
            "subject_type": "draft_resolution",
            "legal_basis": "Art. 5a ust. 7 ustawy z dnia 8 marca 1990 r. o samorządzie gminnym.",
            "topics": ["budzet-i-finanse", "sprawy-spoleczne"],
            "districts": ["cale-miasto"],
            "department": "budzet",
            "contact": ("Piotr Nowak", "p.nowak@bedzin.pl", "32 267 75 14"),
            "dates": (-400, -370),
            "methods": ["survey", "contact_form", "email"],
            "results": {
                "published": -330,
                "summary": (
                    "<p>Wpłynęło 156 opinii. Mieszkańcy poparli obniżenie wieku uprawnionych do głosowania "
                    "do 13 lat i podział puli na projekty dzielnicowe i ogólnomiejskie.</p>"
                ),
                "changes": "<p>Wprowadziliśmy głosowanie papierowe w bibliotekach dla osób bez dostępu do internetu.</p>",
                "report": documents["participatory_report"],
            },
            "body": stream(paragraph("Budżet obywatelski w Będzinie działa od 2014 roku.")),
        },
    ]
