"""Editing an individual's details (issue 17 item 1): the vault's values, the audit trail, refusals, and meetings
that print the details as they stood at them (a closed meeting keeps what it was held with; an open one the
details as they are now)."""

from __future__ import annotations

import datetime as _dt
import json

import pytest

from mappa_desk.services import documents, individuals as service, records
from mappa_desk.services.individuals import IndividualRefused
from tests.documents.pdf_text import docx_text, pdf_pages_text

TODAY = _dt.date(2026, 12, 7)
NEW = {
    "address": "3 New Street, Fernbrae",
    "gender": "Male",
    "custody_status": "remand",
    "lead_agency": "SPS",
    "lead_agency_since": "2026-11-30",
    "index_offences": "Assault to severe injury (2019)",
    "notes": "Works nights at the depot.",
    "orders": [{"kind": "licence", "description": "Non-parole licence", "start_date": "2025-03-01",
                "end_date": "2027-03-01", "conditions": ["Reside at an approved address", "No contact with J."]}],
}


def _fernbrae(session, address: str = "") -> dict:
    """The demo, with Fernbrae's address (if any) as it was when their meetings were held: meeting 7 final,
    8 held, 9 planned (still open)."""
    demo = records.demo_records()
    for individual, _history in demo:
        if individual.family_name == "Fernbrae":
            individual.address = address
    records.add_histories(session, demo)
    db = session.db
    individual_id = db.scalar("SELECT id FROM individuals WHERE family_name = 'Fernbrae'")
    ids = {status: db.scalar("SELECT id FROM meetings WHERE individual_id = ? AND status = ? ORDER BY id DESC "
                             "LIMIT 1", (individual_id, status)) for status in ("final", "held", "planned")}
    return {"individual": individual_id, **ids}


def _minute_texts(session, meeting_id, out) -> list[str]:
    generated = documents.generate_for_meeting(session, meeting_id, out)
    minute = {g.format: g.path for g in generated if g.kind == "minute"}
    pdf = " ".join(" ".join(page.split()) for page in pdf_pages_text(minute["pdf"].read_bytes()))
    return [" ".join(docx_text(minute["docx"].read_bytes()).split()), pdf]


def test_an_edit_is_stored_in_the_vault(vault_session):
    ids = _fernbrae(vault_session)
    db = vault_session.db
    assert db.scalar("SELECT a.code FROM meetings m JOIN agencies a ON a.id = m.lead_agency_id WHERE m.id = ?",
                     (ids["planned"],)) == "JSW"
    changed = service.update_individual(vault_session, ids["individual"], NEW, today=TODAY)
    assert "Current address" in changed and "Orders and conditions" in changed and "Lead agency" in changed
    db = vault_session.db
    row = db.rows("SELECT i.address, i.gender, i.custody_status, i.lead_agency_since, i.index_offences, a.code "
                  "FROM individuals i JOIN agencies a ON a.id = i.lead_agency_id WHERE i.id = ?",
                  (ids["individual"],))[0]
    assert tuple(row.values()) == ("3 New Street, Fernbrae", "Male", "remand", "2026-11-30",
                          "Assault to severe injury (2019)", "SPS")
    # The new lead agency leads the meeting not yet held; the meetings held keep the lead they were held with.
    leads = {m: db.scalar("SELECT a.code FROM meetings m JOIN agencies a ON a.id = m.lead_agency_id WHERE m.id = ?",
                          (m,)) for m in (ids["final"], ids["held"], ids["planned"])}
    assert leads == {ids["final"]: "SPS", ids["held"]: "JSW", ids["planned"]: "SPS"}  # the demo's final: SPS
    orders = db.rows("SELECT id, kind, description, start_date, end_date FROM orders WHERE individual_id = ?",
                     (ids["individual"],))
    assert [tuple(o.values())[1:] for o in orders] == [("licence", "Non-parole licence", "2025-03-01", "2027-03-01")]
    assert [t for (t,) in db.query("SELECT text FROM order_conditions WHERE order_id = ? ORDER BY position",
                                   (orders[0]["id"],))] == ["Reside at an approved address", "No contact with J."]


def test_an_edit_is_in_the_audit_trail(vault_session):
    ids = _fernbrae(vault_session)
    db = vault_session.db
    last = db.scalar("SELECT max(id) FROM audit_log")
    service.update_individual(vault_session, ids["individual"], {"address": "3 New Street, Fernbrae"}, today=TODAY)
    entries = db.rows("SELECT operation, table_name, row_id, detail FROM audit_log WHERE id > ? ORDER BY id",
                      (last,))
    updates = [e for e in entries if e["table_name"] == "individuals"]
    assert [(e["operation"], e["row_id"]) for e in updates] == [("update", ids["individual"])]
    assert json.loads(updates[0]["detail"])["address"] == "3 New Street, Fernbrae"
    # The closed meetings kept the details as they stood, and that is audited too.
    kept = [e for e in entries if e["table_name"] == "meeting_individual_snapshots"]
    assert {e["row_id"] for e in kept} == {ids["final"], ids["held"]}
    assert all(e["operation"] == "insert" for e in kept)


def test_nothing_changed_writes_nothing(vault_session):
    ids = _fernbrae(vault_session)
    db = vault_session.db
    last = db.scalar("SELECT max(id) FROM audit_log")
    assert service.update_individual(vault_session, ids["individual"], {"address": ""}, today=TODAY) == []
    assert db.scalar("SELECT max(id) FROM audit_log") == last


@pytest.mark.parametrize("changes, field, words", [
    ({"custody_status": "on_holiday"}, "custody_status", "Custody status cannot be “on_holiday”"),
    ({"expected_release": "2027-02-30"}, "expected_release", "Expected release is not a date"),
    ({"lead_agency_since": "2027-06-01"}, "lead_agency_since", "in the future"),
    ({"family_name": "  "}, "family_name", "Enter the individual's family name."),
    ({"lead_agency": "NOBODY"}, "lead_agency", "not in the jurisdiction profile"),
    ({"current_level": 3}, "current_level", "Current level cannot be changed here."),
    ({"restricted_patient_order": "hospital_direction"}, "restricted_patient_order", "only to Category 2"),
    ({"orders": [{"kind": "tattoo"}]}, "orders", "Order 1: Order cannot be “tattoo”"),
    ({"orders": [{"kind": "sro", "start_date": "2026-05-01", "end_date": "2026-01-01"}]}, "orders",
     "Order 1 ends before it starts."),
])
def test_a_bad_value_is_refused_with_a_sentence_and_nothing_is_written(vault_session, changes, field, words):
    ids = _fernbrae(vault_session)
    db = vault_session.db
    last = db.scalar("SELECT max(id) FROM audit_log")
    with pytest.raises(IndividualRefused) as refused:
        service.update_individual(vault_session, ids["individual"], changes, today=TODAY)
    assert refused.value.field == field and words in str(refused.value)
    assert db.scalar("SELECT max(id) FROM audit_log") == last


def test_a_new_lead_agency_needs_its_date_when_the_old_one_had_one(vault_session):
    ids = _fernbrae(vault_session)
    service.update_individual(vault_session, ids["individual"], {"lead_agency_since": "2026-01-05"}, today=TODAY)
    with pytest.raises(IndividualRefused, match="enter the date it took over"):
        service.update_individual(vault_session, ids["individual"], {"lead_agency": "SPS"}, today=TODAY)


def test_a_closed_meeting_keeps_the_old_address_and_an_open_one_shows_the_new(vault_session, tmp_path):
    ids = _fernbrae(vault_session, address="12 Old Road, Fernbrae")
    service.update_individual(vault_session, ids["individual"], {"address": "3 New Street, Fernbrae"}, today=TODAY)
    for text in _minute_texts(vault_session, ids["held"], tmp_path / "held"):
        assert "12 Old Road, Fernbrae" in text and "3 New Street" not in text
    for text in _minute_texts(vault_session, ids["planned"], tmp_path / "planned"):
        assert "3 New Street, Fernbrae" in text and "12 Old Road" not in text
    # The interchange file carries the individual as they are now.
    doc = json.loads(records.export_meeting(vault_session, ids["held"]))
    assert doc["individual"]["address"] == "3 New Street, Fernbrae"


def test_the_minute_prints_the_individual_as_the_minute_asks(vault_session, tmp_path):
    ids = _fernbrae(vault_session)
    service.update_individual(vault_session, ids["individual"], NEW, today=TODAY)
    for text in _minute_texts(vault_session, ids["planned"], tmp_path):
        assert "Current address 3 New Street, Fernbrae" in text
        assert "Gender (as stated) Male" in text
        assert "Custody status In custody on remand" in text
        assert "Index offence(s) Assault to severe injury (2019)" in text
        assert "Lead agency Scottish Prison Service" in text
        assert "Lead agency from 30 November 2026" in text
        assert "Non-parole licence" in text and "Reside at an approved address" in text
        assert "No contact with J." in text and "1 March 2027" in text
        assert "Notes on the individual Works nights at the depot." in text


def test_the_rmp_prints_custody_and_the_orders_with_conditions(vault_session, tmp_path):
    ids = _fernbrae(vault_session)
    service.update_individual(vault_session, ids["individual"], NEW, today=TODAY)
    generated = documents.generate_for_meeting(vault_session, ids["planned"], tmp_path)
    rmp = {g.format: g.path for g in generated if g.kind == "rmp"}
    pdf = " ".join(" ".join(page.split()) for page in pdf_pages_text(rmp["pdf"].read_bytes()))
    for text in (" ".join(docx_text(rmp["docx"].read_bytes()).split()), pdf):
        assert "Custody status In custody on remand" in text
        assert "Lead agency from 30 November 2026" in text
        assert "Non-parole licence" in text and "Reside at an approved address" in text


def test_a_restricted_patients_minute_names_the_rmo_hospital_and_order(vault_session, tmp_path):
    demo = records.demo_records()
    for individual, _history in demo:
        if individual.category == 2:  # as recorded before their meeting was held
            individual.rmo, individual.hospital, individual.cpa = "Dr A. Fictional", "The State Hospital", "CPA 2"
            individual.restricted_patient_order = "hospital_direction"
    records.add_histories(vault_session, demo)
    db = vault_session.db
    meeting_id = db.scalar("SELECT m.id FROM meetings m JOIN individuals i ON i.id = m.individual_id "
                           "WHERE i.category = 2 AND m.status = 'held'")
    for text in _minute_texts(vault_session, meeting_id, tmp_path):
        assert "The restricted patient" in text
        assert "Responsible Medical Officer Dr A. Fictional" in text
        assert "Hospital The State Hospital" in text
        assert "Care Programme Approach (CPA) CPA 2" in text
        assert "Order or direction Hospital direction" in text


# -- an imported file's details of an individual already in the vault ------------------------------------------

def _file_of_a_new_meeting(session, individual_id, **details):
    """An interchange file of a new meeting of the individual, from another laptop, whose details differ."""
    from mappa_desk.domain.model import Meeting, new_uid
    individual = service.details(session, individual_id)
    for name, value in details.items():
        setattr(individual, name, value)
    meeting = Meeting(kind="initial", level=2, meeting_date="2026-12-01", individual_uid=individual.uid,
                      uid=new_uid())
    return individual, meeting


def test_an_import_keeps_the_vaults_details_and_names_what_differs(vault_session):
    ids = _fernbrae(vault_session, address="12 Old Road, Fernbrae")
    individual, meeting = _file_of_a_new_meeting(vault_session, ids["individual"], address="3 New Street")
    result = records.import_meeting(vault_session, individual, meeting)
    assert result.individual_kept == ("Current address",) and result.individual_updated == ()
    assert vault_session.db.scalar("SELECT address FROM individuals WHERE id = ?", (ids["individual"],)) == \
        "12 Old Road, Fernbrae"


def test_an_import_asked_to_update_takes_the_files_details_audited(vault_session, tmp_path):
    ids = _fernbrae(vault_session, address="12 Old Road, Fernbrae")
    individual, meeting = _file_of_a_new_meeting(vault_session, ids["individual"], address="3 New Street",
                                                 custody_status="sentenced")
    db = vault_session.db
    last = db.scalar("SELECT max(id) FROM audit_log")
    result = records.import_meeting(vault_session, individual, meeting, update_individual=True)
    assert result.individual_updated == ("Current address", "Custody status") and result.individual_kept == ()
    assert db.scalar("SELECT address FROM individuals WHERE id = ?", (ids["individual"],)) == "3 New Street"
    assert db.scalar("SELECT count(*) FROM audit_log WHERE id > ? AND table_name = 'individuals' AND operation = "
                     "'update' AND row_id = ?", (last, ids["individual"])) == 1
    for text in _minute_texts(vault_session, ids["held"], tmp_path):  # held before: as it stood
        assert "12 Old Road, Fernbrae" in text


def test_an_import_asked_to_update_with_a_bad_value_changes_nothing(vault_session):
    ids = _fernbrae(vault_session)
    individual, meeting = _file_of_a_new_meeting(vault_session, ids["individual"], expected_release="2027-13-01")
    from mappa_desk.errors import ImportRejected
    with pytest.raises(ImportRejected, match="Expected release is not a date"):
        records.import_meeting(vault_session, individual, meeting, update_individual=True)
    assert vault_session.db.scalar("SELECT count(*) FROM meetings WHERE meeting_date = '2026-12-01'") == 0


def test_a_handover_keeps_the_vaults_details_and_says_which_differ(tmp_path):
    from mappa_desk.services import handover, session as sessions
    from mappa_desk.vault.keyfile import KdfParams
    from tests.conftest import FAST_KDF, PASSPHRASE
    cheap = KdfParams(memory_kib=8192, iterations=1, lanes=1)
    _, sender = sessions.create(tmp_path / "sender", PASSPHRASE, kdf=FAST_KDF)
    _, receiver = sessions.create(tmp_path / "receiver", PASSPHRASE, kdf=FAST_KDF)
    try:
        ids = _fernbrae(sender)
        first = handover.export_handover(sender, ids["held"], tmp_path / "one.mdh", "agreed words", kdf=cheap)
        handover.import_handover(receiver, first, "agreed words")
        service.update_individual(sender, ids["individual"], {"address": "3 New Street"}, today=TODAY)
        second = handover.export_handover(sender, ids["planned"], tmp_path / "two.mdh", "agreed words", kdf=cheap)
        result = handover.import_handover(receiver, second, "agreed words")
        assert any("this vault's were kept" in s and "Current address" in s for s in result.sentences())
        assert receiver.db.scalar("SELECT address FROM individuals WHERE uid = (SELECT uid FROM individuals "
                                  "LIMIT 1)") == ""
    finally:
        sender.close()
        receiver.close()


# -- the seal of a final record covers the details it was made with (seal format 3) ------------------------------

def test_a_final_seal_covers_the_details_as_they_stood_and_older_seals_stay_whole(vault_session):
    from mappa_desk.storage import individuals as stored, seals
    from mappa_desk.storage.rows import AgencyCodes
    ids = _fernbrae(vault_session, address="12 Old Road, Fernbrae")
    db = vault_session.db
    # A record sealed before schema 0013 (format 2) stays whole when its meeting keeps the details later.
    with db.transaction():
        db.execute("INSERT INTO final_seals (meeting_id, format, sha256, sealed_at) VALUES (?, 2, ?, ?)",
                   (ids["held"], seals.seal_hash(db, ids["held"], 2), "2026-10-07T10:00:00Z"))
    service.update_individual(vault_session, ids["individual"], {"address": "3 New Street"}, today=TODAY)
    assert seals.broken_seals(db) == []
    # A record sealed now (format 3) breaks if the details it was made with are changed.
    with db.transaction():
        db.execute("DELETE FROM final_seals WHERE meeting_id = ?", (ids["held"],))
        stored.take_snapshot(db, AgencyCodes(db), ids["held"], "2026-12-07T10:00:00Z")
        seals.seal(db, ids["held"], "2026-12-07T10:00:00Z")
        assert db.scalar("SELECT format FROM final_seals WHERE meeting_id = ?", (ids["held"],)) == 3
    assert seals.broken_seals(db) == []
    with db.transaction():
        db.execute("UPDATE meeting_individual_snapshots SET details = replace(details, '12 Old Road', "
                   "'99 Other Road') WHERE meeting_id = ?", (ids["held"],))
    assert [m for m, _ in seals.broken_seals(db)] == [ids["held"]]


def test_closing_the_case_keeps_the_details_it_was_held_with(vault_session, tmp_path, monkeypatch):
    import types
    from mappa_desk.services import cockpit
    ids = _fernbrae(vault_session, address="12 Old Road, Fernbrae")
    # The demo's planned meeting has nothing recorded yet; the self-audit's gaps are not what is tested here.
    monkeypatch.setattr(cockpit, "check", lambda session, meeting_id: types.SimpleNamespace(blocking=[]))
    cockpit.start_case(vault_session, ids["planned"])
    cockpit.close_case(vault_session, ids["planned"])
    assert vault_session.db.scalar("SELECT count(*) FROM meeting_individual_snapshots WHERE meeting_id = ?",
                                   (ids["planned"],)) == 1
    service.update_individual(vault_session, ids["individual"], {"address": "3 New Street"}, today=TODAY)
    for text in _minute_texts(vault_session, ids["planned"], tmp_path):
        assert "12 Old Road, Fernbrae" in text and "3 New Street" not in text


@pytest.mark.parametrize("changes", [{"address": "12 Example Road\u202e"}, {"aliases": ["Cal \x07Example"]},
                                     {"case_manager": "Ann \U0001F600 Example"}])
def test_an_edit_with_a_character_the_documents_cannot_print_is_refused(changes):
    """The edit path refuses what the new-individual form refuses (domain.text_check): a direction override, a
    control character or an emoji never reaches the record by an edit either."""
    from mappa_desk.domain.model import Individual
    before = Individual("Example", 3, 2)
    with pytest.raises(IndividualRefused) as refused:
        service.tidy_changes(before, changes, _dt.date(2026, 12, 1), None, None)
    assert refused.value.field == next(iter(changes))
