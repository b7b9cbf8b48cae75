"""The demo "Otwarte dane" page (/otwarte-dane/); safe to load twice."""

from home.demo import home_page, save_page

from .models import OpenDataPage


def load(stdout):
    save_page(
        home_page(),
        OpenDataPage,
        "otwarte-dane",
        title="Otwarte dane",
        seo_title="Otwarte dane o konsultacjach społecznych w Będzinie",
        search_description="Rejestr konsultacji, kalendarz spotkań i dokumenty jako otwarte dane: CSV, JSON, API i katalog DCAT-AP.",
        intro=(
            "<p>Dane o konsultacjach społecznych w Będzinie udostępniamy w formatach do odczytu maszynowego, "
            "dla dziennikarzy, organizacji, naukowców i portalu dane.gov.pl. Poniżej opisujemy każdy zbiór: "
            "pola, licencję i to, jak często się zmienia.</p>"
            "<p>Jeśli czegoś brakuje albo znajdziesz błąd w danych, napisz do nas.</p>"
        ),
        contact_email="konsultacje@bedzin.pl",
    )
    stdout.write("Open data page ready.")
