"""Home's list searched after it is sorted or listed again: the rows shown are those that match, in the order of the
column sorted by, from the rows listed last (the search over the whole list is made again with each)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ui.home.model import IndividualsModel


def row(row_id: int, given: str, family: str, ref: str, aliases=()) -> dict:
    return {"id": row_id, "name": f"{given} {family}", "given_names": given, "family_name": family,
            "aliases": list(aliases), "visor_ref": ref, "category": 1, "category_label": "", "level": 2,
            "lead_agency": "", "lead_agency_code": "", "review_due": f"2027-01-{row_id:02d}", "overdue": False,
            "due_soon": False, "planned_meeting": None}


ROWS = [row(1, "Anna", "Zetland", "NI/0001"), row(2, "Ciarán", "Anderson", "NI/0002", ["Kieran Anders"]),
        row(3, "Bob", "Marsh", "NI/0003"), row(4, "Joanna", "Brae", "NI/0004")]


def shown(model: IndividualsModel) -> list[int]:
    return [model.row_at(n)["id"] for n in range(model.rowCount())]


def test_a_search_shows_its_matches_in_the_order_sorted_by_and_from_the_rows_listed_last(qapp):
    model = IndividualsModel()
    model.set_rows(ROWS)
    model.set_text("ann")
    assert shown(model) == [1, 4]  # most urgent first
    model.sort(IndividualsModel.NAME, Qt.SortOrder.AscendingOrder)  # by family name
    assert shown(model) == [4, 1]
    model.set_text("ciaran")
    assert shown(model) == [2]
    model.set_text("anders")  # in a name and in an alias: listed once
    assert shown(model) == [2]
    model.set_rows([*ROWS, row(5, "Sandy", "Anders", "NI/0005")])  # listed again: the new row is searched too
    assert shown(model) == [5, 2]
    model.sort(IndividualsModel.NAME, Qt.SortOrder.DescendingOrder)
    assert shown(model) == [2, 5]
    model.set_rows(ROWS[:1])
    assert shown(model) == [] and model.total() == 1
    model.set_text("")
    assert shown(model) == [1]
