"""Every resident form field, sent through real POSTs with each hostile value, comes back inert:
on the thank-you and error pages, on the page a form is embedded in, in the staff e-mails, in the
admin inbox and its exports, and in the public zestawienie uwag once staff answer.
"""

import csv
import datetime
import io

from django.core import mail
from django.core.cache import cache
from django.utils import timezone

import pytest

from forms.models import Position, Remark, SurveySubmission
from tests.forms_support import honest
from tests.xss_site import HOSTILE_EMAIL, hostile_site
from tests.xss_support import (
    CRLF_PIECE,
    FORMULAS,
    HTML_PIECES,
    TEMPLATE_PIECES,
    csv_rows,
    formula_cells,
    html_injections,
    payload,
)

pytestmark = pytest.mark.django_db

# One value per POST: each piece alone (its context is then the whole field), then all together.
VALUES = [*HTML_PIECES, *TEMPLATE_PIECES, *FORMULAS, CRLF_PIECE.strip() + " tekst", payload(190, "post")]
# A subject that tries to add e-mail headers.
HEADER_INJECTION = "Uwaga\r\nBcc: evil@example.com\r\nX-Injected: 1337"


@pytest.fixture
def hostile(db):
    return hostile_site()


def contact_post(hostile, value, **overrides):
    return honest(
        {
            "name": value[:200],
            "email": HOSTILE_EMAIL,
            "consultation": str(hostile.ongoing.pk),
            "subject": value[:200],
            "message": value,
            **overrides,
        }
    )


def assert_mail_headers_intact(messages):
    for message in messages:
        mime = message.message()  # builds the headers: raises on a header injection
        assert "\n" not in message.subject and "\r" not in message.subject
        assert mime["Bcc"] is None and mime["X-Injected"] is None
        assert set(mime.keys()) <= {"Content-Type", "MIME-Version", "Content-Transfer-Encoding"} | {
            "Subject",
            "From",
            "To",
            "Date",
            "Message-ID",
        }


def test_contact_form_takes_every_hostile_value_and_shows_it_inert(
    client, hostile, django_capture_on_commit_callbacks, settings
):
    settings.FORMS_RATE_LIMIT_COUNT = 1000  # every value from one address in a few seconds
    problems = []
    for value in [*VALUES, HEADER_INJECTION]:
        cache.clear()  # the hourly confirmation mail goes to each value's sender again
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):  # e-mails go out after the commit
            response = client.post(hostile.contact.url, contact_post(hostile, value), follow=True)
        if not response.redirect_chain or "Dziękujemy" not in response.content.decode():
            problems.append(f"{value!r}: HTTP {response.status_code}, not accepted")
            continue
        problems += [f"{value!r} thank-you page: {found}" for found in html_injections(response.content.decode())]
        remark = Remark.objects.latest("pk")
        assert (remark.text, remark.author_email) == (value.strip(), HOSTILE_EMAIL)
        assert len(mail.outbox) == 2, value
        assert_mail_headers_intact(mail.outbox)
    assert not problems, "\n".join(problems)


def test_refused_posts_come_back_with_the_values_inert(client, hostile):
    """Without consent the form comes back with errors and every value, on its own page and
    on the page it is embedded in (through the session)."""
    problems = []
    for value in VALUES:
        data = contact_post(hostile, value, privacy_consent="", email=value[:80], consultation=value[:20])
        body = client.post(hostile.contact.url, data).content.decode()
        problems += [f"{value!r} contact errors: {found}" for found in html_injections(body)]
        embedded = {**data, "embedded_from": str(hostile.home.pk)}
        response = client.post(hostile.contact.url, embedded, follow=True)
        body = response.content.decode()
        assert "error-summary" in body
        problems += [f"{value!r} embedded errors: {found}" for found in html_injections(body)]
    assert not problems, "\n".join(problems)


def survey_post(survey, value):
    data = {}
    for field in survey.get_form_fields():
        options = [line for line in field.choices.splitlines() if line]
        data[field.clean_name] = {
            "checkbox": "on",
            "checkboxes": options,
            "multiselect": options,
            "dropdown": options[0] if options else "",
            "radio": options[-1] if options else "",
            "rating": "5",
            "email": HOSTILE_EMAIL,
        }.get(field.field_type, value)
    return honest(data)


def test_survey_takes_every_hostile_answer_and_shows_it_inert(
    client, admin_client, hostile, django_capture_on_commit_callbacks, settings
):
    settings.FORMS_RATE_LIMIT_COUNT = 1000  # every value from one address in a few seconds
    survey = hostile.open_survey
    problems = []
    for value in VALUES:
        cache.clear()
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(survey.url, survey_post(survey, value), follow=True)
        if not response.redirect_chain or "Dziękujemy" not in response.content.decode():
            problems.append(f"{value!r}: HTTP {response.status_code}, not accepted")
            continue
        problems += [f"{value!r} thank-you page: {found}" for found in html_injections(response.content.decode())]
        assert len(mail.outbox) == 2, value
        assert_mail_headers_intact(mail.outbox)
    assert not problems, "\n".join(problems)

    answers = SurveySubmission.objects.filter(page=survey)
    assert answers.count() == len(VALUES) + 1
    listing = admin_client.get(f"/admin/forms/submissions/{survey.pk}/").content.decode()
    assert html_injections(listing) == []
    export = admin_client.get(f"/admin/forms/submissions/{survey.pk}/", {"export": "csv"})
    rows = csv_rows(b"".join(export.streaming_content), delimiter=";")
    assert formula_cells(rows) == []
    assert f"'{FORMULAS[0]}" in {cell for row in rows for cell in row}


def admin_remark_form(remark, **changes):
    data = {
        "consultation": str(remark.consultation_id or ""),
        "channel": remark.channel,
        "received_at": timezone.localtime(remark.received_at).strftime("%Y-%m-%d %H:%M"),
        "author_name": remark.author_name,
        "author_email": remark.author_email,
        "author_organisation": remark.author_organisation,
        "subject": remark.subject,
        "text": remark.text,
        "status": remark.status,
        "position": remark.position,
        "reasoning": remark.reasoning,
    }
    return {**data, **changes}


def test_resident_remarks_answered_by_staff_reach_the_public_zestawienie_inert(client, admin_client, hostile):
    """A resident's remark through the contact form, staff's position and reasoning through the
    admin form, then the consultation's results: public table, CSV and JSON."""
    consultation = hostile.ongoing
    for value in [payload(tag="resident"), FORMULAS[1] + payload(tag="formula"), CRLF_PIECE + "#crlf"]:
        cache.clear()
        response = client.post(hostile.contact.url, contact_post(hostile, value))
        assert response.status_code == 303
    remarks = list(Remark.objects.filter(consultation=consultation))
    assert len(remarks) == 3
    for remark in remarks:
        data = admin_remark_form(
            remark, position=Position.NOT_ACCEPTED, status="answered", reasoning=FORMULAS[0] + payload(tag="staff")
        )
        response = admin_client.post(f"/admin/forms/remark/edit/{remark.pk}/", data)
        assert response.status_code == 302, response.content.decode()[:2000]
    for url in ["/admin/forms/remark/", f"/admin/forms/remark/edit/{remarks[0].pk}/"]:
        assert html_injections(admin_client.get(url).content.decode()) == [], url

    consultation.end_date = timezone.localdate() - datetime.timedelta(days=1)
    consultation.results_published_on = timezone.localdate()
    consultation.save()
    body = client.get(consultation.url).content.decode()
    assert "#resident" in body and "#staff" in body and "#crlf" in body
    assert html_injections(body) == []
    # The zestawienie uwag is `;`-separated (forms/views.py).
    content = client.get(f"/zestawienie-uwag/{consultation.pk}.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content, newline=""), delimiter=";"))
    assert len(rows) == 4 and formula_cells(rows) == []
    data = client.get(f"/zestawienie-uwag/{consultation.pk}.json").json()
    assert {row["reasoning"] for row in data["remarks"]} == {FORMULAS[0] + payload(tag="staff")}
