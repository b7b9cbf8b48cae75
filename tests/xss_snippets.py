"""The snippets and settings of the XSS corpus's portal (tests/xss_site.py): portal settings with
their funding logos and social links, the consultation taxonomies, an embed's cached provider
data and a search promotion, every text in them hostile.
"""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from consultation.models import Department, District, Topic
from home.models import FundingLogo, PortalSettings
from tests.xss_content import EMBED_URL, HOSTILE_EMAIL, HOSTILE_HTTP_URL, SEARCH_QUERY, image
from tests.xss_support import payload


def hostile_settings(site):
    crest = image("crest")
    portal = PortalSettings.for_site(site)
    for name, limit in [
        ("city_name", 100),
        ("portal_name", 150),
        ("office_name", 200),
        ("phone", 50),
        ("data_controller", 200),
    ]:
        setattr(portal, name, payload(limit, f"settings-{name}", crlf=False))
    for name in ("address", "office_hours", "footer_text", "privacy_notice"):
        setattr(portal, name, payload(tag=f"settings-{name}"))
    portal.email = HOSTILE_EMAIL
    portal.staff_email = "zespol@example.com"
    portal.crest = crest
    portal.social_links = [("link", {"name": payload(50, "social", crlf=False), "url": HOSTILE_HTTP_URL})]
    portal.save()
    FundingLogo.objects.create(
        settings=portal, image=image("logo"), alt_text=payload(255, "logo-alt"), link=HOSTILE_HTTP_URL
    )
    return portal


def hostile_taxonomies():
    """(topic, district, department)"""
    topic = Topic.objects.create(name=payload(100, "topic", crlf=False), slug="temat-xss")
    district = District.objects.create(name=payload(100, "district", crlf=False), slug="dzielnica-xss")
    department = Department.objects.create(
        name=payload(200, "department", crlf=False), email=HOSTILE_EMAIL, phone=payload(50, "dep-phone", crlf=False)
    )
    return topic, district, department


def hostile_embed():
    """The provider's answer for EMBED_URL, as Wagtail caches it, with a hostile title."""
    return Embed.objects.create(
        url=EMBED_URL,
        max_width=None,
        hash=get_embed_hash(EMBED_URL, None, None),
        type="video",
        html='<iframe title="Film" src="https://www.youtube-nocookie.com/embed/xss1337"></iframe>',
        title=payload(tag="embed-provider-title"),
        thumbnail_url="",
    )


def hostile_promotion():
    return SearchPromotion.objects.create(
        query=Query.get(SEARCH_QUERY),
        external_link_url=HOSTILE_HTTP_URL,
        external_link_text=payload(200, "promotion-title"),
        description=payload(tag="promotion-description"),
    )
