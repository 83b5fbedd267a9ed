"""Home's search over the whole list at once (SearchIndex) keeps exactly the rows that matching each row would.

Guards for a rewrite that must not change what is found: they pass on the row-by-row search as well.
"""

from __future__ import annotations

import pytest

from mappa_desk.services import home


def row(row_id: int, name: str, ref: str = "", aliases=()) -> dict:
    return {"id": row_id, "name": name, "visor_ref": ref, "aliases": list(aliases)}


ROWS = [
    row(1, "Ciarán O'Neill", "NI/0001", ["Kieran Neill"]),
    row(2, "Anna-Marie Smith-Jones", "NI/0002"),
    row(3, "Jo Bloggs", "AB/1", ["Joanna Blóggs", "Jo B"]),
    row(4, "Zoë Ångström", "", ["ZOE ANGSTROM"]),
    row(5, "Hans Straße", "DE/0005"),
    row(6, "(no name)", "NI/0006"),
    row(7, "Anna Smith", "NI/00020"),
    row(8, "Sean Mc Bride", "NI/0008", ["Seán McBride"]),
]

TERMS = ["", "   ", "a", "n", "anna", "ANNA", "smith", "smith-jones", "anna-marie", "-", "o'neill", "O'NEILL", "'",
         "ciaran", "Ciarán", "CIARÁN", "kieran neill", "neill kieran", "ni/0002", "NI/0002", "0002", "00020", "/",
         "blóggs", "bloggs joanna", "jo b", "zoe", "zoë", "angstrom", "ångström", "strasse", "straße", "STRASSE",
         "mc bride", "mcbride", "sean", "seán", "(no", "name)", "nobody", "1 ni", "anna smith jones", "jo smith",
         # a word that would run from one row's text into the next one's must not be found
         "0001anna", "0002jo", "bzoe", "ni/0001anna-marie"]


@pytest.mark.parametrize("text", TERMS)
def test_the_whole_list_search_keeps_the_rows_each_row_would(text):
    assert home.SearchIndex(ROWS).search(text) == [r for r in ROWS if home.matches(r, text)]


@pytest.mark.parametrize("text, ids", [
    ("", [1, 2, 3, 4, 5, 6, 7, 8]),
    ("ciaran", [1]), ("O'NEILL", [1]), ("kieran neill", [1]),  # accents, apostrophes, an alias, two words
    ("anna", [2, 3, 7]), ("smith-jones", [2]), ("smith anna", [2, 7]),  # hyphens; every word, in any order
    ("0002", [2, 7]), ("ni/0002", [2, 7]), ("ni/00020", [7]),  # ViSOR references and their parts
    ("zoe angstrom", [4]), ("strasse", [5]), ("mcbride", [8]), ("nobody", []),
    ("0001anna-marie", []), ("0002jo", []),  # nothing spans two individuals
    ("n", [1, 2, 3, 4, 5, 6, 7, 8]),  # found many times in one row: the row is listed once
])
def test_search_finds_these_rows_in_the_order_given(text, ids):
    assert [r["id"] for r in home.SearchIndex(ROWS).search(text)] == ids
    assert [r["id"] for r in home.search(ROWS, text)] == ids


def test_a_name_holding_the_index_separator_is_still_searched_as_itself():
    rows = [*ROWS, row(9, "Odd\0Name", "NI/0009")]
    assert [r["id"] for r in home.SearchIndex(rows).search("odd")] == [9]
    assert [r["id"] for r in home.SearchIndex(rows).search("odd\0name")] == [9]
    assert [r["id"] for r in home.SearchIndex(ROWS).search("odd\0name")] == []


def test_an_empty_list_finds_nothing_and_lists_nothing():
    assert home.SearchIndex([]).search("anna") == [] and home.SearchIndex([]).search("") == []
