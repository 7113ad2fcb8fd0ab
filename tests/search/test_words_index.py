"""PostgreSQL keeps every beginning of every searched word (migration registry 0022): whatever
way a record's text is written, a word typed whole or half finds it, and a word it no longer
holds does not."""

import pytest
from django.db import connection

from registry.models import Member
from search import database
from search.query import RegistryQuery
from tests.conftest import make_member

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's index"),
]


def found(text: str) -> list[int]:
    return database.search(RegistryQuery(text=text)).ids


def test_a_word_half_typed_or_whole_is_found_however_the_record_was_written():
    hung = make_member("Nguyễn Văn Hùng")
    assert found("nguy van hu") == [hung.pk]
    assert found("nguyen van hung") == [hung.pk]
    # Written without save(): a bulk update (the trigger writes the words, not the model).
    Member.objects.filter(pk=hung.pk).update(search_text="kim ngan quokka")
    assert found("quok") == [hung.pk]
    assert found("kim ngan q") == [hung.pk]
    assert found("nguy") == []  # the words it no longer holds
    assert found("quokkas") == []  # a beginning is not a word longer than the record's


def test_the_words_of_a_mistyped_query_are_matched_by_their_beginnings_too():
    hung = make_member("Nguyễn Văn Hùng")
    make_member("Nguyễn Văn Hưng")  # the same letters once folded: both match
    assert hung.pk in found("nguyen vna hung")  # "vna": one swap from "van"
