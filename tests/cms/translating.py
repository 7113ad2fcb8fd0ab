"""Helpers shared by the translation workflow's tests: a staff member's admin language, a
published news article, and its strings translated straight into translation memory."""

import datetime
import uuid

from wagtail.models import Locale
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource
from wagtail_localize.synctree import create_aliases_for_new_page

from accounts.models import User
from cms.models import NewsArticlePage, NewsIndexPage


def speaks(user: User, language: str) -> User:
    """`user` with the admin (and its emails) in `language`."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def publish_article(title: str = "Kiều bào Hà Tĩnh về quê ăn Tết") -> NewsArticlePage:
    article = NewsArticlePage(
        title=title,
        slug=f"a-{uuid.uuid4().hex[:10]}",
        date=datetime.date(2026, 1, 20),
        summary="Hơn 200 kiều bào đã về quê đón Tết.",
    )
    NewsIndexPage.objects.get(locale__language_code="vi").add_child(instance=article)
    article.save_revision().publish()
    create_aliases_for_new_page(article)  # as when an editor adds it in the admin
    return article


def fill_strings(article: object, code: str, text: str) -> None:
    """Every string of `article` translated into `code` (straight into translation memory)."""
    locale = Locale.objects.get(language_code=code)
    source = TranslationSource.objects.get_for_instance(article)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        value = {"title": text, "slug": segment.string.data}.get(segment.context.path, text)
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": value},
        )
