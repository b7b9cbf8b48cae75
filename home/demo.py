"""Demo content owned by the home app: site settings, home page, about, statements, news.

Every function here is idempotent: it finds what it made last time (by slug or title) and
updates it, so `load_demo_data` can run again without duplicating anything.
"""

import datetime
import io
import json
import uuid

from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.models import Site

from home import demo_images
from home.models import FundingLogo, HomePage, NewsIndexPage, NewsPage, PortalImage, PortalSettings, StandardPage


def stream(*blocks):
    """StreamField JSON from (type, value) pairs, with stable-enough block ids."""
    return json.dumps([{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in blocks])


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def paragraph(*html_paragraphs):
    return ("paragraph", "".join(f"<p>{p}</p>" if not p.startswith("<") else p for p in html_paragraphs))


def demo_image(title, alt, content, extension="jpg"):
    image = PortalImage.objects.filter(title=title).first()
    if image is None:
        image = PortalImage(
            title=title, description=alt, file=ImageFile(io.BytesIO(content), name=f"demo.{extension}")
        )
        image.save()
    elif image.description != alt:
        image.description = alt
        image.save(update_fields=["description"])
    return image


def save_page(parent, model, slug, **fields):
    """Create the page under parent, or update the one made before; publish it either way."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    page.save_revision().publish()
    return page.specific_class.objects.get(pk=page.pk)


def home_page():
    return HomePage.objects.get(depth=2)


# Where `make run` serves the demo, so links made without a request (e-mails, a page's
# full_url) point there too.
DEMO_HOSTNAME = "127.0.0.1"
DEMO_PORT = 8000


def load(stdout):
    home = home_page()
    site = Site.objects.get(is_default_site=True)
    if (site.root_page_id, site.hostname, site.port) != (home.pk, DEMO_HOSTNAME, DEMO_PORT):
        site.root_page = home
        site.hostname = DEMO_HOSTNAME
        site.port = DEMO_PORT
        site.save()

    hero = demo_image(
        "Panorama Będzina (ilustracja)",
        "Ilustracja: wzgórze zamkowe i dachy domów w Będzinie",
        demo_images.landscape(0),
    )
    home.title = "Konsultacje społeczne"
    home.seo_title = "Konsultacje społeczne w Będzinie"
    home.search_description = "Portal konsultacji społecznych Miasta Będzina: trwające i planowane konsultacje, kalendarz spotkań, ankiety i wyniki."
    home.hero_title = "Twoje zdanie o Będzinie"
    home.hero_text = (
        "Tu sprawdzisz, o co miasto pyta mieszkańców teraz i w najbliższych tygodniach, "
        "weźmiesz udział w ankiecie, zgłosisz uwagę i przeczytasz, co zmieniło się dzięki Twojemu głosowi."
    )
    home.hero_image = hero
    home.social_image = hero
    home.save_revision().publish()
    home.refresh_from_db()

    about = save_page(
        home,
        StandardPage,
        "o-projekcie",
        title="O projekcie",
        show_in_menus=True,
        intro="Skąd wzięła się platforma konsultacji społecznych w Będzinie i komu służy.",
        body=stream(
            heading("Partycypacyjny Będzin"),
            paragraph(
                "Platforma powstała w projekcie „Partycypacyjny Będzin – Wdrożenie Platformy Konsultacji "
                "Społecznych online w Będzinie”. Miasto Będzin przygotowało go razem z Fundacją Praw "
                "Podstawowych, która była liderem projektu.",
                "Projekt trwał od 1 października 2013 r. do 30 września 2014 r. Jego celem było "
                "wzmocnienie konsultacji społecznych prowadzonych przez internet oraz poszerzenie wiedzy "
                "przedstawicieli organizacji pozarządowych, ich związków i administracji publicznej o tym, "
                "jak prowadzić konsultacje i jakich narzędzi do tego używać.",
            ),
            heading("Jak przebiegał projekt"),
            paragraph(
                "<ol><li>Kampania promocyjna zapowiedziała konsultacje, w których mieszkańcy i organizacje "
                "współtworzyli wytyczne oraz wymagania dla systemu konsultacji online.</li>"
                "<li>Na spotkaniach konsultacyjnych ustalono najważniejsze kroki wdrożenia i potrzeby "
                "mieszkańców wobec platformy.</li>"
                "<li>Od 20 sierpnia do 24 września 2014 r. w Urzędzie Miejskim w Będzinie odbyły się "
                "trzydniowe szkolenia: o konsultacjach społecznych, sposobach ich prowadzenia i o tworzeniu "
                "aktów prawa, które je regulują.</li>"
                "<li>Efektem projektu jest platforma konsultacji online, którą dziś rozwijamy.</li></ol>"
            ),
            heading("Do czego służy platforma"),
            paragraph(
                "Na platformie mieszkańcy Będzina znajdą kalendarz konsultacji i szczegółowe informacje o "
                "konsultacjach trwających, planowanych i zakończonych. Każdy może wyrazić opinię o "
                "konsultowanym projekcie przez formularz kontaktowy lub ankietę."
            ),
            heading("Finansowanie"),
            paragraph(
                "Projekt uzyskał wsparcie Unii Europejskiej w ramach Programu Operacyjnego Kapitał Ludzki, "
                "Priorytet V „Dobre rządzenie”, Działanie 5.4 „Rozwój potencjału trzeciego sektora”, "
                "Poddziałanie 5.4.2 „Rozwój dialogu obywatelskiego”."
            ),
        ),
    )

    accessibility = save_page(
        home,
        StandardPage,
        "deklaracja-dostepnosci",
        title="Deklaracja dostępności",
        show_in_menus=False,
        intro="Miasto Będzin zobowiązuje się zapewnić dostępność tej strony internetowej zgodnie z ustawą o dostępności cyfrowej.",
        body=stream(
            paragraph(
                "Urząd Miejski w Będzinie zobowiązuje się zapewnić dostępność swojej strony internetowej "
                "zgodnie z ustawą z dnia 4 kwietnia 2019 r. o dostępności cyfrowej stron internetowych i "
                "aplikacji mobilnych podmiotów publicznych. Deklaracja dotyczy portalu Konsultacje społeczne "
                "Miasta Będzina."
            ),
            heading("Daty publikacji i aktualizacji"),
            paragraph(
                "<ul><li>Data publikacji strony internetowej: 2014-09-30.</li>"
                f"<li>Data ostatniej istotnej aktualizacji: {timezone.localdate():%Y-%m-%d}.</li></ul>"
            ),
            heading("Stan dostępności cyfrowej"),
            paragraph(
                "Strona internetowa jest zgodna z ustawą o dostępności cyfrowej stron internetowych i "
                "aplikacji mobilnych podmiotów publicznych (WCAG 2.1 na poziomie AA).",
            ),
            heading("Treści niedostępne", "h3"),
            paragraph(
                "Niektóre dokumenty PDF opublikowane przed 23 września 2018 r. mogą nie być w pełni "
                "dostępne. Na prośbę przygotujemy ich dostępną wersję."
            ),
            heading("Przygotowanie deklaracji dostępności"),
            paragraph(
                f"Deklarację sporządzono dnia {timezone.localdate():%Y-%m-%d} na podstawie samooceny "
                "przeprowadzonej przez zespół portalu, z użyciem automatycznych testów (axe-core, "
                "Lighthouse) i testów z czytnikiem ekranu oraz samą klawiaturą."
            ),
            heading("Skróty klawiaturowe", "h3"),
            paragraph(
                "Na stronie można korzystać ze standardowych skrótów przeglądarki. Pierwszy naciśnięty "
                "klawisz Tab pokazuje odnośnik „Przejdź do treści”."
            ),
            heading("Informacje zwrotne i dane kontaktowe"),
            paragraph(
                "Jeśli zauważysz problem z dostępnością, napisz do koordynatora do spraw dostępności: "
                "dostepnosc@bedzin.pl albo zadzwoń pod numer 32 267 60 00. Tą samą drogą możesz złożyć "
                "wniosek o udostępnienie niedostępnej informacji lub żądanie zapewnienia dostępności."
            ),
            heading("Procedura wnioskowo-skargowa", "h3"),
            paragraph(
                "Każdy ma prawo żądać zapewnienia dostępności cyfrowej strony internetowej lub jej elementu. "
                "Żądanie powinno zawierać dane osoby, która je zgłasza, wskazanie strony lub elementu oraz "
                "sposób kontaktu. Zrealizujemy je niezwłocznie, nie później niż w ciągu 7 dni. Jeśli nie "
                "będzie to możliwe, poinformujemy o tym i podamy termin, nie dłuższy niż 2 miesiące, albo "
                "zaproponujemy alternatywny sposób dostępu do informacji.",
                "Jeśli odmówimy, możesz złożyć skargę na zapewnienie dostępności cyfrowej. Po jej "
                "wyczerpaniu możesz zwrócić się do Rzecznika Praw Obywatelskich.",
            ),
            heading("Dostępność architektoniczna"),
            paragraph(
                "Urząd Miejski w Będzinie, ul. 11 Listopada 20: wejście główne z podjazdem dla wózków, "
                "winda na wszystkie piętra, toaleta dostosowana na parterze, miejsca parkingowe dla osób z "
                "niepełnosprawnościami przy budynku. Do budynku można wejść z psem asystującym."
            ),
            heading("Tłumacz języka migowego", "h3"),
            paragraph(
                "Osoby doświadczające trudności w komunikowaniu się mogą skorzystać z tłumacza polskiego "
                "języka migowego. Zgłoś potrzebę co najmniej 3 dni robocze przed wizytą."
            ),
            heading("Aplikacje mobilne", "h3"),
            paragraph("Miasto nie udostępnia aplikacji mobilnej portalu konsultacji."),
        ),
    )

    privacy = save_page(
        home,
        StandardPage,
        "polityka-prywatnosci",
        title="Polityka prywatności",
        show_in_menus=False,
        intro="Jak przetwarzamy dane osób, które biorą udział w konsultacjach.",
        body=stream(
            heading("Administrator danych"),
            paragraph(
                "Administratorem danych osobowych jest Prezydent Miasta Będzina, Urząd Miejski w Będzinie, "
                "ul. 11 Listopada 20, 42-500 Będzin. Z inspektorem ochrony danych skontaktujesz się pod "
                "adresem iod@bedzin.pl."
            ),
            heading("Cel i podstawa przetwarzania"),
            paragraph(
                "Dane podane w formularzach i ankietach przetwarzamy wyłącznie po to, by przeprowadzić "
                "konsultacje, odpowiedzieć na uwagi i przygotować raport z konsultacji (art. 6 ust. 1 lit. "
                "e RODO w związku z przepisami o konsultacjach społecznych)."
            ),
            heading("Jak długo przechowujemy dane"),
            paragraph(
                "Imiona, nazwiska i adresy e-mail usuwamy z uwag i ankiet po upływie okresu podanego przy "
                "każdym formularzu, liczonego od zakończenia konsultacji. Treść uwag, bez danych "
                "osobowych, pozostaje w zestawieniu uwag."
            ),
            heading("Twoje prawa"),
            paragraph(
                "Masz prawo dostępu do swoich danych, ich sprostowania, ograniczenia przetwarzania, "
                "wniesienia sprzeciwu oraz skargi do Prezesa Urzędu Ochrony Danych Osobowych."
            ),
            heading("Pliki cookie"),
            paragraph(
                "Portal nie używa plików cookie do śledzenia ani reklam. Zapisuje tylko plik cookie "
                "zabezpieczający formularze (CSRF) i, dla zalogowanych pracowników, plik cookie sesji."
            ),
        ),
    )

    news_index = save_page(
        home,
        NewsIndexPage,
        "aktualnosci",
        title="Aktualności",
        show_in_menus=True,
        intro="Ogłoszenia o konsultacjach, spotkaniach i ich wynikach.",
    )
    today = timezone.localdate()
    news = [
        (
            "nowy-portal-konsultacji",
            "Nowy portal konsultacji społecznych",
            today - datetime.timedelta(days=3),
            "Portal konsultacji przeszedł gruntowną przebudowę: jest czytelny na telefonie, ma kalendarz spotkań i wyszukiwarkę dokumentów.",
            (
                "Na nowym portalu znajdziesz wszystkie konsultacje w jednym miejscu: planowane, trwające i zakończone, "
                "razem z ich dokumentami, spotkaniami i wynikami.",
                "Terminy spotkań dodasz do swojego kalendarza w telefonie, a uwagi zgłosisz przez formularz albo w ankiecie.",
            ),
        ),
        (
            "punkt-konsultacyjny-w-urzedzie",
            "Punkt konsultacyjny w urzędzie co tydzień",
            today - datetime.timedelta(days=10),
            "W trakcie trwających konsultacji pracownicy urzędu czekają na mieszkańców w punkcie konsultacyjnym. Sprawdź terminy w kalendarzu.",
            (
                "Punkt działa w Urzędzie Miejskim przy ul. 11 Listopada 20. Można w nim obejrzeć wydrukowane "
                "materiały, zadać pytania i złożyć uwagi na papierowym formularzu.",
            ),
        ),
        (
            "podsumowanie-konsultacji-budzetu",
            "Podsumowanie konsultacji w sprawie budżetu",
            today - datetime.timedelta(days=24),
            "Opublikowaliśmy raport z konsultacji: wszystkie uwagi mieszkańców wraz ze stanowiskiem miasta.",
            (
                "Raport zawiera zestawienie uwag z uzasadnieniem, czy miasto je uwzględniło. "
                "Zestawienie można też pobrać jako plik CSV lub JSON.",
            ),
        ),
    ]
    for index, (slug, title, date, lead, body) in enumerate(news):
        image = demo_image(
            f"Aktualność: {title}", f"Ilustracja do wiadomości „{title}”", demo_images.landscape(index + 1)
        )
        save_page(
            news_index,
            NewsPage,
            slug,
            title=title,
            date=date,
            lead=lead,
            image=image,
            body=stream(paragraph(*body, "Szczegóły znajdziesz na stronach konsultacji i w kalendarzu.")),
        )

    _load_settings(site, about, accessibility, privacy)
    stdout.write("Home: home page, 3 standard pages, news index with 3 news items, site settings.\n")


def _load_settings(site, about, accessibility, privacy):
    portal = PortalSettings.for_site(site)
    portal.city_name = "Będzin"
    portal.portal_name = "Konsultacje społeczne"
    portal.crest = demo_image("Herb Będzina (uproszczony)", "Herb Miasta Będzina", demo_images.crest(), "png")
    portal.office_name = "Urząd Miejski w Będzinie"
    portal.address = "ul. 11 Listopada 20\n42-500 Będzin"
    portal.phone = "32 267 60 00"
    portal.email = "konsultacje@bedzin.pl"
    portal.office_hours = "poniedziałek 8:00–17:00\nwtorek–czwartek 7:30–15:30\npiątek 7:30–14:00"
    portal.footer_text = (
        "Portal powstał w ramach projektu „Partycypacyjny Będzin – Wdrożenie Platformy Konsultacji "
        "Społecznych online w Będzinie”, współfinansowanego przez Unię Europejską w ramach Programu "
        "Operacyjnego Kapitał Ludzki, Priorytet V „Dobre rządzenie”, Działanie 5.4, Poddziałanie 5.4.2 "
        "„Rozwój dialogu obywatelskiego”."
    )
    portal.privacy_page = privacy
    portal.accessibility_page = accessibility
    portal.data_controller = "Prezydent Miasta Będzina"
    portal.privacy_notice = (
        "Przetwarzamy Twoje dane tylko po to, by przeprowadzić konsultacje i odpowiedzieć na Twoją "
        "uwagę. Szczegóły w polityce prywatności."
    )
    portal.staff_email = "konsultacje@bedzin.pl"
    portal.min_consultation_days = 21
    portal.report_due_days = 60
    if not portal.social_links:  # links an editor has set stay
        portal.social_links = [("link", {"name": "Facebook", "url": "https://www.facebook.com/MiastoBedzin"})]
    portal.save()

    logos = [
        ("Flaga Unii Europejskiej", "Unia Europejska", demo_images.eu_flag(), "https://european-union.europa.eu/"),
        (
            "Znak programu Kapitał Ludzki (uproszczony)",
            "Program Operacyjny Kapitał Ludzki",
            demo_images.programme_logo(),
            "",
        ),
    ]
    portal.funding_logos.all().delete()
    for order, (title, alt, content, link) in enumerate(logos):
        FundingLogo.objects.create(
            settings=portal, image=demo_image(title, alt, content, "png"), alt_text=alt, link=link, sort_order=order
        )
