from .images import PortalImage, PortalRendition
from .mixins import PaginatedChildrenMixin, PortalPage
from .pages import HomePage, NewsIndexPage, NewsPage, StandardPage
from .settings import FundingLogo, PortalSettings

__all__ = [
    "FundingLogo",
    "HomePage",
    "NewsIndexPage",
    "NewsPage",
    "PaginatedChildrenMixin",
    "PortalPage",
    "PortalImage",
    "PortalRendition",
    "PortalSettings",
    "StandardPage",
]
