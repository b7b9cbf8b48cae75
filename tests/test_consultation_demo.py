"""The demo register always shows every status, whatever today is."""

import io

import pytest

from consultation import demo as consultation_demo
from consultation.models import ConsultationPage, Status
from home import demo as home_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(site):
    out = io.StringIO()
    home_demo.load(out)
    consultation_demo.load(out)
    return out


def test_demo_has_every_status(demo):
    statuses = set(ConsultationPage.objects.live().with_status().values_list("derived_status", flat=True))
    assert statuses == {status.value for status in Status}


def test_demo_has_at_least_eight_consultations_and_several_ongoing(demo):
    assert ConsultationPage.objects.live().count() >= 8
    assert ConsultationPage.objects.live().ongoing().count() >= 3


def test_demo_runs_twice_without_duplicates(demo):
    consultation_demo.load(io.StringIO())
    assert ConsultationPage.objects.filter(slug="budzet-miasta-2027").count() == 1
    assert ConsultationPage.objects.live().count() == 10


def test_demo_register_renders(demo, client):
    response = client.get("/konsultacje/")
    assert response.status_code == 200
    assert "Projekt budżetu Miasta Będzina na 2027 rok" in response.content.decode()
