"""What both engines read of a record and of a query is said once: the words typed are cleaned
as the site search cleans them, and an Elasticsearch document's text is the record's
`Member.SEARCH_TEXT_FIELDS`, as the database engine's `search_text`."""

import pytest

from registry.text import clean_typed, fold
from search import elastic
from search.query import RegistryQuery
from tests.conftest import make_member


@pytest.mark.parametrize(
    "typed", ["  Nguye\u0302\u0303n\x1bVăn\u202e An ", "nguy\x00en\x07 van", "x " * 500, ""]
)
def test_the_words_typed_are_cleaned_as_the_site_search_cleans_them(typed):
    assert RegistryQuery(text=typed).text == clean_typed(typed)


@pytest.mark.django_db
def test_a_document_holds_the_text_the_database_engine_matches_words_in():
    member = make_member(
        "Nguyễn Văn An",
        other_names="Anna Nguyen",
        occupation="kỹ sư",
        skills="tiếng Hung",
        organisation="Hội người Việt",
    )
    member.refresh_from_db()
    assert fold(elastic.document(member)["text"]) == member.search_text
