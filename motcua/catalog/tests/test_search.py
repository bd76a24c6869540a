"""Search: words without diacritics, one-letter typos, codes, filters."""

from __future__ import annotations

import pytest
from django.db import connection

from motcua.catalog.selectors import SearchFilters, procedure_search

pytestmark = pytest.mark.django_db


def _codes(query: str, **filters) -> list[str]:
    return [
        v.procedure.code for v in procedure_search(filters=SearchFilters(query=query, **filters))
    ]


def test_words_without_diacritics_find_the_procedure(demo_catalogue):
    assert _codes("dang ky khai sinh")[0] in {"1.001193", "1.001566"}
    assert "1.001193" in _codes("dang ky khai sinh")
    assert "2.000815" in _codes("chung thuc ban sao")
    assert "2.000815" in _codes("Chứng thực BẢN SAO")


def test_code_search_is_exact_or_prefix(demo_catalogue):
    assert _codes("1.001193") == ["1.001193"]
    assert set(_codes("2.0008")) == {"2.000815", "2.000884", "2.000843"}


def test_filters_narrow_the_results(demo_catalogue):
    commune = _codes("chung thuc", level="commune")
    assert "2.000815" in commune
    assert "2.001035" not in commune
    online = _codes("", online_level="full")
    assert "1.001193" in online
    assert "2.000815" not in online
    district_desk = _codes("", agency="hbt")
    assert "2.000720" in district_desk
    assert "1.001193" not in district_desk
    assert _codes("", field="cu-tru") == sorted(_codes("", field="cu-tru"))


def test_one_letter_typo_still_finds(demo_catalogue):
    # SQLite: the Python fallback; PostgreSQL: trigram word similarity
    assert "1.001193" in _codes("dang ky khai sinhh")
    assert "2.000815" in _codes("chung thuc ban sau")
    assert "1.004194" in _codes("dang ki tam tru")  # 'ki' only occurs inside 'kinh'


def test_nothing_found_for_unrelated_words(demo_catalogue):
    assert _codes("tau vu tru sao hoa") == []


@pytest.mark.postgres
def test_trigram_search_on_postgresql_ranks_the_closest_first(demo_catalogue):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://...)")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'catalog_version_search_trgm'"
        )
        assert "gin_trgm_ops" in cursor.fetchone()[0]
    assert _codes("chung thuc ban sau")[0] == "2.000815"
    assert _codes("dang ky khai sinhh")[0] == "1.001193"
    assert "1.004194" in _codes("dang ki tam tru")


def test_numbers_and_short_words_are_searched_as_typed(demo_catalogue):
    # Numbers are not in the typo vocabulary, yet a decision number in the name still matches
    assert "1.001193" in _codes("1.001193 khai sinh")
    assert _codes("khai sinh 9999") == []
