"""Editors can only build the portal's shape (DESIGN.md page tree)."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

import pytest

from home.models import HomePage, NewsIndexPage, NewsPage, StandardPage

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_accepts_content_pages_and_the_news_section(self):
        assert {StandardPage, NewsIndexPage} <= set(HomePage.allowed_subpage_models())
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(HomePage, NewsIndexPage)

    def test_news_items_live_only_in_the_news_section(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(StandardPage, NewsPage)

    def test_news_page_has_no_children(self):
        self.assertAllowedSubpageTypes(NewsPage, set())

    def test_standard_pages_nest_under_home_and_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanNotCreateAt(NewsIndexPage, StandardPage)


def test_there_is_one_home_page_and_one_news_index(home_page):
    assert HomePage.max_count == 1
    assert NewsIndexPage.max_count == 1
    assert not HomePage.can_create_at(Page.objects.get(depth=1))


def test_every_page_type_declares_both_parent_and_subpage_types():
    from wagtail.models import get_page_models

    project_apps = {"home", "consultation", "documents", "forms"}
    for model in get_page_models():
        if model._meta.app_label in project_apps:
            assert "parent_page_types" in model.__dict__, model
            assert "subpage_types" in model.__dict__, model
