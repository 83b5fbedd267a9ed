"""Entering a newly referred individual: what the vault holds afterwards, and every refusal writes nothing."""

from __future__ import annotations

import datetime as _dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from mappa_desk.domain import text_check
from mappa_desk.errors import InvalidInput, UserFacingError
from mappa_desk.services import home
from mappa_desk.services import new_meeting as nm
from mappa_desk.services.individuals import IndividualRefused, NewIndividual, create_individual
from mappa_desk.storage import individuals
from mappa_desk.storage.rows import AgencyCodes

TODAY = _dt.date(2026, 12, 9)
TABLES = ("individuals", "individual_aliases", "orders", "audit_log")


def _spec(**changes) -> NewIndividual:
    values = dict(family_name="Baillieston", given_names="Morag Ann", date_of_birth="1979-04-23",
                  visor_ref="VR/2026/0101", category=3, current_level=2, lead_agency="JSW", rosh_level="high",
                  olr=False, restricted_patient_order="", aliases=("Mo Baillie", "Morag Ann Baillie"),
                  notes="Referred by Justice Social Work after a serious assault.")
    values.update(changes)
    return NewIndividual(**values)


def _counts(session) -> dict:
    return {table: session.db.scalar(f"SELECT count(*) FROM {table}") for table in TABLES}


def _row(session, individual_id: int) -> dict:
    cols = ("uid", "family_name", "given_names", "date_of_birth", "visor_ref", "category", "current_level",
            "lead_agency", "rosh_level", "olr", "restricted_patient_order", "notes", "created_at", "updated_at")
    row = session.db.query(
        """SELECT i.uid, i.family_name, i.given_names, i.date_of_birth, i.visor_ref, i.category, i.current_level,
                  a.code, i.rosh_level, i.olr, i.restricted_patient_order, i.notes, i.created_at, i.updated_at
           FROM individuals i LEFT JOIN agencies a ON a.id = i.lead_agency_id WHERE i.id = ?""", (individual_id,))
    assert len(row) == 1
    return dict(zip(cols, row[0]))


def _aliases(session, individual_id: int) -> list[str]:
    return [a for (a,) in session.db.query(
        "SELECT alias FROM individual_aliases WHERE individual_id = ? ORDER BY id", (individual_id,))]


# -- what is written -----------------------------------------------------------------------
def test_the_individual_and_their_aliases_are_written_as_entered(vault_session):
    before = _counts(vault_session)
    new_id = create_individual(vault_session, _spec(), today=TODAY)
    row = _row(vault_session, new_id)
    assert {k: v for k, v in row.items() if k not in ("uid", "created_at", "updated_at")} == {
        "family_name": "Baillieston", "given_names": "Morag Ann", "date_of_birth": "1979-04-23",
        "visor_ref": "VR/2026/0101", "category": 3, "current_level": 2, "lead_agency": "JSW", "rosh_level": "high",
        "olr": 0, "restricted_patient_order": "", "notes": "Referred by Justice Social Work after a serious assault."}
    assert len(row["uid"]) >= 16 and row["created_at"] == row["updated_at"] and row["created_at"].endswith("Z")
    assert _aliases(vault_session, new_id) == ["Mo Baillie", "Morag Ann Baillie"]
    after = _counts(vault_session)
    assert (after["individuals"], after["individual_aliases"], after["orders"]) == (
        before["individuals"] + 1, before["individual_aliases"] + 2, before["orders"])
    # The audit log says who added them (one row for the individual, one per alias).
    assert vault_session.db.query(
        "SELECT operation, table_name FROM audit_log WHERE id > (SELECT coalesce(max(id), 0) - 3 FROM audit_log) "
        "ORDER BY id") == [("insert", "individuals"), ("insert", "individual_aliases"),
                           ("insert", "individual_aliases")]
    # The repository reads back what was written.
    loaded = individuals.load(vault_session.db, AgencyCodes(vault_session.db), new_id)
    assert (loaded.display_name, loaded.aliases, loaded.orders) == ("Morag Ann Baillieston",
                                                                    ["Mo Baillie", "Morag Ann Baillie"], [])


def test_optional_fields_may_be_left_empty(vault_session):
    new_id = create_individual(vault_session, NewIndividual(family_name="Strathcarron", category=1, current_level=3,
                                                            lead_agency="POLICE"), today=TODAY)
    row = _row(vault_session, new_id)
    assert (row["given_names"], row["date_of_birth"], row["visor_ref"], row["rosh_level"], row["olr"],
            row["restricted_patient_order"], row["notes"]) == ("", None, None, None, 0, "", "")
    assert _aliases(vault_session, new_id) == []
    # Two people without a ViSOR reference are not duplicates of each other.
    create_individual(vault_session, NewIndividual(family_name="Ardgowan", category=3, current_level=2,
                                                   lead_agency="JSW"), today=TODAY)
    assert vault_session.db.scalar("SELECT count(*) FROM individuals WHERE visor_ref IS NULL") == 2


def test_a_restricted_patient_keeps_the_order_and_olr_is_a_flag(vault_session):
    new_id = create_individual(vault_session, _spec(category=2, lead_agency="HEALTH", olr=True,
                                                    restricted_patient_order="compulsion_restriction_order"),
                               today=TODAY)
    row = _row(vault_session, new_id)
    assert (row["category"], row["lead_agency"], row["olr"], row["restricted_patient_order"]) == (
        2, "HEALTH", 1, "compulsion_restriction_order")


def test_spaces_are_tidied_and_repeated_aliases_dropped(vault_session):
    new_id = create_individual(vault_session, _spec(
        family_name="  Mac   Leod \t", given_names=" Iain\u00a0 Ruaridh ", visor_ref="  VR/2026/0202 ",
        aliases=("", "  Ian MacLeod ", "Ian MacLeod", "   ", "Ruaridh"), notes="\n\n  First line\n  second  \n\n"),
        today=TODAY)
    row = _row(vault_session, new_id)
    assert (row["family_name"], row["given_names"], row["visor_ref"]) == ("Mac Leod", "Iain Ruaridh", "VR/2026/0202")
    assert row["notes"] == "First line\n  second"  # inner layout kept
    assert _aliases(vault_session, new_id) == ["Ian MacLeod", "Ruaridh"]


ODD = [
    "O'Brien-\"Quoted\"",
    "<b>bold</b> & <script>alert(1)</script>",
    "Zoë ☺ Ńowak",  # a smiley the documents can print (an emoji is refused: tests/domain/test_text_check.py)
    "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",  # Hebrew and Arabic, right to left
    "'; DROP TABLE individuals; --",
    "e\u0301 (a combining accent, not composed)",
]


def test_odd_characters_are_stored_exactly(vault_session):
    for n, text in enumerate(ODD):
        new_id = create_individual(vault_session, _spec(
            family_name=text, given_names=text, visor_ref=f"{text} #{n}", aliases=(text,), notes=f"{text}\n{text}"),
            today=TODAY)
        row = _row(vault_session, new_id)
        assert (row["family_name"], row["given_names"], row["visor_ref"], row["notes"]) == (
            text, text, f"{text} #{n}", f"{text}\n{text}")
        assert _aliases(vault_session, new_id) == [text]
    assert vault_session.db.scalar("SELECT count(*) FROM individuals") == len(ODD)


_names = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40)
_serial = itertools.count()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(family=_names, given_names=_names)
def test_any_typed_name_is_stored_as_its_words(vault_session, family, given_names):
    spec = _spec(family_name=family, given_names=given_names, visor_ref=f"H/{next(_serial)}", aliases=())
    words = " ".join(family.split())
    if not words or text_check.problem(family + given_names):  # blank, or a character no document can print
        with pytest.raises(IndividualRefused):
            create_individual(vault_session, spec, today=TODAY)
        return
    row = _row(vault_session, create_individual(vault_session, spec, today=TODAY))
    assert (row["family_name"], row["given_names"]) == (words, " ".join(given_names.split()))


def test_the_new_individual_is_listed_and_offered_an_initial_meeting(vault_session):
    new_id = create_individual(vault_session, _spec(current_level=3), today=TODAY)
    listed = [r for r in home.individual_rows(vault_session, today=TODAY.isoformat()) if r["id"] == new_id]
    assert len(listed) == 1 and listed[0]["visor_ref"] == "VR/2026/0101"
    suggested = nm.defaults(vault_session, new_id, today=TODAY)
    assert (suggested.kind, suggested.level, suggested.lead_agency, suggested.individual_name) == (
        "initial", 3, "JSW", "Morag Ann Baillieston")
    assert "JSW" in [i.agency for i in suggested.invitees]  # the lead agency is invited


# -- what is refused -------------------------------------------------------------------------
REFUSED = [
    (dict(family_name=""), "family_name", "Enter the individual's family name."),
    (dict(family_name=" \t\u00a0 "), "family_name", "Enter the individual's family name."),
    (dict(category=None), "category", "Choose the MAPPA category"),
    (dict(category=4), "category", "Choose the MAPPA category"),
    (dict(category=0), "category", "Choose the MAPPA category"),
    (dict(current_level=0), "current_level", "Choose the MAPPA level"),
    (dict(current_level=4), "current_level", "Choose the MAPPA level"),
    (dict(lead_agency=None), "lead_agency", "Choose the lead agency."),
    (dict(lead_agency="NOT-AN-AGENCY"), "lead_agency", "not one of the agencies of Scotland"),
    (dict(rosh_level="extreme"), "rosh_level", "risk of serious harm"),
    (dict(restricted_patient_order="hospital_direction"), "restricted_patient_order", "only to Category 2"),
    (dict(category=2, restricted_patient_order="life_sentence"), "restricted_patient_order", "from the list"),
    (dict(date_of_birth="2026-12-09"), "date_of_birth", "not in the past"),
    (dict(date_of_birth="2085-02-13"), "date_of_birth", "year in full"),
    (dict(date_of_birth="2023-02-30"), "date_of_birth", "not a date MAPPA Desk can read"),
    (dict(date_of_birth="23/04/1979"), "date_of_birth", "not a date MAPPA Desk can read"),
    (dict(date_of_birth="1979-4-23"), "date_of_birth", "not a date MAPPA Desk can read"),
    (dict(date_of_birth="1899-12-31"), "date_of_birth", "more than 120 years ago"),
]


@pytest.mark.parametrize("changes, field, words", REFUSED, ids=[f"{c}" for c, _, _ in REFUSED])
def test_each_refusal_names_its_field_and_writes_nothing(vault_session, changes, field, words):
    before = _counts(vault_session)
    with pytest.raises(IndividualRefused) as refused:
        create_individual(vault_session, _spec(**changes), today=TODAY)
    assert refused.value.field == field
    assert words in str(refused.value)
    assert isinstance(refused.value, InvalidInput) and isinstance(refused.value, UserFacingError)
    assert not any(name in str(refused.value) for name in ("Error", "Refused", "Invalid", "spec", "_"))
    assert _counts(vault_session) == before


def test_a_date_of_birth_yesterday_is_accepted(vault_session):
    new_id = create_individual(vault_session, _spec(date_of_birth="2026-12-08"), today=TODAY)
    assert _row(vault_session, new_id)["date_of_birth"] == "2026-12-08"


@pytest.mark.parametrize("typed", ["VR/2026/0101", "vr/2026/0101", "  VR/2026/0101  "])
def test_a_visor_reference_already_in_the_vault_is_refused_by_name(vault_session, typed):
    create_individual(vault_session, _spec(), today=TODAY)
    before = _counts(vault_session)
    with pytest.raises(IndividualRefused) as refused:
        create_individual(vault_session, _spec(family_name="Someone Else", visor_ref=typed, aliases=("X",)),
                          today=TODAY)
    sentence = str(refused.value)
    assert refused.value.field == "visor_ref"
    assert f"The ViSOR reference {typed.strip()} is already in the vault" in sentence
    assert "Baillieston" not in sentence  # the other person is not named: they are not on the user's screen
    assert _counts(vault_session) == before
