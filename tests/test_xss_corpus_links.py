"""Links editors type: the admin refuses javascript:, data: and vbscript: addresses in every URL
field and rich-text link, and hostile text typed into the real admin forms renders inert."""

import json

from django.core.exceptions import ValidationError
from django.utils.html import escape

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from consultation.models import Meeting
from home.blocks import RICH_TEXT_FEATURES, BodyBlock, SocialLinkBlock
from home.models import FundingLogo, PortalSettings, StandardPage
from tests.xss_site import HOSTILE_HTTP_URL
from tests.xss_support import HOSTILE_URLS, html_injections, payload

pytestmark = pytest.mark.django_db

URL_FIELDS = [
    (Meeting, "online_url"),
    (FundingLogo, "link"),
    (SearchPromotion, "external_link_url"),
]


@pytest.mark.parametrize(("model", "name"), URL_FIELDS, ids=[f"{m.__name__}.{n}" for m, n in URL_FIELDS])
def test_url_fields_refuse_script_addresses(model, name):
    field = model._meta.get_field(name).formfield(assume_scheme="https")
    for url in HOSTILE_URLS:
        with pytest.raises(ValidationError):
            field.clean(url)
    assert field.clean(HOSTILE_HTTP_URL) == HOSTILE_HTTP_URL


def test_social_link_block_refuses_script_addresses():
    block = SocialLinkBlock()
    for url in HOSTILE_URLS:
        with pytest.raises(ValidationError):
            block.clean(block.to_python({"name": "Facebook", "url": url}))
    assert block.clean(block.to_python({"name": "Facebook", "url": HOSTILE_HTTP_URL}))["url"] == HOSTILE_HTTP_URL


def test_call_to_action_block_refuses_script_addresses():
    block = BodyBlock().child_blocks["call_to_action"]
    for url in HOSTILE_URLS:
        value = block.to_python({"title": "Weź udział", "text": "", "page": None, "url": url, "button_label": "Idź"})
        with pytest.raises(ValidationError):
            block.clean(value)


def test_rich_text_links_lose_script_addresses():
    converter = ContentstateConverter(features=RICH_TEXT_FEATURES)
    for url in HOSTILE_URLS:
        state = json.loads(converter.from_database_format('<p><a href="https://example.com/">link</a></p>'))
        next(iter(state["entityMap"].values()))["data"]["url"] = url
        html = converter.to_database_format(json.dumps(state))
        assert "alert" not in html and "msgbox" not in html, (url, html)


def cta(url, text="Weź udział"):
    return ("call_to_action", {"title": text, "text": text, "page": "", "url": url, "button_label": text[:80]})


def test_admin_page_editor_refuses_a_script_link_and_renders_hostile_text_inert(admin_client, home_page, client):
    add_url = f"/admin/pages/add/home/standardpage/{home_page.pk}/"

    def post(slug, blocks):
        data = {
            "title": payload(255, "admin-title", crlf=False),
            "slug": slug,
            "intro": payload(tag="admin-intro"),
            "body": streamfield(blocks),
            "seo_title": payload(255, "admin-seo", crlf=False),
            "search_description": payload(tag="admin-description"),
            "action-publish": "publish",
        }
        return admin_client.post(add_url, nested_form_data(data))

    for number, url in enumerate(HOSTILE_URLS):
        response = post(f"zly-link-{number}", [cta(url)])
        assert response.status_code == 200, url  # the form comes back with an error
        assert html_injections(response.content.decode()) == []
    assert not StandardPage.objects.filter(slug__startswith="zly-link").exists()

    hostile_paragraph = f'<p>{escape(payload(tag="admin-paragraph"))}</p><p><a href="javascript:alert(1337)">x</a></p>'
    blocks = [
        ("heading", {"text": payload(200, "admin-heading"), "level": "h2"}),
        ("paragraph", rich_text(hostile_paragraph, features=RICH_TEXT_FEATURES)),
        ("quote", {"text": payload(tag="admin-quote"), "attribution": payload(200, "admin-attribution")}),
        cta(HOSTILE_HTTP_URL, payload(80, "admin-cta")),
    ]
    response = post("dobry-link", blocks)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = StandardPage.objects.get(slug="dobry-link")
    body = client.get(page.url).content.decode()
    assert html_injections(body) == []
    for tag in ("admin-title", "admin-intro", "admin-heading", "admin-paragraph", "admin-quote", "admin-cta"):
        assert f"#{tag}" in body, tag
    assert html_injections(admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()) == []


def test_settings_editor_refuses_a_script_social_link(admin_client, site):
    url = f"/admin/settings/home/portalsettings/{site.pk}/"

    def post(link):
        data = {
            "city_name": payload(100, "city", crlf=False),
            "portal_name": payload(150, "portal", crlf=False),
            "office_name": "",
            "address": payload(tag="address"),
            "phone": "",
            "email": "",
            "office_hours": "",
            "footer_text": payload(tag="footer"),
            "privacy_notice": "",
            "staff_email": "",
            "min_consultation_days": "21",
            "report_due_days": "60",
            "funding_logos": inline_formset([]),
            "social_links": streamfield([("link", {"name": payload(50, "social", crlf=False), "url": link})]),
        }
        return admin_client.post(url, nested_form_data(data))

    for link in HOSTILE_URLS:
        response = post(link)
        assert response.status_code == 200, link
        assert html_injections(response.content.decode()) == []
    assert not PortalSettings.for_site(site).social_links
    assert post(HOSTILE_HTTP_URL).status_code == 302
    assert [link.value["url"] for link in PortalSettings.for_site(site).social_links] == [HOSTILE_HTTP_URL]
    assert PortalSettings.for_site(site).footer_text.endswith("#footer")
