"""Dates and amounts read right inside a Vietnamese sentence; Chinese amounts are grouped."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", "10 tháng 11 năm 2026"),
        ("en", "Nov. 10, 2026"),
        ("fr", "10 novembre 2026"),
        ("ja", "2026年11月10日"),
    ],
)
def test_a_date_reads_in_the_middle_of_a_sentence(language, expected):
    with translation.override(language):
        assert date_format(datetime.date(2026, 11, 10)) == expected


def test_a_vietnamese_sentence_says_the_day_once():
    with translation.override("vi"):
        html = Template(
            '{% load i18n %}{% translate "Closed on" %} {{ day|date:"DATE_FORMAT" }}'
        ).render(Context({"day": datetime.date(2026, 11, 10)}))
    assert html == "Đã kết thúc ngày 10 tháng 11 năm 2026"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "1.450.000.000"), ("en", "1,450,000,000"), ("zh-hans", "1,450,000,000")],
)
def test_amounts_are_grouped_by_thousands(language, expected):
    with translation.override(language):
        html = Template('{{ amount|floatformat:"0g" }}').render(
            Context({"amount": Decimal("1450000000")})
        )
    assert html == expected
