"""The demo has a draft act imported from its .docx, remarks on it, and a closed act with a report."""

import json

from django.core.management import call_command

import pytest

from consultation.models import ActUnit, ConsultationPage
from forms.models import Remark

pytestmark = pytest.mark.django_db


def load_demo():
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_acts_and_remarks_are_made_once(db):
    load_demo()
    before = (
        ActUnit.objects.count(),
        Remark.objects.exclude(section="").count(),
        sorted(ActUnit.objects.values_list("pk", flat=True)),
    )
    load_demo()
    after = (
        ActUnit.objects.count(),
        Remark.objects.exclude(section="").count(),
        sorted(ActUnit.objects.values_list("pk", flat=True)),
    )
    assert before == after
    ngo = ConsultationPage.objects.get(slug="program-wspolpracy-ngo-2027")
    assert ngo.act_units.count() == 23
    assert set(Remark.objects.filter(consultation=ngo).values_list("channel", flat=True)) >= {
        "online_form",
        "email",
        "meeting",
        "letter",
    }


def test_demo_pages_show_the_act_and_the_report_in_its_order(db, client):
    load_demo()
    ngo = ConsultationPage.objects.get(slug="program-wspolpracy-ngo-2027")
    html = client.get(ngo.url).content.decode()
    assert 'id="par-5-ust-1"' in html
    assert "Zgłoś uwagę do: § 5 ust. 1" in html
    assert "Uwagi: 2" in html  # two remarks on § 5 ust. 1, counts public
    closed = ConsultationPage.objects.get(slug="regulamin-budzetu-obywatelskiego")
    data = json.loads(client.get(f"/zestawienie-uwag/{closed.pk}.json").content)
    assert [row["section"] for row in data["remarks"]] == [
        "Uwaga ogólna",
        "§ 2 ust. 2",
        "§ 3 ust. 1",
        "§ 3 ust. 2 pkt 1",
        "§ 3 ust. 2 pkt 2",
    ]
    assert "Obecne brzmienie:" in client.get(closed.url).content.decode()
