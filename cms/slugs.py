"""Addresses from Vietnamese titles: "Hà Tĩnh đón đoàn kiều bào" → `ha-tinh-don-doan-kieu-bao`.

Django's `slugify` drops "đ" (a letter of its own, not "d" with a mark) and Wagtail's editor,
which transliterates with the Serbian table, makes it "dj" and drops "ĩ": the marks are folded
first, here on the server (pages made by code, translations) and in the editor as the title is
typed (`SLUG_FORMATTERS`, given to Wagtail's slug field).
"""

from __future__ import annotations

from django.utils.text import slugify

from registry.text import fold

# Vietnamese letters with marks, by the letter they fold to (upper and lower case).
VIETNAMESE_LETTERS = {
    "a": "àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ",
    "d": "đĐ",
    "e": "èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ",
    "i": "ìíỉĩịÌÍỈĨỊ",
    "o": "òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ",
    "u": "ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ",
    "y": "ỳýỷỹỵỲÝỶỸỴ",
}
# For Wagtail's SlugInput: (pattern, replacement) applied before its own transliteration.
SLUG_FORMATTERS = [(f"[{letters}]", plain) for plain, letters in VIETNAMESE_LETTERS.items()]


def slug_for(title: str) -> str:
    """The address part for a title: folded, lower case, ASCII, at most 255 characters."""
    return slugify(fold(title))[:255].strip("-")
