"""Amounts of money as a person reads them: digits grouped the way their language groups them,
and in words ("năm mươi triệu đồng"), in every site language.

Words come from num2words, which has no Chinese: Chinese numerals are written here (万 and 亿
groups, 零 for a gap), as amounts on a cheque are.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats, translation
from django.utils.translation import gettext as _
from num2words import num2words

# num2words' code for each site language it writes.
NUM2WORDS = {"vi": "vi", "en": "en", "fr": "fr", "ru": "ru", "ja": "ja", "ko": "ko"}
CHINESE_DIGITS = "零一二三四五六七八九"
CHINESE_SMALL_UNITS = ("", "十", "百", "千")
CHINESE_BIG_UNITS = ("", "万", "亿", "万亿")


def currency_word(currency: str) -> str:
    """What an amount in words ends with: the currency's name in the active language."""
    names = {"VND": _("dong"), "USD": _("US dollars"), "EUR": _("euros"), "JPY": _("yen")}
    return names.get(currency, currency)


def grouped(amount: Decimal) -> str:
    """The amount in whole units, its digits grouped as the active language groups them."""
    return formats.number_format(amount.quantize(Decimal(1)), 0, use_l10n=True, force_grouping=True)


def chinese(number: int) -> str:
    """A whole number in Chinese numerals (simplified), as written in words on a cheque."""
    if number == 0:
        return CHINESE_DIGITS[0]
    groups: list[int] = []
    while number:
        number, group = divmod(number, 10_000)
        groups.append(group)
    words = ""
    gap = False  # a zero to say before the next non-zero part
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            gap = bool(words)
            continue
        if words and (gap or group < 1000):
            words += CHINESE_DIGITS[0]
        words += chinese_group(group) + CHINESE_BIG_UNITS[index]
        gap = False
    # "十万", not "一十万", at the start of a number (inside one, after 零, the 一 is said).
    return words[1:] if words.startswith("一十") else words


def chinese_group(group: int) -> str:
    """0 < group < 10,000 in Chinese numerals, its inner zeros said once."""
    words = ""
    zero = False
    for place in range(3, -1, -1):
        digit = group // 10**place % 10
        if digit == 0:
            zero = bool(words)
            continue
        if zero:
            words += CHINESE_DIGITS[0]
            zero = False
        words += CHINESE_DIGITS[digit] + CHINESE_SMALL_UNITS[place]
    return words


def in_words(amount: Decimal, currency: str, language: str | None = None) -> str:
    """The amount, whole units, in words and with its currency, in `language` (the active one
    by default)."""
    language = language or translation.get_language() or "vi"
    whole = int(amount)
    with translation.override(language):
        if language.lower().startswith("zh"):
            words = chinese(whole)
        else:
            words = num2words(whole, lang=NUM2WORDS.get(language, "vi"))
        return f"{words} {currency_word(currency)}"
