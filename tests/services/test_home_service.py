"""The home screen's reads: the caseload with its review clock, search, and one individual's record."""

from __future__ import annotations

import pytest

from mappa_desk.errors import NotFound
from mappa_desk.services import home, records

NOW = "2026-01-01T00:00:00Z"
TODAY = "2026-11-21"


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def ids_by_ref(session) -> dict[str, int]:
    return {ref: row_id for row_id, ref in session.db.query("SELECT id, visor_ref FROM individuals")}


def add_individual(session, family: str, *, given: str = "Test", ref: str | None = None, aliases=(),
                   meetings=()) -> int:
    """An individual made by hand; meetings are (date, status, review_date)."""
    db = session.db
    with db.transaction():
        db.execute("INSERT INTO individuals (uid, family_name, given_names, visor_ref, category, current_level, "
                   "created_at, updated_at) VALUES (?, ?, ?, ?, 3, 2, ?, ?)",
                   (f"uid-{family}", family, given, ref, NOW, NOW))
        row_id = db.scalar("SELECT max(id) FROM individuals")
        for alias in aliases:
            db.execute("INSERT INTO individual_aliases (individual_id, alias) VALUES (?, ?)", (row_id, alias))
        for n, (date, status, review) in enumerate(meetings):
            db.execute("INSERT INTO meetings (uid, individual_id, kind, level, meeting_date, status, review_date, "
                       "created_at, updated_at) VALUES (?, ?, ?, 2, ?, ?, ?, ?, ?)",
                       (f"mtg-{family}-{n}", row_id, "initial" if n == 0 else "review", date, status, review,
                        NOW, NOW))
    return row_id


# -- the list ------------------------------------------------------------------------------------

def test_demo_rows_carry_the_review_due_from_the_latest_held_meeting(demo):
    rows = home.individual_rows(demo, today=TODAY)
    assert [(r["name"], r["visor_ref"], r["review_due"]) for r in rows] == [
        ("Martin Skellybrae", "DEMO/0005", "2026-11-24"),
        ("Kyle Cairnbrake", "DEMO/0002", "2026-12-08"),
        ("Alasdair Dunmorrow", "DEMO/0004", "2026-12-10"),
        ("Calum James Drumlachie", "DEMO/0001", "2026-12-15"),
        ("Ciarán Fernbrae", "DEMO/0003", "2026-12-29"),
        ("Ryan Glenquharrie", "DEMO/0006", "2027-02-02"),
    ]
    by_ref = {r["visor_ref"]: r for r in rows}
    drumlachie = by_ref["DEMO/0001"]
    assert (drumlachie["category"], drumlachie["level"], drumlachie["lead_agency"]) == (1, 2, "Police Scotland")
    assert drumlachie["aliases"] == ["Cal Drumlachie"]
    assert by_ref["DEMO/0004"]["lead_agency"] == "NHS Health Board"
    assert by_ref["DEMO/0003"]["aliases"] == ["Kieran Fernbrae", "Ciaran O'Neill"]
    # Fernbrae's review on 15 Dec is planned: it does not move the due date set at the last held meeting.
    assert by_ref["DEMO/0003"]["planned_meeting"] == "2026-12-15"
    assert [r["visor_ref"] for r in rows if r["planned_meeting"]] == ["DEMO/0003"]
    assert [r["visor_ref"] for r in rows if r["due_soon"]] == ["DEMO/0005"]
    assert not any(r["overdue"] for r in rows)


def test_overdue_and_due_soon_are_measured_from_today(demo):
    rows = home.individual_rows(demo, today="2026-12-09")
    flags = {r["visor_ref"]: (r["overdue"], r["due_soon"]) for r in rows}
    assert flags == {
        "DEMO/0005": (True, False),  # 24 Nov
        "DEMO/0002": (True, False),  # 8 Dec: yesterday
        "DEMO/0004": (False, True),  # 10 Dec
        "DEMO/0001": (False, True),  # 15 Dec
        "DEMO/0003": (False, False),  # 29 Dec: 20 days away
        "DEMO/0006": (False, False),
    }


@pytest.mark.parametrize("today, overdue, due_soon", [
    ("2026-12-01", False, False),  # 15 days before
    ("2026-12-02", False, True),  # 14 days before
    ("2026-12-16", False, True),  # the day itself
    ("2026-12-17", True, False),  # a day late
])
def test_the_edges_of_due_soon_and_overdue(vault_session, today, overdue, due_soon):
    add_individual(vault_session, "Edge", meetings=[("2026-09-01", "final", "2026-12-16")])
    (row,) = home.individual_rows(vault_session, today=today)
    assert (row["overdue"], row["due_soon"]) == (overdue, due_soon)


def test_only_held_meetings_set_the_review_date(vault_session):
    planned_only = add_individual(vault_session, "Planned", meetings=[("2026-12-01", "planned", None)])
    nothing = add_individual(vault_session, "Nothing")
    # A later meeting that was cancelled or is still in progress leaves the last held one in charge.
    held = add_individual(vault_session, "Held", meetings=[
        ("2026-08-01", "final", "2026-10-01"), ("2026-10-01", "cancelled", "2027-01-01"),
        ("2026-10-08", "in_progress", "2027-01-08")])
    rows = {r["id"]: r for r in home.individual_rows(vault_session, today=TODAY)}
    assert (rows[planned_only]["review_due"], rows[planned_only]["planned_meeting"]) == (None, "2026-12-01")
    assert not rows[planned_only]["overdue"] and not rows[planned_only]["due_soon"]
    assert (rows[nothing]["review_due"], rows[nothing]["planned_meeting"]) == (None, None)
    assert rows[held]["review_due"] == "2026-10-01" and rows[held]["overdue"]


def test_most_urgent_first_then_by_date_then_by_name(vault_session):
    add_individual(vault_session, "Zed", meetings=[("2026-01-01", "held", "2026-12-01")])
    add_individual(vault_session, "Abel", meetings=[("2026-01-01", "held", "2026-12-01")])
    add_individual(vault_session, "Late", meetings=[("2026-01-01", "held", "2026-10-01")])
    add_individual(vault_session, "Aaron")  # no review date: last
    add_individual(vault_session, "Soon", meetings=[("2026-01-01", "held", "2026-11-25")])
    rows = home.individual_rows(vault_session, today=TODAY)
    assert [r["family_name"] for r in rows] == ["Late", "Soon", "Abel", "Zed", "Aaron"]


def test_the_list_takes_two_queries_however_many_individuals(demo, monkeypatch):
    real_query = demo.db.query
    calls = []

    def counting(sql, params=()):
        calls.append(sql)
        return real_query(sql, params)

    monkeypatch.setattr(demo.db, "query", counting)
    assert len(home.individual_rows(demo, today=TODAY)) == 6
    assert len(calls) == 2
    monkeypatch.setattr(demo.db, "query", real_query)
    for n in range(20):
        add_individual(demo, f"Extra{n}", aliases=[f"X{n}"], meetings=[("2026-01-01", "held", "2026-12-01")])
    monkeypatch.setattr(demo.db, "query", counting)
    calls.clear()
    assert len(home.individual_rows(demo, today=TODAY)) == 26
    assert len(calls) == 2


# -- search --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, refs", [
    ("", ["DEMO/0005", "DEMO/0002", "DEMO/0004", "DEMO/0001", "DEMO/0003", "DEMO/0006"]),
    ("kieran", ["DEMO/0003"]),  # an alias
    ("O'NEILL", ["DEMO/0003"]),  # an alias, any case
    ("ciaran", ["DEMO/0003"]),  # the name is Ciarán: accents are not needed to find it
    ("Ciarán", ["DEMO/0003"]),
    ("demo/0004", ["DEMO/0004"]),  # the ViSOR reference
    ("0006", ["DEMO/0006"]),
    ("  drum   calum ", ["DEMO/0001"]),  # every word, in any order
    ("cairns", ["DEMO/0002"]),  # alias Kyle Cairns
    ("skelly", ["DEMO/0005"]),
    ("brae", ["DEMO/0005", "DEMO/0003"]),  # in the order given (most urgent first)
    ("nobody", []),
])
def test_search_by_name_alias_or_visor_reference(demo, text, refs):
    rows = home.individual_rows(demo, today=TODAY)
    assert [r["visor_ref"] for r in home.search(rows, text)] == refs


def test_a_row_made_elsewhere_can_be_matched_without_its_search_text():
    row = {"name": "Jo Bloggs", "aliases": ["Joanna Blóggs"], "visor_ref": "AB/1"}
    assert home.matches(row, "bloggs ab/1") and home.matches(row, "joanna")
    assert not home.matches(row, "smith")


# -- one individual ------------------------------------------------------------------------------

def test_detail_of_an_individual_with_orders_meetings_and_a_held_plan(demo):
    detail = home.individual_detail(demo, ids_by_ref(demo)["DEMO/0001"])
    assert detail["name"] == "Calum James Drumlachie"
    assert detail["date_of_birth"] == "1986-02-11"
    assert detail["category_label"] == "Category 1: registered sex offender"
    assert (detail["level"], detail["lead_agency"], detail["rosh"], detail["olr"]) == (2, "Police Scotland", "High",
                                                                                       False)
    assert detail["restricted_patient_order"] == ""
    assert detail["review_due"] == "2026-12-15"
    (order,) = detail["orders"]
    assert order["kind_label"] == "Sex offender notification requirements"
    assert order["start_date"] == "2021-05-14" and order["end_date"] is None
    assert len(order["conditions"]) == 4 and all(order["conditions"])
    assert [(m["date"], m["kind_label"], m["level"], m["status_label"], m["review_date"])
            for m in detail["meetings"]] == [
        ("2026-09-22", "Review", 2, "Held", "2026-12-15"),
        ("2026-08-11", "Review", 3, "Final", "2026-09-22"),
        ("2026-07-07", "Initial", 3, "Final", "2026-08-11"),
    ]
    rmp = detail["rmp"]
    assert rmp["meeting_id"] == detail["meetings"][0]["id"]
    assert (rmp["meeting_date"], rmp["meeting_kind"], rmp["meeting_status"], rmp["held"]) == (
        "2026-09-22", "Review", "Held", True)
    assert [h["label"] for h in rmp["measures"]] == ["Supervision", "Monitoring and control",
                                                     "Interventions and treatment", "Victim safety planning"]
    measures = [x for h in rmp["measures"] for x in h["measures"]]
    stored = demo.db.query("SELECT description FROM rmp_measures WHERE meeting_id = ? ORDER BY position",
                           (rmp["meeting_id"],))
    assert sorted(x["description"] for x in measures) == sorted(d for (d,) in stored)
    assert all(x["agency"] for x in measures), "each measure names its agency"
    assert rmp["risks"] and all(r["kind"] for r in rmp["risks"])
    assert [r["number"] for r in rmp["risks"]] == sorted(r["number"] for r in rmp["risks"])
    assert rmp["contingencies"] and all(c["trigger"] and c["response"] for c in rmp["contingencies"])


def test_the_current_plan_is_the_last_held_one_not_a_planned_meeting(demo):
    detail = home.individual_detail(demo, ids_by_ref(demo)["DEMO/0003"])
    assert [m["status"] for m in detail["meetings"]][:2] == ["planned", "held"]
    assert detail["review_due"] == "2026-12-29"
    rmp = detail["rmp"]
    assert (rmp["meeting_id"], rmp["meeting_date"], rmp["held"]) == (detail["meetings"][1]["id"], "2026-10-06", True)
    sexual_harm = next(h for h in detail["orders"] if h["kind"] == "shpo")
    assert sexual_harm["description"].startswith("Sexual harm prevention order") and len(sexual_harm["conditions"]) == 5


def test_restricted_patients_and_olr_are_shown(demo):
    refs = ids_by_ref(demo)
    patient = home.individual_detail(demo, refs["DEMO/0004"])
    assert patient["restricted_patient_order"] == "Compulsion order with restriction order"
    assert patient["category_label"] == "Category 2: restricted patient"
    assert home.individual_detail(demo, refs["DEMO/0005"])["olr"] is True


def test_before_any_meeting_is_held_the_plan_being_prepared_is_shown(vault_session):
    individual_id = add_individual(vault_session, "New", aliases=["Newt"],
                                   meetings=[("2026-12-01", "planned", None)])
    meeting_id = vault_session.db.scalar("SELECT id FROM meetings WHERE individual_id = ?", (individual_id,))
    with vault_session.db.transaction():
        vault_session.db.execute("INSERT INTO rmp_measures (meeting_id, heading, description) VALUES (?, ?, ?)",
                                 (meeting_id, "victim_safety", "Draft measure <b>not</b> markup"))
    detail = home.individual_detail(vault_session, individual_id)
    assert detail["aliases"] == ["Newt"] and detail["review_due"] is None and detail["lead_agency"] == ""
    rmp = detail["rmp"]
    assert (rmp["meeting_id"], rmp["held"], rmp["meeting_status"]) == (meeting_id, False, "Planned")
    victim = next(h for h in rmp["measures"] if h["heading"] == "victim_safety")
    assert victim["measures"] == [{"description": "Draft measure <b>not</b> markup", "agency": "",
                                   "person_name": "", "timescale": "", "risk_numbers": []}]
    assert all(h["measures"] == [] for h in rmp["measures"] if h["heading"] != "victim_safety")


def test_no_meetings_means_no_plan_and_a_cancelled_meeting_has_none(vault_session):
    alone = add_individual(vault_session, "Alone")
    cancelled = add_individual(vault_session, "Cancelled", meetings=[("2026-12-01", "cancelled", None)])
    assert home.individual_detail(vault_session, alone)["meetings"] == []
    assert home.individual_detail(vault_session, alone)["rmp"] is None
    detail = home.individual_detail(vault_session, cancelled)
    assert [m["status_label"] for m in detail["meetings"]] == ["Cancelled"] and detail["rmp"] is None


def test_measure_risk_numbers_come_back_in_order(demo):
    detail = home.individual_detail(demo, ids_by_ref(demo)["DEMO/0002"])
    numbers = [x["risk_numbers"] for h in detail["rmp"]["measures"] for x in h["measures"]]
    stored = demo.db.query(
        "SELECT r.risk_number FROM rmp_measure_risks r JOIN rmp_measures x ON x.id = r.measure_id "
        "WHERE x.meeting_id = ?", (detail["rmp"]["meeting_id"],))
    assert sorted(n for ns in numbers for n in ns) == sorted(n for (n,) in stored)
    assert all(ns == sorted(ns) for ns in numbers)
    assert any(numbers), "the demo plan links measures to risks"


def test_an_individual_that_is_gone_is_a_plain_sentence(vault_session):
    with pytest.raises(NotFound) as raised:
        home.individual_detail(vault_session, 999)
    assert "no longer in the vault" in str(raised.value)


def test_fold_is_blind_to_case_and_accents_on_both_paths():
    from mappa_desk.services.home import fold
    assert fold("CIARAN MacLeod") == "ciaran macleod"  # plain ASCII: the fast path
    assert fold("Ciarán Ó Dónaill") == "ciaran o donaill"
    assert fold("Straße") == "strasse"
    assert fold("") == fold(None) == ""
