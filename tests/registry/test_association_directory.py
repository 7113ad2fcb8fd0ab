import pytest

from registry.models import Association
from tests.conftest import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def associations():
    return [
        Association.objects.create(
            name="Hội đồng hương Hà Tĩnh tại Hungary",
            country="HU",
            city="Budapest",
            contact_email="hoi@example.hu",
            listed_publicly=True,
        ),
        Association.objects.create(
            name="Hội người Hà Tĩnh tại Séc",
            country="CZ",
            city="Praha",
            listed_publicly=True,
        ),
        Association.objects.create(
            name="Nhóm chưa đồng ý công khai",
            country="HU",
            listed_publicly=False,
        ),
    ]


def test_the_directory_lists_only_associations_that_agreed(client, associations):
    html = client.get("/vi/associations/").content.decode()
    assert "Hội đồng hương Hà Tĩnh tại Hungary" in html
    assert "hoi@example.hu" in html
    assert "Hội người Hà Tĩnh tại Séc" in html
    assert "Nhóm chưa đồng ý công khai" not in html


def test_it_filters_by_country(client, associations):
    html = client.get("/en/associations/", {"country": "cz"}).content.decode()
    assert "Hội người Hà Tĩnh tại Séc" in html
    assert "Hungary" not in html.split("<h1>", 1)[1].split("</select>", 1)[1]


def test_an_unknown_country_shows_everything_listed(client, associations):
    response = client.get("/vi/associations/", {"country": "<script>"})
    assert response.status_code == 200
    assert "Hội người Hà Tĩnh tại Séc" in response.content.decode()
    assert "<script>" not in response.content.decode().split("</header>", 1)[1]


def test_it_is_translated(client, associations):
    assert "Hội đoàn ở nước ngoài" in client.get("/vi/associations/").content.decode()
    assert "Associations abroad" in client.get("/en/associations/").content.decode()


def test_names_are_stored_in_nfc(db):
    association = Association.objects.create(name="Ho\u0302\u0323i Sa\u0301ng", country="DE")
    assert association.name == "Hội Sáng"


def test_its_query_count_does_not_grow_with_the_associations(client, associations):
    client.get("/vi/associations/")  # warm caches: count the steady state
    few = queries_for(client, "/vi/associations/")
    Association.objects.bulk_create(
        [Association(name=f"Hội {n}", country="DE", listed_publicly=True) for n in range(25)]
    )
    assert queries_for(client, "/vi/associations/") == few


def test_staff_without_rights_cannot_open_the_admin_list(client, editor):
    client.force_login(editor)
    assert client.get("/admin/associations/").status_code in {302, 403}


def test_an_administrator_manages_associations(client, administrator, associations):
    client.force_login(administrator)
    response = client.get("/admin/associations/")
    assert response.status_code == 200
    assert "Nhóm chưa đồng ý công khai" in response.content.decode()
