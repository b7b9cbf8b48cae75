"""The whole e-mail alerts flow through a real SMTP server: sign up, confirm, a matching
consultation is published, send_alerts mails it with List-Unsubscribe, one POST unsubscribes,
and nothing more arrives."""

from django.core.management import call_command
from django.test import Client

from alerts.models import Subscriber
from tests import alerts_support as support
from tests.alerts_support import link_to, path_of, signup_data
from tests.consultation_clock import day, frozen_clock  # noqa: F401
from tests.factories import ConsultationPageFactory, TopicFactory

alerts_page, smtp_sink, fresh_cache = support.alerts_page, support.smtp_sink, support.fresh_cache


def test_a_resident_subscribes_confirms_hears_of_a_consultation_and_leaves_with_one_click(
    client, register, alerts_page, smtp_sink, django_capture_on_commit_callbacks
):
    greenery = TopicFactory(name="Zieleń", slug="zielen")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/powiadomienia/", signup_data("anna@example.com", topics=[greenery.pk]))
    assert response.status_code == 303
    assert response["Location"] == "/powiadomienia/dziekujemy/"
    assert "Sprawdź skrzynkę" in client.get(response["Location"]).content.decode()

    [confirmation] = smtp_sink.to("anna@example.com")
    confirm_path = link_to(confirmation, "/potwierdz/")
    assert "Potwierdzam zapis" in client.get(confirm_path).content.decode()
    assert client.post(confirm_path).status_code == 303
    assert Subscriber.objects.get(email="anna@example.com").confirmed_at is not None

    ConsultationPageFactory(
        parent=register, title="Park na Syberce", start_date=day(5), end_date=day(30), topics=[greenery]
    )
    call_command("send_alerts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    [_confirmation, alert] = smtp_sink.to("anna@example.com")
    assert "Park na Syberce" in alert["Subject"]
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = alert["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe_url.startswith("http")
    assert "Park na Syberce" in alert.get_body(preferencelist=("html",)).get_content()

    # What a mail app does for its unsubscribe button: a POST with no cookie and no CSRF token.
    mail_app = Client(enforce_csrf_checks=True)
    answer = mail_app.post(
        path_of(unsubscribe_url), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 303
    assert not Subscriber.objects.filter(email="anna@example.com").exists()

    ConsultationPageFactory(
        parent=register, title="Skwer w Grodźcu", start_date=day(3), end_date=day(20), topics=[greenery]
    )
    call_command("send_alerts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(smtp_sink.to("anna@example.com")) == 2
