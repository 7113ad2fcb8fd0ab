"""The staff search form that fits the work (issue 13, findings 8–10, 12–14): old districts,
several countries and near cities each with its radius, chips for what is chosen, a way back
to the results from a profile, and the members list as the search screen in name order."""

import re
from html import unescape

import pytest
from django.urls import reverse

from registry.gazetteer import find_cities
from tests.conftest import make_member
from tests.search.staff_screen import english, search

pytestmark = pytest.mark.django_db


def city(country, name):
    return find_cities(country, name, limit=1)[0]


@pytest.fixture
def asia():
    """A leadership trip's people: Tokyo, Yokohama, Osaka, Seoul, Busan."""
    places = {
        "tokyo": ("Lê Thị Thu", "JP", "Tokyo", 35.69, 139.69),
        "yokohama": ("Phan Văn Hải", "JP", "Yokohama", 35.44, 139.64),
        "osaka": ("Đỗ Minh Quân", "JP", "Osaka", 34.69, 135.50),
        "seoul": ("Hà Thị Yến", "KR", "Seoul", 37.57, 126.98),
        "busan": ("Bùi Văn Long", "KR", "Busan", 35.10, 129.03),
    }
    return {
        key: make_member(name, country=country, city_name=town, latitude=lat, longitude=lon).pk
        for key, (name, country, town, lat, lon) in places.items()
    }


def test_the_old_district_filter_lists_each_district_once(client, registry_officer):
    client.force_login(registry_officer)
    for response in (search(client), client.get(reverse("registry_members"), follow=True)):
        labels = [
            str(label) for _value, label in response.context["form"].fields["district"].choices
        ]
        assert labels.count("Huyện Can Lộc") == 1
        assert len(labels) == len(set(labels))


def test_two_countries_and_a_near_city_keep_their_results(client, registry_officer, people):
    client.force_login(english(registry_officer))
    response = search(client, country=["HU", "JP"], near="Budapest", radius="300")
    content = response.content.decode()
    assert "Choose the country of the city" not in content
    # Hungary around Budapest (Debrecen is 195 km away), Japan whole; Vienna is not in either.
    assert set(response.context["result"].ids) == {
        people["an"].pk,
        people["debrecen"].pk,
        people["osaka"].pk,
    }


def test_several_near_cities_each_with_its_radius(client, registry_officer, asia):
    client.force_login(english(registry_officer))
    tokyo, seoul = city("JP", "Tokyo"), city("KR", "Seoul")
    response = search(client, place=[f"{tokyo.geonameid}:50", f"{seoul.geonameid}:25"])
    assert set(response.context["result"].ids) == {asia["tokyo"], asia["yokohama"], asia["seoul"]}
    # Seoul with a wider radius reaches Busan (325 km) as well.
    response = search(client, place=[f"{tokyo.geonameid}:50", f"{seoul.geonameid}:500"])
    assert asia["busan"] in response.context["result"].ids
    assert asia["osaka"] not in response.context["result"].ids


def test_a_typed_city_becomes_a_chosen_one_and_another_can_be_added(client, registry_officer, asia):
    client.force_login(english(registry_officer))
    tokyo = city("JP", "Tokyo")
    response = search(client, near="Tokyo", radius="50")
    content = response.content.decode()
    assert f'value="{tokyo.geonameid}:50" selected' in content  # Tokyo, chosen, 50 km
    near = re.search(r'<input type="text" name="near"[^>]*>', content).group(0)
    assert "value=" not in near  # ready for another
    response = search(client, place=f"{tokyo.geonameid}:50", near="Seoul", radius="25")
    assert set(response.context["result"].ids) == {asia["tokyo"], asia["yokohama"], asia["seoul"]}


def test_a_near_city_outside_the_chosen_countries_widens_them_and_says_so(
    client, registry_officer, asia, people
):
    client.force_login(english(registry_officer))
    response = search(client, country="HU", near="Seoul", radius="25")
    ids = set(response.context["result"].ids)
    hungary = {people["an"].pk, people["debrecen"].pk}
    assert ids == hungary | {asia["seoul"]}  # Hungary whole, and 25 km around Seoul
    assert "South Korea was added to the countries, for Seoul." in response.content.decode()
    assert 'name="country" value="KR" checked' in response.content.decode()


def test_an_unknown_city_is_explained_and_the_results_stay(client, registry_officer, people):
    client.force_login(english(registry_officer))
    response = search(client, country="HU", near="Xyzzyvillé")
    content = response.content.decode()
    assert "No city called “Xyzzyvillé” was found." in content
    assert 'aria-invalid="true"' in content and 'value="Xyzzyvillé"' in content
    assert set(response.context["result"].ids) == {people["an"].pk, people["debrecen"].pk}


def test_chosen_values_are_shown_as_chips_and_nothing_is_chosen_silently(client, registry_officer):
    client.force_login(english(registry_officer))
    content = search(client, country=["JP", "KR"]).content.decode()
    for code in ("JP", "KR"):
        assert f'<input type="checkbox" name="country" value="{code}" checked' in content
    assert '<select name="country" multiple' not in content  # no Ctrl-click list
    # The radius of a city to add is the usual 300 km, not the first option.
    assert '<option value="300" selected>' in content


def test_relevance_without_words_near_a_city_sorts_by_distance(client, registry_officer, people):
    client.force_login(registry_officer)
    response = search(client, near="Budapest", near_country="HU", radius="300")
    assert response.context["result"].ids == [
        people["an"].pk,  # 0 km
        people["debrecen"].pk,  # 195 km
        people["vienna"].pk,  # 215 km
    ]


def test_the_profile_leads_back_to_the_results(client, registry_officer, people):
    client.force_login(english(registry_officer))
    results = search(client, q="nguyen", country="HU", page="1")
    profile = reverse("registry_member", args=[people["an"].pk])
    content = results.content.decode()
    match = re.search(rf'href="({re.escape(profile)}\?back=[^"]+)"', content)
    assert match, "the result links to the profile with the results' address"
    page = client.get(unescape(match.group(1))).content.decode()
    back = re.search(r'<a [^>]*href="([^"]+)"[^>]*>Back to the results</a>', page)
    assert back
    assert unescape(back.group(1)) == (reverse("registry_search") + "?q=nguyen&country=HU&page=1")


@pytest.mark.parametrize(
    "back",
    [
        "https://evil.example/admin/registry/search/?q=x",
        "//evil.example/admin/registry/search/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "/admin/registry/members/1/delete/",
        "/admin/registry/search/\r\nLocation: x",
    ],
)
def test_a_back_address_elsewhere_is_ignored(client, registry_officer, people, back):
    client.force_login(english(registry_officer))
    profile = reverse("registry_member", args=[people["an"].pk])
    page = client.get(profile, {"back": back}).content.decode()
    assert "Back to the results" not in page
    assert "evil.example" not in page and "javascript:" not in page


def test_the_members_list_is_the_search_screen_in_name_order(client, registry_officer, people):
    client.force_login(registry_officer)
    response = client.get(reverse("registry_members"), {"country": "HU", "q": "nguyen"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("registry_search") + "?")
    followed = client.get(response["Location"])
    assert followed.context["result"].ids == [people["an"].pk]
    assert followed.context["form"]["sort"].value() == "name"
