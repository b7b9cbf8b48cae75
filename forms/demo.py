"""Demo surveys, remarks and the contact page, on top of the consultation demo.

Idempotent: pages are found by slug and updated, generated answers and remarks are only created
the first time (a fixed random seed makes the charts the same on every machine).
"""

import datetime
import random

from django.utils import timezone

from consultation.models import ConsultationPage
from home.demo import home_page, save_page

from .models import Channel, ContactPage, Position, Remark, SurveyField, SurveyPage, SurveySubmission, TriageStatus

GENERATED_ANSWERS = 140
ALERTS_QUESTION = "Chcę dostawać informacje o kolejnych konsultacjach"
# Free-text questions whose answers go to the remarks inbox (forms/survey_remarks.py).
REMARK_QUESTIONS = {"Twoje uwagi do projektu budżetu"}

# Every field type the survey builder offers: (label, type, choices, required, help text).
BUDGET_QUESTIONS = [
    ("Jak oceniasz projekt budżetu?", "rating", "", True, "1 to ocena najgorsza, 5 – najlepsza."),
    (
        "Na co miasto powinno wydać więcej?",
        "checkboxes",
        "Drogi i chodniki\nSzkoły i przedszkola\nZieleń i parki\nKultura i sport\nKomunikacja miejska",
        True,
        "Możesz zaznaczyć kilka odpowiedzi.",
    ),
    (
        "Która inwestycja jest najważniejsza?",
        "radio",
        "Przebudowa dróg w Grodźcu\nTermomodernizacja szkół\nNowy park na Syberce",
        True,
        "",
    ),
    (
        "W której dzielnicy mieszkasz?",
        "dropdown",
        "Śródmieście\nKsawera\nSyberka\nWarpie\nGzichów\nŁagisza\nGrodziec\nMałobądź\nNie mieszkam w Będzinie",
        False,
        "",
    ),
    (
        "Jakie tematy są dla Ciebie ważne?",
        "multiselect",
        "Bezpieczeństwo\nCzystość\nTransport\nEdukacja",
        False,
        "Możesz zaznaczyć kilka odpowiedzi.",
    ),
    ("Twoje uwagi do projektu budżetu", "multiline", "", False, "Najwyżej 10 000 znaków."),
    ("Imię", "singleline", "", False, ""),
    ("Adres e-mail", "email", "", False, "Tylko jeśli chcesz dostać potwierdzenie."),
    ("Ile lat mieszkasz w Będzinie?", "number", "", False, ""),
    ("Strona internetowa Twojej organizacji", "url", "", False, ""),
    ("Kiedy ostatnio byłeś na sesji Rady Miejskiej?", "date", "", False, ""),
    ("Kiedy możesz przyjść na spotkanie?", "datetime", "", False, ""),
    (
        ALERTS_QUESTION,
        "alerts",
        "",
        False,
        "Wyślemy link potwierdzający na podany wyżej adres e-mail. Wypisać się można jednym kliknięciem.",
    ),
    ("Źródło", "hidden", "", False, ""),
]

BOULEVARD_QUESTIONS = [
    (
        "Który wariant koncepcji wybierasz?",
        "radio",
        "Wariant A – zieleń naturalna\nWariant B – szeroka promenada\nWariant C – plaża miejska",
        True,
        "",
    ),
    (
        "Co chcesz robić nad rzeką?",
        "checkboxes",
        "Spacerować\nJeździć na rowerze\nOdpoczywać na ławkach\nBawić się z dziećmi\nUprawiać sport",
        True,
        "Możesz zaznaczyć kilka odpowiedzi.",
    ),
    ("Jak oceniasz obecny stan bulwarów?", "rating", "", True, ""),
    (
        "Jak często bywasz nad Czarną Przemszą?",
        "dropdown",
        "Codziennie\nKilka razy w tygodniu\nKilka razy w miesiącu\nRzadziej",
        False,
        "",
    ),
    ("Czego brakuje nad rzeką?", "multiselect", "Toalet\nOświetlenia\nKoszy na śmieci\nCienia", False, ""),
    ("Mieszkam na Syberce lub w Śródmieściu", "checkbox", "", False, ""),
    ("Twoje pomysły", "multiline", "", False, ""),
    ("Imię", "singleline", "", False, ""),
    ("Adres e-mail", "email", "", False, ""),
    ("Wiek", "number", "", False, ""),
    ("Link do zdjęcia lub mapy", "url", "", False, ""),
    ("Data ostatniej wizyty nad rzeką", "date", "", False, ""),
    ("Termin, w którym możesz przyjść na spacer badawczy", "datetime", "", False, ""),
    ("Źródło", "hidden", "", False, ""),
]

BOULEVARD_REMARKS = [
    (
        Channel.ONLINE_FORM,
        "Proszę o oddzielenie ścieżki rowerowej od ciągu pieszego – dziś rowerzyści jeżdżą między spacerowiczami.",
        Position.ACCEPTED,
        "Ścieżka rowerowa zostanie oddzielona pasem zieleni.",
    ),
    (
        Channel.SURVEY,
        "Nie wycinajcie topoli przy kładce, to jedyny cień w upalne dni.",
        Position.ACCEPTED,
        "Topole zostają; projekt omija je ścieżką.",
    ),
    (
        Channel.EMAIL,
        "Przydałby się plac zabaw przy ul. Podzamcze.",
        Position.ACCEPTED,
        "Dodaliśmy plac zabaw do koncepcji.",
    ),
    (
        Channel.LETTER,
        "Wnoszę o budowę parkingu na 200 miejsc nad rzeką.",
        Position.NOT_ACCEPTED,
        "Parking na terenie zalewowym jest niezgodny z planem miejscowym i przepisami prawa wodnego.",
    ),
    (
        Channel.IN_PERSON,
        "Ławki powinny mieć oparcia i podłokietniki dla osób starszych.",
        Position.PARTLY_ACCEPTED,
        "Połowa ławek będzie miała oparcia i podłokietniki.",
    ),
    (
        Channel.MEETING,
        "Proszę o toalety publiczne przy promenadzie.",
        Position.PARTLY_ACCEPTED,
        "Toaleta stanie przy wejściu od ul. Zawale; przy promenadzie brak przyłączy.",
    ),
    (
        Channel.MEETING,
        "Czy można przenieść targowisko na bulwary?",
        Position.NOT_APPLICABLE,
        "Targowisko nie jest przedmiotem tych konsultacji.",
    ),
    (
        Channel.ONLINE_FORM,
        "Oświetlenie LED z czujnikami ruchu, żeby nie świecić w okna.",
        Position.ACCEPTED,
        "Zastosujemy oprawy z regulacją natężenia.",
    ),
]


def _questions(specs):
    return [
        SurveyField(
            label=label,
            field_type=kind,
            choices=choices,
            required=required,
            help_text=help_text,
            personal_data=label == "Imię",
            collects_remarks=label in REMARK_QUESTIONS,
        )
        for label, kind, choices, required, help_text in specs
    ]


def _survey(consultation, questions, **fields):
    page = SurveyPage.objects.child_of(consultation).filter(slug="ankieta").first()
    if page is not None and page.form_fields.exists():
        # Keep the questions (and so the stored answers' keys) once they exist; the e-mail alerts
        # question of earlier demos was a plain checkbox.
        SurveyField.objects.filter(page=page, label=ALERTS_QUESTION, field_type="checkbox").update(field_type="alerts")
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision().publish()
        return page
    return save_page(consultation, SurveyPage, "ankieta", form_fields=_questions(questions), **fields)


def _generate_answers(survey):
    if SurveySubmission.objects.filter(page=survey).exists():
        return 0
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    fields = list(survey.get_form_fields())
    weights = {"Wariant A – zieleń naturalna": 3, "Wariant B – szeroka promenada": 6, "Wariant C – plaża miejska": 2}
    submissions = []
    for _number in range(GENERATED_ANSWERS):
        data = {}
        for field in fields:
            choices = [c.strip() for c in field.choices.splitlines() if c.strip()]
            if field.field_type == "radio":
                data[field.clean_name] = rng.choices(choices, [weights.get(c, 1) for c in choices])[0]
            elif field.field_type == "checkboxes":
                data[field.clean_name] = [c for c in choices if rng.random() < 0.45] or [choices[0]]
            elif field.field_type == "rating":
                data[field.clean_name] = rng.choices(["1", "2", "3", "4", "5"], [2, 5, 8, 4, 1])[0]
            elif field.field_type == "dropdown":
                data[field.clean_name] = rng.choice(choices) if rng.random() < 0.8 else ""
            elif field.field_type == "multiselect":
                data[field.clean_name] = [c for c in choices if rng.random() < 0.3]
            elif field.field_type == "checkbox":
                data[field.clean_name] = rng.random() < 0.4
            elif field.field_type == "multiline":
                data[field.clean_name] = rng.choice(["", "Więcej ławek i zieleni.", "Proszę o oświetlenie."])
            else:
                data[field.clean_name] = ""
        submissions.append(SurveySubmission(page=survey, form_data=data))
    SurveySubmission.objects.bulk_create(submissions)
    return len(submissions)


def _remarks(consultation):
    created = 0
    received = timezone.make_aware(datetime.datetime.combine(consultation.start_date, datetime.time(10, 0)))
    for index, (channel, text, position, reasoning) in enumerate(BOULEVARD_REMARKS):
        _remark, was_created = Remark.objects.get_or_create(
            consultation=consultation,
            text=text,
            defaults={
                "channel": channel,
                "received_at": received + datetime.timedelta(days=index * 3, hours=index),
                "author_name": ["Anna Nowak", "Jan Kowalski", "", "Stowarzyszenie Nad Przemszą"][index % 4],
                "author_email": f"mieszkaniec{index}@example.com"
                if channel in (Channel.ONLINE_FORM, Channel.EMAIL)
                else "",
                "author_organisation": "Stowarzyszenie Nad Przemszą" if index % 4 == 3 else "",
                "status": TriageStatus.ANSWERED,
                "position": position,
                "reasoning": reasoning,
            },
        )
        created += was_created
    return created


def _inbox(consultation):
    """A few fresh remarks on an ongoing consultation, so the inbox has work to triage."""
    samples = [
        (Channel.ONLINE_FORM, "Mniej na drogi, więcej na komunikację miejską.", TriageStatus.NEW),
        (Channel.EMAIL, "Proszę o remont chodnika na ul. Modrzejowskiej.", TriageStatus.IN_PROGRESS),
        (Channel.LETTER, "Wnioskuję o zwiększenie dotacji dla klubów sportowych.", TriageStatus.NEW),
    ]
    for channel, text, status in samples:
        Remark.objects.get_or_create(
            consultation=consultation,
            text=text,
            defaults={
                "channel": channel,
                "status": status,
                "author_name": "Maria Zielińska",
                "author_email": "maria@example.com",
                "subject": text[:40],
            },
        )


def _embed(consultation, form_page):
    """Show the survey inside the consultation page too (the consultation demo rewrites the body each run)."""
    page = ConsultationPage.objects.get(pk=consultation.pk)
    if any(block.block_type == "embedded_form" for block in page.body):
        return
    page.body.append(("embedded_form", {"form_page": form_page, "heading": "Wypełnij ankietę tutaj"}))
    page.save_revision().publish()


def load(stdout):
    home = home_page()
    contact = save_page(
        home,
        ContactPage,
        "kontakt",
        title="Kontakt",
        show_in_menus=True,
        intro="<p>Masz pytanie albo uwagę do konsultacji? Napisz do nas – odpowiemy w ciągu 7 dni roboczych.</p>",
        thank_you_text="<p>Dziękujemy! Wiadomość trafiła do zespołu konsultacji społecznych. Odpowiemy na podany adres e-mail.</p>",
    )

    budget = ConsultationPage.objects.filter(slug="budzet-miasta-2027").first()
    boulevards = ConsultationPage.objects.filter(slug="bulwary-czarna-przemsza").first()
    made = []
    if budget is not None:
        open_survey = _survey(
            budget,
            BUDGET_QUESTIONS,
            title="Ankieta: projekt budżetu na 2027 rok",
            intro="<p>Ankieta zajmie około 5 minut. Odpowiedzi są anonimowe, chyba że sam podasz imię lub e-mail.</p>",
            thank_you_text="<p>Dziękujemy za udział w konsultacjach budżetu!</p>",
            send_confirmation=True,
        )
        _inbox(budget)
        _embed(budget, open_survey)
        made.append(f"{open_survey.url} (also embedded in its consultation page)")
    if boulevards is not None:
        closed_survey = _survey(
            boulevards,
            BOULEVARD_QUESTIONS,
            title="Ankieta: bulwary nad Czarną Przemszą",
            intro="<p>Wybierz wariant koncepcji i powiedz, czego brakuje nad rzeką.</p>",
            results_public=True,
        )
        answers = _generate_answers(closed_survey)
        remarks = _remarks(boulevards)
        made.append(f"{closed_survey.url} (+{answers} answers, +{remarks} remarks)")
    stdout.write(f"Forms: contact page at {contact.url}; surveys: {', '.join(made) or 'none'}")
