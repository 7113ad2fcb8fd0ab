import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from cms.models import (
    Category,
    CharityProgrammeIndexPage,
    CharityProgrammePage,
    ContactDetails,
    ContactPage,
    EventIndexPage,
    EventPage,
    FooterText,
    HomePage,
    InvestmentProjectIndexPage,
    InvestmentProjectPage,
    NewsArticlePage,
    NewsIndexPage,
    ProvinceProfilePage,
    StandardPage,
)
from registry.models import Sector
from tests.conftest import queries_for

pytestmark = pytest.mark.django_db


def vi_home() -> HomePage:
    return HomePage.objects.get(locale__language_code="vi")


def child(model, slug, **fields):
    """The page of type `model` at `slug` under the Vietnamese home page, made if missing."""
    home = vi_home()
    existing = model.objects.child_of(home).filter(slug=slug).first()
    if existing:
        return existing
    page = model(slug=slug, **fields)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def project_index() -> InvestmentProjectIndexPage:
    return child(InvestmentProjectIndexPage, "du-an-dau-tu", title="Dự án đầu tư")


def charity_index() -> CharityProgrammeIndexPage:
    return child(CharityProgrammeIndexPage, "thien-nguyen", title="Thiện nguyện")


def event_index() -> EventIndexPage:
    return child(EventIndexPage, "su-kien", title="Sự kiện")


def add_project(index, slug, sector="energy", status="calling", **fields) -> InvestmentProjectPage:
    fields.setdefault("title", f"Dự án {slug}")
    project = InvestmentProjectPage(
        slug=slug,
        sector=Sector.objects.get(slug=sector),
        status=status,
        location=fields.pop("location", "Khu kinh tế Vũng Áng"),
        **fields,
    )
    index.add_child(instance=project)
    return project


def add_programme(index, slug, deadline, sought="1000", pledged="250") -> CharityProgrammePage:
    programme = CharityProgrammePage(
        title=f"Chương trình {slug}",
        slug=slug,
        goal="Xây trường",
        beneficiaries="Học sinh vùng lũ",
        amount_sought=Decimal(sought),
        amount_pledged=Decimal(pledged),
        deadline=deadline,
    )
    index.add_child(instance=programme)
    return programme


def add_event(index, slug, start, hours=3) -> EventPage:
    event = EventPage(
        title=f"Sự kiện {slug}",
        slug=slug,
        start_at=start,
        end_at=start + datetime.timedelta(hours=hours),
        place="Budapest",
    )
    index.add_child(instance=event)
    return event


def url(page) -> str:
    return page.get_url()


# --- Investment projects -------------------------------------------------------------------------


def test_it_shows_a_project_with_its_figures(client, site_pages):
    project = add_project(
        project_index(),
        "nha-may-dien-gio",
        title="Nhà máy điện gió Kỳ Anh",
        total_capital=Decimal("1250000000000"),
        land_area_ha=Decimal("42.5"),
        incentives="<p>Miễn thuế 4 năm</p>",
        contact_email="dautu@example.org",
    )
    html = client.get(url(project)).content.decode()
    assert "Nhà máy điện gió Kỳ Anh" in html
    assert "Năng lượng" in html  # the sector, in Vietnamese
    assert "Miễn thuế 4 năm" in html
    assert "dautu@example.org" in html
    assert "<caption>" in html and 'scope="row"' in html


def test_the_project_index_filters_by_sector_and_status(client, site_pages):
    index = project_index()
    add_project(index, "dien-mat-troi", title="Điện mặt trời", sector="energy", status="calling")
    add_project(index, "cang-bien", title="Cảng biển", sector="logistics", status="licensed")
    add_project(index, "kho-lanh", title="Kho lạnh", sector="logistics", status="calling")

    html = client.get(url(index) + "?sector=logistics").content.decode()
    assert "Cảng biển" in html and "Kho lạnh" in html and "Điện mặt trời" not in html

    html = client.get(url(index) + "?sector=logistics&status=calling").content.decode()
    assert "Kho lạnh" in html and "Cảng biển" not in html and "Điện mặt trời" not in html


def test_the_project_index_explains_a_bad_filter_and_shows_everything(client, site_pages):
    index = project_index()
    add_project(index, "dien-mat-troi", title="Điện mặt trời")
    response = client.get(url(index) + "?sector=nope&status=%3Cscript%3E")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Điện mặt trời" in html
    assert 'role="alert"' in html
    assert "<script>" not in html


def test_the_project_index_labels_its_filters(client, site_pages):
    html = client.get(url(project_index())).content.decode()
    assert '<label for="id_sector">' in html and '<label for="id_status">' in html


def test_the_project_index_query_count_does_not_grow(client, site_pages):
    index = project_index()
    add_project(index, "p-0")
    client.get(url(index))
    few = queries_for(client, url(index) + "?sector=energy")
    for number in range(1, 25):
        add_project(index, f"p-{number}", sector=("energy", "it")[number % 2])
    assert queries_for(client, url(index) + "?sector=energy") == few
    assert queries_for(client, url(index) + "?sector=energy&page=2") == few


# --- Charity programmes --------------------------------------------------------------------------


def test_a_programme_shows_its_progress_in_words_and_as_a_bar(client, site_pages):
    programme = add_programme(
        charity_index(), "truong-hoc", timezone.localdate() + datetime.timedelta(days=30)
    )
    assert programme.progress_percent == 25
    html = client.get(url(programme)).content.decode()
    assert '<progress id="progress-' in html and 'value="25"' in html
    assert "25%" in html and "Học sinh vùng lũ" in html


def test_progress_is_capped_and_safe_with_nothing_sought():
    assert (
        CharityProgrammePage(amount_sought=Decimal(10), amount_pledged=Decimal(30)).progress_percent
        == 100
    )
    assert (
        CharityProgrammePage(amount_sought=Decimal(0), amount_pledged=Decimal(30)).progress_percent
        == 0
    )


def test_the_charity_index_lists_open_programmes_first(client, site_pages):
    index = charity_index()
    today = timezone.localdate()
    add_programme(index, "da-dong", today - datetime.timedelta(days=1))
    add_programme(index, "xa-han", today + datetime.timedelta(days=90))
    add_programme(index, "gan-han", today + datetime.timedelta(days=5))
    html = client.get(url(index)).content.decode()
    assert html.index("gan-han") < html.index("xa-han") < html.index("da-dong")


# --- Events --------------------------------------------------------------------------------------


def test_the_event_index_splits_upcoming_and_past(client, site_pages):
    index = event_index()
    now = timezone.now()
    add_event(index, "sap-toi", now + datetime.timedelta(days=10))
    add_event(index, "dang-dien-ra", now - datetime.timedelta(hours=1))
    add_event(index, "da-qua", now - datetime.timedelta(days=10))
    context = client.get(url(index)).context
    mine = {"sap-toi", "dang-dien-ra", "da-qua"}  # the demo's own events may be there too
    assert [e.slug for e in context["upcoming_events"] if e.slug in mine] == [
        "dang-dien-ra",
        "sap-toi",
    ]
    assert [e.slug for e in context["past_events"] if e.slug in mine] == ["da-qua"]


def test_an_event_page_shows_when_where_and_registration(client, site_pages):
    event = add_event(event_index(), "dien-dan", timezone.now() + datetime.timedelta(days=3))
    event.capacity, event.registration_open = 120, True
    event.save_revision().publish()
    html = client.get(url(event)).content.decode()
    assert "<time datetime=" in html and "Budapest" in html and "120" in html
    assert "Đang nhận đăng ký" in html or "Registration is open" in html


def test_an_event_cannot_end_before_it_starts():
    start = timezone.now()
    event = EventPage(
        title="x", slug="x", start_at=start, end_at=start - datetime.timedelta(hours=1), place="x"
    )
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "end_at" in error.value.message_dict


# --- News ----------------------------------------------------------------------------------------


def test_a_hero_image_needs_alt_text(site_pages):
    image = Image.objects.create(title="banner", file=get_test_image_file())
    article = NewsArticlePage(title="Tin", slug="tin-anh", date=datetime.date(2026, 1, 1))
    article.hero_image = image
    with pytest.raises(ValidationError) as error:
        article.clean()
    assert "hero_alt" in error.value.message_dict
    article.hero_alt = "Lãnh đạo tỉnh gặp gỡ kiều bào"
    article.clean()


def test_an_article_shows_its_image_categories_tags_and_related_pages(client, site_pages):
    index = NewsIndexPage.objects.get(locale__language_code="vi")
    vi = Locale.objects.get(language_code="vi")
    category = Category.objects.create(name="Đầu tư", slug="dau-tu-test", locale=vi)
    image = Image.objects.create(title="banner", file=get_test_image_file())
    other = NewsArticlePage(
        title="Tin liên quan", slug="tin-lien-quan", date=datetime.date(2026, 1, 1)
    )
    index.add_child(instance=other)
    article = NewsArticlePage(
        title="Tin chính",
        slug="tin-chinh",
        date=datetime.date(2026, 1, 2),
        hero_image=image,
        hero_alt="Cảng Vũng Áng",
        hero_caption="Ảnh minh họa",
        related_pages=[("page", other)],
    )
    index.add_child(instance=article)
    article.categories.add(category)
    article.tags.add("kiều bào")
    article.save_revision().publish()
    html = client.get(url(article)).content.decode()
    assert 'alt="Cảng Vũng Áng"' in html and "<figcaption>Ảnh minh họa</figcaption>" in html
    assert "Đầu tư" in html and "kiều bào" in html
    assert "Tin liên quan" in html


# --- Other pages and snippets --------------------------------------------------------------------


def test_standard_and_profile_pages_render(client, site_pages):
    standard = child(
        StandardPage,
        "gioi-thieu",
        title="Giới thiệu",
        intro="Về Sở",
        body=[("paragraph", "<p>Nội dung</p>")],
    )
    profile = child(
        ProvinceProfilePage,
        "ho-so-tinh-test",
        title="Hồ sơ tỉnh",
        area_km2=Decimal("5994.45"),
        population=1_300_000,
        key_facts=[("fact", {"label": "Bờ biển", "value": "137 km"})],
    )
    assert "Nội dung" in client.get(url(standard)).content.decode()
    html = client.get(url(profile)).content.decode()
    assert "Bờ biển" in html and "137 km" in html and "<caption>" in html


def test_contact_details_show_on_the_contact_page_and_in_the_footer(client, site_pages):
    vi = Locale.objects.get(language_code="vi")
    ContactDetails.objects.filter(locale=vi).delete()
    ContactDetails.objects.create(
        locale=vi, office_name="Sở Ngoại vụ thử", address="1 Đường Thử", email="sothu@example.org"
    )
    page = child(ContactPage, "lien-he-test", title="Liên hệ", office_hours="Thứ Hai – Thứ Sáu")
    html = client.get(url(page)).content.decode()
    assert html.count("sothu@example.org") >= 2  # on the page and in the footer
    assert "Thứ Hai – Thứ Sáu" in html


def test_the_footer_falls_back_to_the_department_line(client, site_pages, settings):
    FooterText.objects.all().delete()
    html = client.get("/en/").content.decode()
    assert "Department of Foreign Affairs of" in html


def test_the_footer_text_snippet_replaces_it_per_language(client, site_pages):
    FooterText.objects.all().delete()
    FooterText.objects.create(
        locale=Locale.objects.get(language_code="en"), text="<p>Footer in English</p>"
    )
    assert "Footer in English" in client.get("/en/").content.decode()
    # Vietnamese has none: the default text stays.
    assert "Footer in English" not in client.get("/vi/").content.decode()


# --- Home page -----------------------------------------------------------------------------------


def test_the_home_page_shows_every_section_and_the_call_to_action(client, site_pages):
    project = add_project(project_index(), "du-an-trang-chu", title="Dự án trang chủ")
    project.save_revision().publish()  # the home page shows the most recently published
    add_programme(
        charity_index(), "ct-trang-chu", timezone.localdate() + datetime.timedelta(days=9)
    )
    add_event(event_index(), "sk-trang-chu", timezone.now() + datetime.timedelta(days=9))
    html = client.get("/vi/").content.decode()
    assert "Dự án trang chủ" in html and "Chương trình ct-trang-chu" in html
    assert "Sự kiện sk-trang-chu" in html
    assert '<a class="button" href="/vi/join/">' in html  # the call to action: the start page


def test_the_home_page_query_count_does_not_grow(client, site_pages):
    client.get("/vi/")
    few = queries_for(client, "/vi/")
    today, now = timezone.localdate(), timezone.now()
    news = NewsIndexPage.objects.get(locale__language_code="vi")
    for number in range(8):
        add_project(project_index(), f"hp-{number}")
        add_programme(charity_index(), f"hc-{number}", today + datetime.timedelta(days=number))
        add_event(event_index(), f"he-{number}", now + datetime.timedelta(days=number + 1))
        news.add_child(
            instance=NewsArticlePage(title=f"t{number}", slug=f"hn-{number}", date=today)
        )
    client.get("/vi/")
    assert queries_for(client, "/vi/") == few


def test_featured_news_comes_first_on_the_home_page(client, site_pages):
    news = NewsIndexPage.objects.get(locale__language_code="vi")
    today = timezone.localdate()
    older = NewsArticlePage(
        title="Tin nổi bật cũ",
        slug="tin-noi-bat",
        date=today - datetime.timedelta(days=400),
        featured=True,
    )
    news.add_child(instance=older)
    for number in range(4):
        news.add_child(
            instance=NewsArticlePage(title=f"Bản tin {number}", slug=f"tm-{number}", date=today)
        )
    html = client.get("/vi/").content.decode()
    section = html.split('id="latest-news"', 1)[1].split("</section>", 1)[0]
    assert section.index("Tin nổi bật cũ") < section.index("Bản tin")
    older.featured = False
    older.save_revision().publish()
    assert "Tin nổi bật cũ" not in client.get("/vi/").content.decode()


def test_the_article_form_offers_only_categories_of_its_language(site_pages):
    vi, en = Locale.objects.get(language_code="vi"), Locale.objects.get(language_code="en")
    Category.objects.create(name="Tiếng Việt", slug="cat-vi", locale=vi)
    Category.objects.create(name="English", slug="cat-en", locale=en)
    index = NewsIndexPage.objects.get(locale=vi)
    form_class = NewsArticlePage.get_edit_handler().get_form_class()
    form = form_class(instance=NewsArticlePage(), parent_page=index, for_user=None)
    names = {c.name for c in form.fields["categories"].queryset}
    assert "Tiếng Việt" in names and "English" not in names


def test_a_translated_article_is_filed_under_the_translated_categories(site_pages):
    vi, en = Locale.objects.get(language_code="vi"), Locale.objects.get(language_code="en")
    category = Category.objects.create(name="Văn hóa", slug="van-hoa", locale=vi)
    english = category.copy_for_translation(en)
    english.name = "Culture"
    english.save()
    index = NewsIndexPage.objects.get(locale=vi)
    article = NewsArticlePage(title="Lễ hội", slug="le-hoi", date=datetime.date(2026, 1, 1))
    index.add_child(instance=article)
    article.categories.add(category)
    article.save_revision().publish()
    translation = article.copy_for_translation(en, copy_parents=True)
    assert [c.name for c in translation.categories.all()] == ["Culture"]


def test_a_seed_article_reads_its_opening_once_and_has_no_orphan_captions(client, site_pages):
    from cms.models import NewsArticlePage

    for article in NewsArticlePage.objects.filter(locale__language_code__in=["en", "fr", "ru"]):
        html = client.get(article.url).content.decode()
        opening = article.body[0].value.source
        assert html.count(opening) == 1, article.slug
        assert 'class="lead"' not in html or article.lead
        for caption in ("Conference scene.", "Photo: Du Toan/VNA", "a pris la parole lors"):
            assert caption not in html


def test_a_summary_of_other_words_is_the_lead(client, site_pages):
    from cms.models import NewsArticlePage

    article = NewsArticlePage.objects.filter(locale__language_code="en").first()
    article.summary = "A different standfirst, written by the editor."
    assert article.lead == "A different standfirst, written by the editor."
