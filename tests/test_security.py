"""Security headers, brute-force protection and the health check."""

from unittest import mock

from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest

pytestmark = pytest.mark.django_db


def test_public_pages_send_a_content_security_policy_without_inline_scripts(client, site):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"


def test_public_pages_have_no_inline_scripts(client, site):
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert "onclick=" not in html


def test_admin_is_left_out_of_the_public_policy(admin_client):
    assert "Content-Security-Policy" not in admin_client.get("/admin/")


def test_security_headers_are_set(client, site):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_admin_preview_may_still_be_framed_by_the_admin(admin_client, home_page):
    url = f"/admin/pages/{home_page.pk}/edit/preview/"
    data = nested_form_data(
        {"title": home_page.title, "slug": home_page.slug, "hero_title": "Podgląd", "body": streamfield([])}
    )
    assert admin_client.post(url, data).json()["is_valid"]
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]


def test_admin_login_is_locked_after_five_failed_attempts(client, admin_user, axes_on):
    for _ in range(4):
        response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
        assert response.status_code == 200
    assert client.post("/admin/login/", {"username": "editor", "password": "wrong"}).status_code == 429
    response = client.post("/admin/login/", {"username": "editor", "password": "secret-password"})
    assert response.status_code == 429
    assert "Konto tymczasowo zablokowane" in response.content.decode()


def test_admin_login_works_before_the_limit(client, admin_user, axes_on):
    client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "editor", "password": "secret-password"})
    assert response.status_code == 302


def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_fails_when_the_database_is_down(client):
    with mock.patch("portal.views.connection.cursor", side_effect=Exception("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_stays_up_with_a_degraded_cache(client):
    with mock.patch("portal.views.cache.get", return_value=None):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["cache"] == "degraded"


def test_a_malformed_admin_preview_post_is_400(admin_client, home_page):
    url = f"/admin/pages/{home_page.pk}/edit/preview/"
    for data in ({"title": "x"}, {"title": "x", "body-count": "abc"}, {"title": "x", "body-count": "1"}):
        assert admin_client.post(url, data).status_code == 400
