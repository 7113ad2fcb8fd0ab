"""The staff search screen: what officers find, what viewers may see, saved searches and their
alerts, export, audit, bad input, the fallback notice and the cost in queries. (The form that
fits the work: `test_staff_search_form.py`.)"""

import csv
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from registry.models import AuditEntry, Interest
from registry.services import audit_digest
from search.models import SavedSearch
from tests.conftest import make_member, queries_for
from tests.search.staff_screen import english, search
from tests.search_engine import free_port

pytestmark = pytest.mark.django_db


def test_an_officer_finds_people_by_folded_name_within_a_radius(client, registry_officer, people):
    client.force_login(english(registry_officer))
    response = search(client, q="nguyen", near="Budapest", near_country="HU", radius="300")
    content = response.content.decode()
    assert "2 members match" in content
    assert "<mark>Nguyễn</mark> Văn An" in content and "<mark>Nguyễn</mark> Thị Mai" in content
    assert "Văn Hùng" not in content and "Trần Văn Bình" not in content  # far; no Nguyễn
    assert reverse("registry_member", args=[people["an"].pk]) in content
    assert "km away" in content
    assert 'id="results-map-points"' in content


def test_a_typo_finds_the_name_and_says_so(client, registry_officer, people):
    client.force_login(english(registry_officer))
    content = search(client, q="trna van binh").content.decode()
    assert "<mark>Trần</mark> <mark>Văn</mark> <mark>Bình</mark>" in content
    assert "No record holds “trna”: these are the names spelt closest to it." in content
    assert "No record holds" not in search(client, q="tran van binh").content.decode()


def test_the_facet_links_narrow_and_widen_the_search(client, registry_officer, people):
    client.force_login(english(registry_officer))
    response = search(client, q="nguyen")
    facets = {
        value["label"]: value for group in response.context["facets"] for value in group["values"]
    }
    assert facets["Hungary"]["count"] == 1 and facets["Japan"]["count"] == 1
    narrowed = client.get(reverse("registry_search") + facets["Hungary"]["url"])
    assert narrowed.context["result"].ids == [people["an"].pk]
    active = next(
        value
        for group in narrowed.context["facets"]
        for value in group["values"]
        if value["label"] == "Hungary"
    )
    assert active["active"]
    widened = client.get(reverse("registry_search") + active["url"])
    assert widened.context["result"].total == 3


def test_each_search_and_export_is_audited_without_contact_details(
    client, registry_officer, people
):
    client.force_login(registry_officer)
    search(client, q="nguyen", country="HU")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.SEARCH)
    assert entry.actor == registry_officer
    assert entry.detail["query"] == {"country": ["HU"], "q": [f"digest:{audit_digest('nguyen')}"]}
    assert entry.detail["total"] == 1
    response = client.post(reverse("registry_search_export"), {"query": "q=nguyen&country=HU"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["Nguyễn Văn An"]
    assert "an@example.org" in rows[1]  # she agreed to be contacted
    export = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert [subject.member_id for subject in export.subjects.all()] == [people["an"].pk]
    assert export.detail["source"] == "search"
    assert "an@example.org" not in str(export.detail)


def test_the_export_holds_the_whole_result_and_contact_only_with_consent(
    client, registry_officer, people
):
    client.force_login(registry_officer)
    make_member("=HYPERLINK(1)", country="AT", city_name="Graz")
    response = client.post(reverse("registry_search_export"), {"query": "country=AT"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = sorted(row[1] for row in rows[1:])
    assert names == ["'=HYPERLINK(1)", "Nguyễn Thị Mai"]  # never a formula in a spreadsheet
    assert "mai@example.org" not in response.content.decode()  # no staff-contact consent


def test_a_registry_viewer_sees_counts_only(client, registry_viewer, people):
    for n in range(4):
        make_member(f"Lê Thị {n}", country="HU", city_name="Szeged")
    client.force_login(english(registry_viewer))
    response = search(client, q="Nguyễn Văn An", country="HU")
    content = response.content.decode()
    # The name is ignored (viewers cannot look people up): 6, shown as a range of 5.
    assert "Members match: 5–9" in content
    for person in people.values():
        assert person.full_name not in content
        assert reverse("registry_member", args=[person.pk]) not in content
    assert 'name="q"' not in content
    assert "registry_search_export" not in content and "Export" not in content
    assert "results-map" not in content
    assert "Hungary" in content  # the facet counts are there


def test_a_large_result_shows_its_names_first_and_its_counts_after(
    client, registry_officer, registry_viewer, people, settings
):
    settings.SEARCH_DEFER_COUNTS_FROM = 0  # a "large" registry
    for n in range(25):
        make_member(f"Nguyễn Xuân {n:02}", country="DE")
    client.force_login(english(registry_officer))
    first = search(client, q="nguyen")
    content = first.content.decode()
    assert first.context["result"].total is None and first.context["facets"] == []
    assert "Members match: counting…" in content and "Page 1</span>" in content
    assert "<mark>Nguyễn</mark> Văn An" in content  # the names are there already
    assert "search/js/counts.js" in content
    counts_url = first.context["counts_url"]
    assert counts_url.startswith("?") and "counts=1" in counts_url
    counted = client.get(reverse("registry_search") + counts_url)
    assert counted.context["result"].ids == first.context["result"].ids
    assert "28 members match" in counted.content.decode()
    assert "Page 1 of 2" in counted.content.decode()
    assert {value["label"] for group in counted.context["facets"] for value in group["values"]} >= {
        "Hungary",
        "Japan",
    }
    assert "counts=1" not in counted.context["pages"]["next"]  # links are plain searches
    totals = list(
        AuditEntry.objects.filter(action=AuditEntry.Action.SEARCH).values_list(
            "detail__total", flat=True
        )
    )
    assert sorted(totals, key=str) == [28, None]  # both requests audited
    client.force_login(english(registry_viewer))  # counts are all a viewer sees: never deferred
    assert "Members match: fewer than 5" in search(client, country="HU").content.decode()


def test_saved_searches_belong_to_their_owner(client, registry_officer, administrator, people):
    client.force_login(registry_officer)
    response = client.post(
        reverse("registry_search_save"),
        {"name": "  Budapest  investors ", "query": "q=nguyen&country=HU&page=3", "alert": "on"},
    )
    saved = SavedSearch.objects.get(owner=registry_officer)
    assert saved.name == "Budapest investors" and saved.alert
    assert saved.criteria == {"country": ["HU"], "q": ["nguyen"]}  # no page
    assert response["Location"].endswith(f"?{saved.query_string}")
    assert "Budapest investors" in search(client).content.decode()
    client.post(
        reverse("registry_search_save"),
        {"name": "Budapest investors", "query": "q=an"},
        follow=True,
    )
    saved.refresh_from_db()
    assert saved.criteria == {"q": ["an"]} and not saved.alert  # saved again: updated
    assert SavedSearch.objects.count() == 1

    client.force_login(administrator)
    assert "Budapest investors" not in search(client).content.decode()
    delete = reverse("registry_search_delete", args=[saved.pk])
    assert client.post(delete, follow=True).status_code == 404
    client.force_login(registry_officer)
    client.post(delete)
    assert not SavedSearch.objects.exists()


def test_a_search_without_a_name_is_not_saved(client, registry_officer):
    client.force_login(english(registry_officer))
    response = client.post(
        reverse("registry_search_save"), {"name": "   ", "query": "country=HU"}, follow=True
    )
    assert "Give the search a name to save it." in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_alerts_email_the_number_of_new_matches_and_no_name(registry_officer, people):
    english(registry_officer)
    saved = SavedSearch.objects.create(
        owner=registry_officer, name="Hungary", criteria={"country": ["HU"]}, alert=True
    )
    SavedSearch.objects.create(
        owner=registry_officer, name="Quiet", criteria={"country": ["HU"]}, alert=False
    )
    call_command("search_alerts")
    assert mail.outbox == []  # nobody new since it was saved
    make_member("Phạm Thị Dung", country="HU", city_name="Szeged")
    call_command("search_alerts")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [registry_officer.email]
    assert "1 new member matches “Hungary”" in message.subject
    html = message.alternatives[0][0]
    for text in (message.body, html, message.subject):
        assert "Phạm" not in text and "Dung" not in text
    assert f"?{saved.query_string}" in message.body
    call_command("search_alerts")
    assert len(mail.outbox) == 1  # told once


def test_alerts_wait_for_the_mail_server(registry_officer, people, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    saved = SavedSearch.objects.create(
        owner=registry_officer, name="Hungary", criteria={"country": ["HU"]}, alert=True
    )
    before = saved.alerted_up_to
    make_member("Phạm Thị Dung", country="HU", city_name="Szeged")
    call_command("search_alerts")
    saved.refresh_from_db()
    assert saved.alerted_up_to == before  # the next run tells them again
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("search_alerts")
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 10_000},
        # (A NUL is refused with a 400 before the search: tests/security/test_findings.py.)
        {"q": 'nguyen" AND (van OR* an~ \x1b\x7f'},
        {"page": "abc"},
        {"page": "-4"},
        {"page": "99999999999999999999"},
        {"country": "XX"},
        {"ward": "not-a-number"},
        {"updated_since": "yesterday"},
        {"radius": "12345", "near": "Budapest", "near_country": "HU"},
    ],
)
def test_bad_input_gets_a_page_not_an_error(client, registry_officer, people, params):
    client.force_login(registry_officer)
    search(client, **params)


def test_an_unknown_city_is_explained(client, registry_officer, people):
    client.force_login(english(registry_officer))
    content = search(client, near="Atlantis", near_country="HU").content.decode()
    assert "No city called “Atlantis” in Hungary." in content
    content = search(client, near="Xyzzyvillé").content.decode()
    assert "No city called “Xyzzyvillé” was found." in content
    # No country needed: a city is looked for among the chosen countries, else anywhere.
    response = search(client, near="Budapest", radius="25")
    assert response.context["form"].places[0][0].country == "HU"
    assert response.context["result"].ids == [people["an"].pk]


def test_the_database_answers_with_a_notice_when_elasticsearch_is_down(
    client, registry_officer, people, settings
):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"
    client.force_login(english(registry_officer))
    response = search(client, q="nguyen", country="HU")
    assert response.context["result"].fallback
    assert response.context["result"].ids == [people["an"].pk]
    assert "The search engine is not answering" in response.content.decode()


def test_the_screen_costs_the_same_queries_for_a_few_and_many_results(client, registry_officer):
    client.force_login(registry_officer)
    investment = Interest.objects.get(slug="investment")
    for n in range(5):
        make_member(f"Nguyễn Văn {n}", birth_year=1980 + n).interests.add(investment)
    url = reverse("registry_search") + "?q=nguyen&country=HU"
    few = queries_for(client, url)
    for n in range(60):
        make_member(f"Nguyễn Thị {n}", birth_year=1960 + n % 40).interests.add(investment)
    assert queries_for(client, url) == few
