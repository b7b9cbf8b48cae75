from wagtail import hooks

from .visibility import hide_pages_under_unpublished_ones

hooks.register("before_serve_page", hide_pages_under_unpublished_ones)
