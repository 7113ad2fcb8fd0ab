from registry.text import fold, nfc


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
