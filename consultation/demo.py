"""Demo consultations for Będzin, with dates relative to today so every status always shows.

Idempotent: taxonomies are found by slug, pages by slug under the register, and both are
updated in place when `load_demo_data` runs again. The consultations themselves are listed in
demo_consultations, the documents they attach in demo_documents.
"""

import datetime

from django.utils import timezone

from home.demo import home_page, save_page

from .demo_consultations import consultation_specs
from .demo_documents import demo_document, load_documents, minimal_pdf
from .models import ConsultationDocument, ConsultationIndexPage, ConsultationPage, Department, District, Topic

__all__ = ["DEPARTMENTS", "DISTRICTS", "TOPICS", "demo_document", "load", "minimal_pdf"]

TOPICS = {
    "planowanie-przestrzenne": "Planowanie przestrzenne",
    "budzet-i-finanse": "Budżet i finanse",
    "organizacje-pozarzadowe": "Organizacje pozarządowe",
    "zielen-i-srodowisko": "Zieleń i środowisko",
    "transport-i-drogi": "Transport i drogi",
    "rewitalizacja": "Rewitalizacja",
    "sprawy-spoleczne": "Sprawy społeczne",
}

DISTRICTS = {
    "cale-miasto": "Całe miasto",
    "srodmiescie": "Śródmieście",
    "ksawera": "Ksawera",
    "syberka": "Syberka",
    "warpie": "Warpie",
    "gzichow": "Gzichów",
    "lagisza": "Łagisza",
    "grodziec": "Grodziec",
    "malobadz": "Małobądz",
}

DEPARTMENTS = {
    "rozwoj": ("Wydział Rozwoju i Funduszy Zewnętrznych", "rozwoj@bedzin.pl", "32 267 75 40"),
    "architektura": ("Wydział Architektury i Urbanistyki", "urbanistyka@bedzin.pl", "32 267 75 31"),
    "budzet": ("Wydział Budżetu i Finansów", "budzet@bedzin.pl", "32 267 75 12"),
    "spoleczny": ("Wydział Spraw Społecznych", "ngo@bedzin.pl", "32 267 75 55"),
    "srodowisko": ("Wydział Ochrony Środowiska", "srodowisko@bedzin.pl", "32 267 75 64"),
    "drogi": ("Wydział Inwestycji i Dróg", "drogi@bedzin.pl", "32 267 75 70"),
}

CITY_HALL = "Urząd Miejski w Będzinie\nul. 11 Listopada 20\n42-500 Będzin"
CONSULTATION_POINT = "Urząd Miejski w Będzinie, ul. 11 Listopada 20, pokój 12 (parter).\nPoniedziałek 8:00–17:00, wtorek–piątek 8:00–15:00."


def _taxonomies():
    topics = {
        slug: Topic.objects.update_or_create(slug=slug, defaults={"name": name})[0] for slug, name in TOPICS.items()
    }
    districts = {
        slug: District.objects.update_or_create(
            slug=slug, defaults={"name": name, "is_whole_city": slug == "cale-miasto"}
        )[0]
        for slug, name in DISTRICTS.items()
    }
    departments = {
        key: Department.objects.update_or_create(name=name, defaults={"email": email, "phone": phone})[0]
        for key, (name, email, phone) in DEPARTMENTS.items()
    }
    return topics, districts, departments


def load(stdout):
    today = timezone.localdate()

    def day(offset):
        return today + datetime.timedelta(days=offset)

    topics, districts, departments = _taxonomies()
    register = save_page(
        home_page(),
        ConsultationIndexPage,
        "konsultacje",
        title="Konsultacje",
        show_in_menus=True,
        seo_title="Konsultacje społeczne w Będzinie – rejestr",
        search_description="Wszystkie konsultacje społeczne Miasta Będzina: trwające, planowane i zakończone, z wynikami.",
        intro=(
            "Tu znajdziesz wszystkie konsultacje społeczne prowadzone przez Miasto Będzin: te, które "
            "trwają, te, które wkrótce się zaczną, i zakończone – razem z ich wynikami."
        ),
    )

    documents = load_documents()
    consultations = consultation_specs(documents)

    for spec in consultations:
        start, end = spec["dates"]
        name, email, phone = spec["contact"]
        results = spec.get("results", {})
        fields = {
            "title": spec["title"],
            "lead": spec["lead"],
            "easy_read_summary": spec.get("easy_read_summary", ""),
            "subject_type": spec["subject_type"],
            "legal_basis": spec["legal_basis"],
            "participants": spec.get(
                "participants", "Mieszkańcy Będzina, organizacje pozarządowe i wszystkie zainteresowane osoby."
            ),
            "topics": [topics[slug] for slug in spec["topics"]],
            "districts": [districts[slug] for slug in spec["districts"]],
            "department": departments[spec["department"]],
            "contact_name": name,
            "contact_email": email,
            "contact_phone": phone,
            "start_date": day(start),
            "end_date": day(end),
            "methods": spec["methods"],
            "written_address": CITY_HALL if "written" in spec["methods"] else "",
            "consultation_point": CONSULTATION_POINT if "point" in spec["methods"] else "",
            "body": spec["body"],
            "documents": [ConsultationDocument(document=document) for document in spec.get("documents", [])],
            "results_summary": results.get("summary", ""),
            "results_changes": results.get("changes", ""),
            "report_document": results.get("report"),
            "results_published_on": day(results["published"]) if results else None,
        }
        save_page(register, ConsultationPage, spec["slug"], **fields)
    stdout.write(f"Consultations: {len(consultations)} in the register at {register.url}")
