import pytest

from registry.models import Interest
from tests.conftest import queries_for

pytestmark = pytest.mark.django_db


def test_an_administrator_lists_and_translates_interests(client, administrator):
    client.force_login(administrator)
    response = client.get("/admin/interests/")
    assert response.status_code == 200
    assert "Đầu tư" in response.content.decode()
    interest = Interest.objects.get(slug="tourism")
    response = client.post(
        f"/admin/interests/edit/{interest.pk}/",
        {
            "slug": "tourism",
            "name_vi": "Du lịch",
            "name_en": "Tourism",
            "name_fr": "Tourisme",
            "name_ru": "",
            "name_ja": "",
            "name_ko": "",
            "name_zh_hans": "",
            "position": 6,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.name_fr == "Tourisme"


@pytest.mark.parametrize("persona", ["editor", "registry_viewer", "registry_officer"])
def test_other_staff_may_not_edit_the_lists(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/admin/interests/").status_code in {302, 403}


def test_the_list_runs_the_same_queries_for_few_and_many(client, administrator):
    client.force_login(administrator)
    client.get("/admin/interests/")  # warm caches: count the steady state
    few = queries_for(client, "/admin/interests/")
    Interest.objects.bulk_create(
        [Interest(slug=f"extra-{n}", name=f"Thêm {n}", name_vi=f"Thêm {n}") for n in range(30)]
    )
    assert queries_for(client, "/admin/interests/") == few


def test_an_administrator_publishes_a_new_consent_wording_as_a_new_version(client, administrator):
    from registry.models import ConsentPurpose
    from registry.services.consents import current_texts

    client.force_login(administrator)
    assert client.get("/admin/consent-texts/").status_code == 200
    purpose = ConsentPurpose.objects.get(slug="newsletter")
    data = {"purpose": purpose.pk, "version": 2, "text_vi": "Bản tin hằng tháng.", "text_en": ""}
    data.update({f"text_{code}": "" for code in ("fr", "ru", "ja", "ko", "zh_hans")})
    response = client.post("/admin/consent-texts/new/", data)
    assert response.status_code == 302
    assert current_texts()["newsletter"].version == 2
    text = current_texts()["newsletter"]
    # Nobody may rewrite a text members agreed to.
    assert client.get(f"/admin/consent-texts/edit/{text.pk}/").status_code in {302, 403}
