import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from registry.text import MAX_TYPED_LENGTH, clean_typed, fold, nfc


def folded_the_long_way(text: str) -> str:
    """`fold` as first written: the whole text decomposed, its combining marks dropped."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(
        " " if unicodedata.category(ch) == "Cc" else ch
        for ch in decomposed
        if not unicodedata.combining(ch)
    )
    return " ".join(stripped.replace("đ", "d").replace("Đ", "D").lower().split())


def test_it_folds_tone_marks_and_case():
    assert fold("Nguyễn Văn An") == "nguyen van an"
    assert fold("ĐẶNG") == "dang"


def test_it_folds_d_with_stroke():
    assert fold("Đức") == "duc"
    assert fold("đường") == "duong"


def test_decomposed_and_composed_input_fold_the_same():
    assert fold("Nguye\u0302\u0303n") == fold("Nguyễn") == "nguyen"


def test_it_collapses_spaces():
    assert fold("  Thạch   Hà \n") == "thach ha"


def test_nfc_composes():
    assert nfc("Nguye\u0302\u0303n") == "Nguyễn"


def test_control_characters_become_spaces():
    assert fold("Nguy\x00ễn\tVăn\x07") == "nguy en van"


def test_typed_search_text_is_composed_single_spaced_and_visible():
    # Invisible characters (control, format such as a bidi override) separate words.
    assert clean_typed("  Nguye\u0302\u0303n\x1bVăn\u202e  An \x07") == "Nguyễn Văn An"
    assert clean_typed("\t\n") == ""


def test_typed_search_text_is_capped_after_its_spaces_are_collapsed():
    cleaned = clean_typed("\x1bĐức\x07 " + " " * 300 + "a" * 500)
    assert cleaned.startswith("Đức a") and len(cleaned) == MAX_TYPED_LENGTH
    assert clean_typed("a" * 199 + " b") == "a" * 199  # no space left at the end


@settings(max_examples=500, deadline=None)
@given(st.text(), st.sampled_from(["NFC", "NFD"]))
def test_folding_character_by_character_is_folding_the_whole_text(text, form):
    # fold works character by character (a table filled as characters are met) for speed.
    typed = unicodedata.normalize(form, text)
    assert fold(typed) == folded_the_long_way(typed)
