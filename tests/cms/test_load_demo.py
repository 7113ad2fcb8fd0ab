import io

import pytest
from django.core.management import call_command
from wagtail.models import Locale, Page

from accounts.models import User
from cms.models import HomePage, NewsArticlePage, NewsIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password for tests")
    call_command("load_demo", stdout=io.StringIO())


def test_each_seed_article_has_a_vietnamese_summary_as_its_translation(demo_site):
    for original in NewsArticlePage.objects.filter(alias_of=None).exclude(
        locale__language_code="vi"
    ):
        summary = original.get_translation(Locale.objects.get(language_code="vi")).specific
        assert summary.live and summary.alias_of_id is None
        assert "dữ liệu mẫu" in str(summary.body)  # marked as demo text
        # It links the original itself (a page link would be shown as the summary, in Vietnamese).
        assert f'href="{original.url}"' in summary.body.raw_data[1]["value"]
        assert {c.locale.language_code for c in summary.categories.all()} <= {"vi"}


def test_it_creates_the_site_in_every_language(demo_site, settings):
    homes = HomePage.objects.live()
    assert sorted(h.locale.language_code for h in homes) == sorted(c for c, _ in settings.LANGUAGES)
    assert NewsIndexPage.objects.live().count() == len(settings.LANGUAGES)
    # The home pages are translations of one another.
    assert len({h.translation_key for h in homes}) == 1


def test_it_imports_the_seed_articles_in_their_own_languages(demo_site):
    originals = (
        NewsArticlePage.objects.live().filter(alias_of=None).exclude(locale__language_code="vi")
    )
    articles = {a.slug: a.locale.language_code for a in originals}
    assert articles == {
        "binh-duong-foreign-affairs-plan-2025": "en",
        "binh-dinh-foreign-affairs-review-2024": "en",
        "kon-tum-economic-diplomacy-action-plan": "en",
        "ha-tinh-people-to-people-diplomacy": "ru",
        "local-diplomacy-emulation-cluster-2": "fr",
    }
    russian = originals.get(slug="ha-tinh-people-to-people-diplomacy")
    assert russian.title.startswith("Ха Тинь")
    assert "Хатинь" in str(russian.body)


def test_it_is_idempotent(demo_site):
    pages, users = Page.objects.count(), User.objects.count()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert (Page.objects.count(), User.objects.count()) == (pages, users)
    assert (
        "0 seed articles, 0 demo investment projects, 0 charity programmes and 0 events and "
        "0 associations added" in out.getvalue()
    )


def test_it_creates_one_staff_account_per_role_with_the_given_password(demo_site):
    staff = User.objects.filter(email__endswith="@quehuong.example")
    assert {u.groups.get().name for u in staff} == {
        "Editors",
        "Moderators",
        "Registry officers",
        "Registry viewers",
        "Administrators",
    }
    assert all(u.check_password("demo password for tests") for u in staff)


def test_it_prints_a_generated_password_when_none_is_given(db, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    password = out.getvalue().split("(password: ")[1].split(")")[0]
    assert len(password) >= 12
    assert User.objects.get(email="editor@quehuong.example").check_password(password)


def test_the_seed_news_is_served(client, demo_site):
    response = client.get("/fr/actualites/local-diplomacy-emulation-cluster-2/")
    assert response.status_code == 200
    assert "La diplomatie locale" in response.content.decode()
    assert 'lang="fr"' in response.content.decode()


def test_it_creates_demo_projects_programmes_and_events_in_vietnamese_and_english(demo_site):
    from django.utils import timezone

    from cms.models import (
        Category,
        CharityProgrammePage,
        ContactDetails,
        EventPage,
        InvestmentProjectPage,
    )

    for model, count in ((InvestmentProjectPage, 4), (CharityProgrammePage, 3), (EventPage, 3)):
        vietnamese = model.objects.live().filter(locale__language_code="vi")
        assert vietnamese.count() == count
        assert all("dữ liệu mẫu" in page.title for page in vietnamese)
        assert all(page.hero_image_id and page.hero_alt for page in vietnamese)
        english = model.objects.live().filter(locale__language_code="en")
        assert {p.translation_key for p in english} == {p.translation_key for p in vietnamese}
    events = EventPage.objects.filter(locale__language_code="vi")
    assert events.filter(end_at__lt=timezone.now()).exists()
    assert events.filter(start_at__gt=timezone.now()).exists()
    assert ContactDetails.objects.filter(locale__language_code="vi").exists()
    # The seed news is filed under categories in its own language.
    russian = NewsArticlePage.objects.get(
        slug="ha-tinh-people-to-people-diplomacy", locale__language_code="ru"
    )
    assert {c.locale.language_code for c in russian.categories.all()} == {"ru"}
    assert Category.objects.filter(locale__language_code="ru").count() == 3


def test_the_demo_pages_are_idempotent(demo_site):
    from cms.models import Category, FooterText

    before = Page.objects.count(), Category.objects.count(), FooterText.objects.count()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert (Page.objects.count(), Category.objects.count(), FooterText.objects.count()) == before


def test_every_section_is_served_in_every_language(client, demo_site, settings):
    for code, _name in settings.LANGUAGES:
        for slug in ("du-an-dau-tu", "thien-nguyen", "su-kien", "ho-so-tinh", "lien-he"):
            assert client.get(f"/{code}/{slug}/").status_code == 200, (code, slug)
