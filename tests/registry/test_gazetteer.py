import sys
import threading
import types

import pytest
from django.urls import reverse
from django.utils import translation

from registry import gazetteer
from registry.apps import serves_requests
from registry.gazetteer import (
    city_by_id,
    city_label,
    collation_key,
    country_choices,
    distance_km,
    find_cities,
    largest_cities,
    search_cities,
)
from registry.text import fold


def test_it_finds_a_city_by_the_start_of_its_name():
    assert find_cities("HU", "budap")[0].name == "Budapest"
    assert find_cities("JP", "osaka")[0].name == "Osaka"


def test_local_spellings_find_the_city():
    assert find_cities("CZ", "Praha")[0].name == "Prague"
    assert find_cities("DE", "munchen")[0].name == "Munich"


def test_diacritics_are_optional():
    assert find_cities("PL", "lodz")[0].name == "Łódź"
    assert find_cities("HU", "Debrecen")[0].name == "Debrecen"


def test_an_exact_name_comes_before_bigger_cities():
    results = find_cities("US", "Houston")
    assert results[0].name == "Houston"


def test_it_only_offers_cities_of_the_chosen_country():
    assert all(city.country == "HU" for city in find_cities("HU", "s", limit=50))
    assert find_cities("XX", "buda") == []


@pytest.mark.parametrize("text", ["", "   ", "%", "x" * 10_000, "\x00", "'; DROP TABLE x; --"])
def test_odd_input_gives_no_error(text):
    assert isinstance(find_cities("HU", text), list)


def test_cities_have_coordinates_and_can_be_found_again_by_id():
    budapest = find_cities("HU", "Budapest")[0]
    assert round(budapest.latitude) == 47 and round(budapest.longitude) == 19
    assert city_by_id(budapest.geonameid) == budapest


def test_distances_are_great_circle_kilometres():
    budapest = find_cities("HU", "Budapest")[0]
    vienna = find_cities("AT", "Vienna")[0]
    assert (
        205
        < distance_km(budapest.latitude, budapest.longitude, vienna.latitude, vienna.longitude)
        < 220
    )
    assert distance_km(0, 0, 0, 0) == 0


def test_a_search_says_how_many_more_cities_matched():
    everything = search_cities("US", "san", limit=1000)
    assert everything.more == 0 and len(everything.cities) > 10
    cut = search_cities("US", "san", limit=10)
    assert cut.cities == everything.cities[:10]
    assert cut.more == len(everything.cities) - 10


def test_a_city_without_namesakes_is_labelled_with_its_country():
    with translation.override("en"):
        assert city_label(find_cities("JP", "osaka")[0]) == "Osaka (Japan)"
    with translation.override("vi"):
        assert city_label(find_cities("JP", "osaka")[0]) == "Osaka (Nhật Bản)"


def test_namesakes_are_placed_from_the_capital():
    with translation.override("en"):
        labels = [city_label(city) for city in find_cities("KR", "gwangju")]
        assert labels == [
            "Gwangju (South Korea, 268 km south of Seoul)",
            "Gwangju (South Korea, 30 km south-east of Seoul)",
        ]
    with translation.override("vi"):
        labels = [city_label(city) for city in find_cities("KR", "gwangju")]
        assert labels[1] == "Gwangju (Hàn Quốc, cách Seoul 30 km về phía đông nam)"


def test_american_namesakes_are_told_apart_by_their_state():
    with translation.override("en"):
        labels = [city_label(city) for city in find_cities("US", "springfield", limit=20)]
    assert "Springfield (United States of America, Illinois)" in labels


def test_no_two_cities_of_a_country_share_a_label():
    with translation.override("en"):
        for country in gazetteer._loaded().cities:
            labels = [city_label(city) for city in largest_cities(country, limit=100_000)]
            assert len(labels) == len(set(labels)), country


def test_spellings_are_folded_as_everywhere_else():
    index = gazetteer._loaded()
    names = [
        name
        for country in ("VN", "PL", "FR", "TR")
        for n in index.names.get(country, [])
        for name in n
    ]
    if not names:  # already folded by a warm-up: fold the bundled names again
        names = ["Łódź", "Hà Nội", "Đà Nẵng", "İstanbul", "Saint-Étienne", "Tab\there"]
    assert all(gazetteer._folded(name) == fold(name) for name in names)


def test_concurrent_first_searches_load_the_gazetteer_once(monkeypatch):
    builds = []
    real_build = gazetteer._build

    def counted() -> object:
        builds.append(1)
        return real_build()

    monkeypatch.setattr(gazetteer, "_build", counted)
    gazetteer._forget()
    threads = [threading.Thread(target=find_cities, args=("JP", "osaka")) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert builds == [1]


def test_the_warm_up_loads_everything_in_the_background():
    gazetteer._forget()
    gazetteer.warm_up().join(timeout=60)
    index = gazetteer._index
    assert index is not None and index.names == {}
    assert set(index.keys) == set(index.cities)
    assert find_cities("JP", "osaka")[0].name == "Osaka"


@pytest.mark.parametrize(
    ("argv", "environ", "module", "serving"),
    [
        (["manage.py", "runserver"], {"RUN_MAIN": "true"}, None, True),
        (["manage.py", "runserver", "--noreload"], {}, None, True),
        (["manage.py", "runserver"], {}, None, False),  # the file watcher that restarts it
        (["gunicorn", "config.wsgi"], {}, "config.wsgi", True),
        (["uvicorn", "config.asgi:application"], {}, "config.asgi", True),
        (["manage.py", "migrate"], {}, None, False),
        (["manage.py", "import_members", "list.xlsx"], {}, None, False),
        (["pytest"], {}, None, False),
    ],
)
def test_only_web_servers_warm_the_gazetteer_up(monkeypatch, argv, environ, module, serving):
    monkeypatch.setattr(sys, "argv", argv)
    monkeypatch.delenv("RUN_MAIN", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    for name in ("config.wsgi", "config.asgi"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    if module:
        monkeypatch.setitem(sys.modules, module, types.ModuleType(module))
    assert serves_requests() is serving


def test_countries_are_named_and_sorted_in_the_page_language():
    with translation.override("en"):
        names = [name for _code, name in country_choices()]
        assert ("JP", "Japan") in country_choices()
        assert names.index("Åland Islands") < names.index("Albania")
    with translation.override("vi"):
        names = [name for _code, name in country_choices()]
        assert ("JP", "Nhật Bản") in country_choices()
        assert names.index("Dominica") < names.index("Đan Mạch") < names.index("Ecuador")
    with translation.override("fr"):
        names = [name for _code, name in country_choices()]
        assert names.index("Danemark") < names.index("Égypte") < names.index("Espagne")
    with translation.override("ru"):
        names = [name for _code, name in country_choices()]
        assert names.index("Италия") < names.index("Йемен") < names.index("Казахстан")


@pytest.mark.parametrize(
    ("language", "ordered"),
    [
        (
            "vi",
            ["Ả Rập Saudi", "Ai Cập", "Ăng-gô-la", "Ấn Độ", "Bỉ", "Dominica", "Đức", "Ê-ti-ô-pi-a"],
        ),
        ("vi", ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ", "Mă", "Mâ"]),
        ("fr", ["Eaux", "Écosse", "Eden", "Élan"]),
        ("ru", ["Ёлка", "Ель", "Жук", "Ива", "Йод", "Кот"]),
    ],
)
def test_the_collation_key_follows_the_language(language, ordered):
    # Strictly increasing keys: no two names left in whatever order they came.
    keys = [collation_key(name, language) for name in ordered]
    assert all(a < b for a, b in zip(keys, keys[1:], strict=False))


@pytest.mark.django_db
def test_the_live_city_list_asks_for_the_country_first(client, member):
    client.force_login(member)
    with translation.override("en"):
        url = reverse("registry:city_options")
        assert (
            "Choose your country first."
            in client.get(url, {"city_query": "osaka"}).content.decode()
        )
        found = client.get(url, {"country": "KR", "city_query": "gwangju"}).content.decode()
        assert "268 km south of Seoul" in found and "aria-invalid" not in found
        nothing = client.get(url, {"country": "KR", "city_query": "osaka"}).content.decode()
        assert "No city of this country has that name." in nothing


@pytest.mark.parametrize(
    ("country", "typed", "city"),
    [
        ("JP", "大阪", "Osaka"),
        ("KR", "서울", "Seoul"),
        ("RU", "Москва", "Moscow"),
        ("CZ", "Praha", "Prague"),
    ],
)
def test_a_city_is_found_by_its_name_in_the_host_countrys_own_script(country, typed, city):
    assert gazetteer.find_cities(country, typed)[0].name == city
