"""A member's languages are a relation to `Language`, keyed by code (issue 16, finding 6): the
migration turns each member's string of codes into rows and back, and a merge combines two
records' languages as it combines their interests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from registry import merging
from registry.member_fields import BY_KEY
from registry.models import Language
from registry.services.merges import merge_members
from tests.conftest import make_member

BEFORE = [("registry", "0017_reference_data_in_every_language")]
AFTER = [("registry", "0018_member_languages_relation")]


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


@pytest.fixture
def before_the_relation(transactional_db: None) -> Iterator[MigrationExecutor]:
    """The database as it was with languages as one string; migrated to the end again after."""
    try:
        yield migrate(BEFORE)
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_the_migration_turns_each_members_codes_into_rows_and_back(before_the_relation):
    old = before_the_relation.loader.project_state(BEFORE).apps.get_model("registry", "Member")
    written = {
        "repeats": "vi cs vi",  # each code once
        "none": "",
        "unlisted": "ja xx",  # a code not on the list keeps a row of its own
        "unordered": "en vi",
    }
    pks = {
        key: old.objects.create(full_name=key, languages=codes).pk for key, codes in written.items()
    }

    after = migrate(AFTER).loader.project_state(AFTER).apps.get_model("registry", "Member")
    # The model as of that migration: later ones add columns the current model would ask for.
    spoken = {
        key: [
            language.pk
            for language in after.objects.get(pk=pk).languages.order_by("position", "code")
        ]
        for key, pk in pks.items()
    }
    assert spoken == {
        "repeats": ["vi", "cs"],
        "none": [],
        "unlisted": ["ja", "xx"],
        "unordered": ["vi", "en"],  # the list's order
    }
    assert Language.objects.last() == Language(code="xx")

    executor = migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("registry", "Member")
    back = dict(old.objects.filter(pk__in=pks.values()).values_list("full_name", "languages"))
    assert back == {"repeats": "vi cs", "none": "", "unlisted": "ja xx", "unordered": "vi en"}


@pytest.mark.django_db
def test_a_merge_combines_both_records_languages_unless_the_officer_chooses_one():
    kept = make_member("Nguyễn Văn An", languages="vi hu")
    merged = make_member("Nguyen Van An", languages="vi en")
    assert merging.default_choices(kept, merged)["languages"] == merging.BOTH
    assert BY_KEY["languages"].value(merged) == {"vi", "en"}

    merge_members(kept, merged, choices={}, actor=None)  # type: ignore[arg-type]
    assert kept.language_codes() == ["vi", "en", "hu"]


@pytest.mark.django_db
def test_an_officer_may_keep_one_records_languages():
    kept = make_member("Nguyễn Văn An", languages="vi hu")
    merged = make_member("Nguyen Van An", languages="ja")
    merge_members(kept, merged, choices={"languages": merging.MERGED}, actor=None)  # type: ignore[arg-type]
    assert kept.language_codes() == ["ja"]
