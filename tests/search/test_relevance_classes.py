"""What officers type, and whom they mean: each class of issue 18, on both engines (and on
SQLite as on PostgreSQL). The graded measure over a realistic registry is in
tests/search/relevance/."""

import pytest

from search import elastic
from search.database import ranking
from search.query import Place, Point, RegistryQuery
from tests.conftest import make_member

pytestmark = pytest.mark.django_db

OSAKA = Point(34.6937, 135.5023)
TOKYO = Point(35.6895, 139.6917)
BERLIN = Point(52.52, 13.405)


def person(name, **fields):
    return make_member(name, **fields).pk


def found(engine, text, **query):
    """The ids found, in order (Elasticsearch indexes the members made before the first)."""
    return engine(RegistryQuery(text=text, **query)).ids


def test_a_place_in_the_box_finds_the_person_who_lives_there(engine):
    lan_nagoya = person("Nguyễn Thị Lan", country="JP", city_name="Nagoya")
    lan_osaka = person("Trần Thị Lan", country="JP", city_name="Osaka")
    duc_lyon = person("Phạm Văn Đức", country="FR", city_name="Lyon")
    person("Phạm Văn Đức", country="DE", city_name="Berlin")
    pharmacist = person("Lê Thị Hồng", country="DE", city_name="Hamburg", occupation="Dược sĩ")
    prague = person("Võ Văn Tâm", country="CZ", city_name="Prague")
    assert found(engine, "lan nagoya") == [lan_nagoya]
    assert found(engine, "pham van duc lyon") == [duc_lyon]
    assert found(engine, "duoc si hamburg") == [pharmacist]
    assert found(engine, "tam praha") == [prague]  # the local form of the city
    assert (
        set(found(engine, "lan nhật bản"))
        == {lan_nagoya, lan_osaka}
        == set(found(engine, "lan japan"))
    )
    assert found(engine, "lan nagoya nhat ban") == [lan_nagoya]


def test_a_place_ranks_below_the_name(engine):
    """ "duc": Germany is Đức in Vietnamese; the people named Đức come first."""
    named = person("Trần Minh Đức", country="FR", city_name="Lyon")
    in_germany = person("Nguyễn Văn An", country="DE", city_name="Berlin")
    hoa = person("Lê Thị Hoa", country="FR", city_name="Paris")
    person("Võ Văn Tú", country="US", city_name="Houston")  # in Hoa Kỳ
    hung = person("Đỗ Văn Hùng", country="FR", city_name="Paris")
    in_hungary = person("Võ Văn Tâm", country="HU", city_name="Budapest")  # in Hung-ga-ri
    person("Lý Văn Sang", country="TW", city_name="Kaohsiung")  # in Cao Hùng
    assert found(engine, "duc") == [named, in_germany]
    # A place of several syllables is one word: its syllables alone are only names.
    assert found(engine, "hoa") == [hoa]
    # "hung" starts "Hungary", in English: found, after the name.
    assert found(engine, "hung") == [hung, in_hungary]
    assert len(found(engine, "hoa ky")) == 1 and len(found(engine, "cao hung")) == 1


def test_swapped_letters_are_one_edit(engine):
    pham = person("Phạm Văn Nam", country="JP", city_name="Osaka")
    huong = person("Lê Thị Hương", country="KR", city_name="Seoul")
    assert found(engine, "pahm van nam") == [pham]
    assert found(engine, "pham van nagm") == [pham]
    assert found(engine, "le thi huogn") == [huong]


def test_only_the_word_that_matches_nothing_is_taken_as_mistyped(engine):
    """A typo in "lan" must not let "thi" find Thu."""
    thi = person("Nguyễn Thị Lan")
    person("Nguyễn Thu Lan")
    assert found(engine, "nguyen thi lna") == [thi]


def test_marks_count_word_by_word(engine):
    dung_with_mark = person("Trần Văn Dũng")
    dung = person("Trần Văn Dung")
    assert found(engine, "Trần Van Dũng") == [dung_with_mark, dung]
    # Typed without marks, "Dung" is neutral: both names are found, neither preferred for it.
    assert set(found(engine, "Trần Van Dung")) == {dung, dung_with_mark}


def test_a_wrong_tone_mark_ranks_below_the_right_one(engine):
    thuy_acute = person("Nguyễn Thị Thúy")
    thuy_grave = person("Nguyễn Thị Thùy")
    assert found(engine, "Nguyễn Thị Thùy") == [thuy_grave, thuy_acute]
    assert found(engine, "Nguyễn Thị Thúy") == [thuy_acute, thuy_grave]


def test_old_and_new_tone_placement_are_one_name(engine):
    old_style = person("Nguyễn Thị Thuý")  # the mark on the y
    other = person("Nguyễn Thị Thùy")
    hoa = person("Đỗ Thị Hoà")
    assert found(engine, "Nguyễn Thị Thúy") == [old_style, other]
    assert found(engine, "Đỗ Thị Hòa") == [hoa]


def test_the_whole_name_first_then_other_names_then_names_starting_with_the_words(engine):
    longer = person("Lê Thị Mai Anh")
    mai = person("Lê Thị Mai", other_names="Mary Le, Mai Tanaka")
    by_other_name = person("Tanaka Mai", other_names="Lê Thị Mai")
    in_occupation = person("Hồ Văn Lê", occupation="Thị trường Mai Linh")
    assert found(engine, "Lê Thị Mai") == [mai, by_other_name, longer, in_occupation]


def test_a_half_typed_word_looks_in_the_names_before_the_occupation(engine):
    tri = person("Phạm Minh Trí")
    assistant = person("Phạm Minh Hoàng", occupation="trợ lý")
    khanh = person("Lê Văn Khánh")
    engineer = person("Lê Văn An", occupation="kỹ sư")
    assert found(engine, "Phạm Minh Tr") == [tri, assistant]
    assert found(engine, "le van k")[:2] == [khanh, engineer]


def test_the_name_given_first_as_abroad(engine):
    pham = person("Phạm Văn Minh", country="US")
    abroad = person("Phạm Thị Lụa", other_names="Minh Pham")
    other = person("Phạm Minh Tuấn")
    assert set(found(engine, "Minh Pham")[:2]) == {pham, abroad}
    assert found(engine, "Minh Pham")[2] == other
    assert found(engine, "Minh Van Pham")[0] == pham


def test_with_a_city_the_nearest_of_equal_names_first(engine):
    berlin = person(
        "Nguyễn Văn Hùng", country="DE", city_name="Berlin", latitude=52.52, longitude=13.405
    )
    tokyo = person(
        "Nguyễn Văn Hùng", country="JP", city_name="Tokyo", latitude=35.6895, longitude=139.6917
    )
    osaka = person(
        "Nguyễn Văn Hùng", country="JP", city_name="Osaka", latitude=34.6937, longitude=135.5023
    )
    longer = person(
        "Nguyễn Văn Hùng Anh", country="JP", city_name="Osaka", latitude=34.6937, longitude=135.5023
    )
    near_osaka = [Place(OSAKA, None, "JP")]
    assert found(engine, "nguyen van hung", places=near_osaka) == [osaka, tokyo, berlin, longer]
    near_berlin = [Place(BERLIN, None, "DE")]
    assert found(engine, "nguyen van hung", places=near_berlin)[0] == berlin  # fmt: skip


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("engineer", "Kỹ sư xây dựng"),
        ("ky su", "Ingenieur"),
        ("y ta", "Krankenschwester"),
        ("nurse", "Y tá"),
        ("Ingenieur", "kỹ sư cơ khí"),
    ],
)
def test_common_occupations_are_found_in_any_language(engine, typed, written):
    meant = person("Bùi Văn Sơn", occupation=written)
    person("Bùi Văn Hải", occupation="đầu bếp")
    assert found(engine, typed) == [meant]


def test_pages_across_the_reranked_window_are_complete(engine, monkeypatch):
    """Past the best matches `search.relevance` orders, pages follow the engine's order: each
    member once, on whichever page the window's edge falls."""
    for number in range(9):
        person(f"Nguyễn Văn {chr(ord('A') + number)}")
    monkeypatch.setattr(ranking, "WINDOW", 4)
    monkeypatch.setattr(elastic, "WINDOW", 4)
    seen = []
    for page in range(1, 5):
        seen += found(engine, "nguyen van", page=page, page_size=3)
    assert sorted(seen) == sorted(set(seen)) and len(seen) == 9
