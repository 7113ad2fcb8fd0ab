"""The public site's models, one module per content area (the Django models-package idiom).

Everything is re-exported here: Django registers the models when it imports `cms.models`, and
the rest of the project imports them from `cms.models` whatever module they live in.
"""

from cms.models.base import Currency, HeroImageMixin, SitePage
from cms.models.blocks import RICH_TEXT_FEATURES, BodyBlock, FactBlock, LinkBlock
from cms.models.charity import CharityProgrammeIndexPage, CharityProgrammePage
from cms.models.events import EventIndexPage, EventPage
from cms.models.home import HomePage
from cms.models.information import ContactPage, ProvinceProfilePage, StandardPage
from cms.models.investment import InvestmentProjectIndexPage, InvestmentProjectPage
from cms.models.news import NewsArticlePage, NewsArticleTag, NewsIndexPage
from cms.models.site_settings import SiteLinks
from cms.models.snippets import Category, ContactDetails, FooterText

__all__ = [
    "RICH_TEXT_FEATURES",
    "BodyBlock",
    "Category",
    "CharityProgrammeIndexPage",
    "CharityProgrammePage",
    "ContactDetails",
    "ContactPage",
    "Currency",
    "EventIndexPage",
    "EventPage",
    "FactBlock",
    "FooterText",
    "HeroImageMixin",
    "HomePage",
    "InvestmentProjectIndexPage",
    "InvestmentProjectPage",
    "LinkBlock",
    "NewsArticlePage",
    "NewsArticleTag",
    "NewsIndexPage",
    "ProvinceProfilePage",
    "SiteLinks",
    "SitePage",
    "StandardPage",
]
