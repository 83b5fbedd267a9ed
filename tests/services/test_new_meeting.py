"""Setting up a meeting: suggestions, the created record, the carried-forward plan, pre-read papers."""

import json
import os
from datetime import date, timedelta

import pytest

from mappa_desk.domain.profile import DEFAULT_JURISDICTION
from mappa_desk.domain import agenda
from mappa_desk.errors import UserFacingError
from mappa_desk.services import new_meeting as nm
from mappa_desk.services import records
from mappa_desk.storage import meetings
from mappa_desk.storage.rows import AgencyCodes
from tests.conftest import snapshot


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def _individual(session, family_name):
    return session.db.scalar("SELECT id FROM individuals WHERE family_name = ?", (family_name,))


def _new_individual(session, lead="JSW"):
    db = session.db
    with db.transaction():
        return db.execute(
            "INSERT INTO individuals (uid, family_name, category, current_level, lead_agency_id, created_at, "
            "updated_at) VALUES ('new-one', 'Newcome', 1, 1, (SELECT id FROM agencies WHERE code = ?), 'x', 'x')",
            (lead,)).lastrowid


def _spec(defaults, **changes):
    values = dict(individual_id=defaults.individual_id, kind=defaults.kind, level=defaults.level,
                  meeting_date="2026-12-08", start_time="10:30", location=defaults.location,
                  chair=defaults.chair or nm.Chair("Niall Corrieshaw", "Service Manager", "JSW"),
                  minute_taker_name=defaults.minute_taker_name, invitees=defaults.invitees)
    values.update(changes)
    return nm.NewMeeting(**values)


def _count(session, table):
    return session.db.scalar(f"SELECT count(*) FROM {table}")


# -- suggestions -------------------------------------------------------------------------
def test_an_individual_with_history_is_suggested_a_review_of_the_latest_meeting_held(demo):
    db = demo.db
    ind = _individual(demo, "Drumlachie")
    latest = db.query("SELECT id, meeting_date, location, start_time FROM meetings WHERE individual_id = ? "
                      "AND status NOT IN ('planned', 'cancelled') ORDER BY meeting_date DESC LIMIT 1", (ind,))[0]
    d = nm.defaults(demo, ind)
    assert (d.kind, d.previous_meeting_id, d.previous_meeting_date) == ("review", latest[0], latest[1])
    assert (d.location, d.start_time) == (latest[2], latest[3])
    assert d.level == db.scalar("SELECT current_level FROM individuals WHERE id = ?", (ind,))
    assert d.lead_agency == "POLICE"
    assert d.chair == nm.Chair("Fiona Lintbrae", "Inspector", "POLICE")
    assert d.minute_taker_name == "Aileen Drumkeld"
    agencies = [i.agency for i in d.invitees]
    assert len(agencies) == len(set(agencies))  # one per agency
    assert "POLICE" in agencies
    names = {i.person_name for i in d.invitees}
    assert "Fiona Lintbrae" not in names and "Aileen Drumkeld" not in names  # they have fields of their own
    # Each suggestion is the first attendee of that agency at the last meeting, with the capacity used then.
    police = next(i for i in d.invitees if i.agency == "POLICE")
    first = db.query("""SELECT p.full_name, a.capacity FROM attendance a JOIN people p ON p.id = a.person_id
                        JOIN agencies g ON g.id = a.agency_id WHERE a.meeting_id = ? AND g.code = 'POLICE'
                        AND a.capacity != 'Chair' ORDER BY a.position LIMIT 1""", (latest[0],))[0]
    assert (police.person_name, police.capacity) == first


def test_the_date_the_last_meeting_set_is_suggested_until_it_has_passed(demo):
    ind = _individual(demo, "Drumlachie")
    d = nm.defaults(demo, ind)
    set_then = demo.db.scalar("SELECT coalesce(next_meeting_date, review_date) FROM meetings WHERE id = ?",
                              (d.previous_meeting_id,))
    assert set_then and nm.defaults(demo, ind, today=date.fromisoformat(set_then)).meeting_date == set_then
    assert nm.defaults(demo, ind, today=date.fromisoformat(set_then) + timedelta(days=1)).meeting_date is None


def test_a_planned_meeting_does_not_count_as_history(demo):
    ind = _individual(demo, "Fernbrae")  # has a planned review after its latest held meeting
    planned = demo.db.scalar("SELECT meeting_date FROM meetings WHERE individual_id = ? AND status = 'planned'", (ind,))
    d = nm.defaults(demo, ind)
    assert d.previous_meeting_date < planned


def test_an_individual_with_no_meeting_is_suggested_an_initial_meeting_with_the_authorities(demo):
    ind = _new_individual(demo, lead="JSW")
    d = nm.defaults(demo, ind)
    assert (d.kind, d.previous_meeting_id, d.chair, d.location) == ("initial", None, None, "")
    assert d.level == 2  # current level 1: a meeting is held at Level 2 at least
    authorities = [a.code for a in demo.profile.agencies if a.kind == "responsible_authority"]
    assert [i.agency for i in d.invitees] == authorities
    assert "JSW" in authorities
    # Still initial after a meeting is only planned.
    nm.create_meeting(demo, _spec(d))
    assert nm.defaults(demo, ind).kind == "initial"


def test_the_lead_agency_is_always_suggested(demo):
    ind = _new_individual(demo, lead="VOLUNTARY")
    assert nm.defaults(demo, ind).invitees[0] == nm.Invitee("VOLUNTARY")


# -- creating ----------------------------------------------------------------------------
def test_a_review_is_created_with_the_plan_carried_forward(demo):
    db = demo.db
    ind = _individual(demo, "Drumlachie")
    d = nm.defaults(demo, ind)
    previous = d.previous_meeting_id
    actions_before = db.query("SELECT * FROM actions WHERE meeting_id = ?", (previous,))
    extra = nm.Invitee("DWP", "Pat Example", "Work coach")
    meeting_id = nm.create_meeting(demo, _spec(d, invitees=d.invitees + (extra,), location="  Room 4  "))

    row = db.query("SELECT kind, level, meeting_date, start_time, location, status, previous_meeting_id, "
                   "lead_agency_id, rosh_level, victim_issues, diversity_issues FROM meetings WHERE id = ?",
                   (meeting_id,))[0]
    prev = db.query("SELECT rosh_level, victim_issues, diversity_issues FROM meetings WHERE id = ?", (previous,))[0]
    lead = db.scalar("SELECT lead_agency_id FROM individuals WHERE id = ?", (ind,))
    assert row[:8] == ("review", d.level, "2026-12-08", "10:30", "Room 4", "planned", previous, lead)
    assert row[8:] == prev and prev[1]  # RoSH level, victim and diversity issues carried

    steps = agenda.steps_for("review", agenda.load_agenda(DEFAULT_JURISDICTION))
    assert db.query("SELECT step_key, title, state, allocated_seconds FROM agenda_items WHERE meeting_id = ? "
                    "ORDER BY position", (meeting_id,)) == [(s.key, s.title, "not_started", s.allocated_seconds)
                                                            for s in steps]
    assert "previous_actions" in [s.key for s in steps]

    codes = AgencyCodes(db)
    carried = meetings.load_plan(db, codes, meeting_id)
    assert carried == meetings.load_plan(db, codes, previous)
    risks, measures, contingencies = carried
    assert risks and any(r.scenarios for r in risks) and contingencies
    assert any(x.risk_numbers for x in measures)  # the links came too
    # Copies, not shared rows: the new meeting's rows have their own ids.
    old_ids = {r for (r,) in db.query("SELECT id FROM risks WHERE meeting_id = ?", (previous,))}
    new_ids = {r for (r,) in db.query("SELECT id FROM risks WHERE meeting_id = ?", (meeting_id,))}
    assert old_ids and not old_ids & new_ids

    # Actions stay with the previous meeting, untouched; the review has none of its own yet.
    assert _count_where(db, "actions", meeting_id) == 0
    assert db.query("SELECT * FROM actions WHERE meeting_id = ?", (previous,)) == actions_before

    attendance = db.query("""SELECT g.code, coalesce(p.full_name, ''), a.capacity, a.status FROM attendance a
                             LEFT JOIN agencies g ON g.id = a.agency_id LEFT JOIN people p ON p.id = a.person_id
                             WHERE a.meeting_id = ? ORDER BY a.position""", (meeting_id,))
    assert attendance[0] == ("POLICE", "Fiona Lintbrae", "Chair", "invited")
    assert attendance[1][1:] == ("Aileen Drumkeld", "Minute-taker", "invited")
    assert attendance[2:] == [(i.agency, i.person_name, i.capacity, "invited") for i in d.invitees + (extra,)]


def _count_where(db, table, meeting_id):
    return db.scalar(f"SELECT count(*) FROM {table} WHERE meeting_id = ?", (meeting_id,))


def test_known_people_are_reused_and_a_new_rank_gets_its_own_row(demo):
    db = demo.db
    d = nm.defaults(demo, _individual(demo, "Drumlachie"))
    before = _count(demo, "people")
    first = nm.create_meeting(demo, _spec(d, invitees=()))
    assert _count(demo, "people") == before  # chair and minute-taker already known
    old_chair = db.scalar("SELECT chair_id FROM meetings WHERE id = ?", (d.previous_meeting_id,))
    assert db.scalar("SELECT chair_id FROM meetings WHERE id = ?", (first,)) == old_chair
    promoted = nm.create_meeting(demo, _spec(d, invitees=(), chair=nm.Chair("Fiona Lintbrae", "Chief Inspector",
                                                                            "POLICE")))
    new_chair = db.scalar("SELECT chair_id FROM meetings WHERE id = ?", (promoted,))
    assert new_chair != old_chair
    assert db.scalar("SELECT rank FROM people WHERE id = ?", (old_chair,)) == "Inspector"  # old minutes keep it
    assert db.scalar("SELECT rank FROM people WHERE id = ?", (new_chair,)) == "Chief Inspector"


def test_an_initial_meeting_has_no_previous_actions_step_and_no_plan(demo):
    d = nm.defaults(demo, _new_individual(demo))
    meeting_id = nm.create_meeting(demo, _spec(d, minute_taker_name=""))
    db = demo.db
    keys = [k for (k,) in db.query("SELECT step_key FROM agenda_items WHERE meeting_id = ? ORDER BY position",
                                   (meeting_id,))]
    assert keys == [s.key for s in agenda.steps_for("initial", agenda.load_agenda(DEFAULT_JURISDICTION))]
    assert "previous_actions" not in keys
    assert db.scalar("SELECT previous_meeting_id FROM meetings WHERE id = ?", (meeting_id,)) is None
    assert db.scalar("SELECT minute_taker_id FROM meetings WHERE id = ?", (meeting_id,)) is None
    assert _count_where(db, "risks", meeting_id) == _count_where(db, "rmp_measures", meeting_id) == 0
    assert _count_where(db, "attendance", meeting_id) == 1 + len(d.invitees)


@pytest.mark.parametrize("changes, words", [
    (dict(level=1), "Level 2 or Level 3"),
    (dict(level=4), "Level 2 or Level 3"),
    (dict(meeting_date="2026-02-30"), "meeting date"),
    (dict(meeting_date="08/12/2026"), "meeting date"),
    (dict(meeting_date=""), "meeting date"),
    (dict(start_time="25:00"), "start time"),
    (dict(kind="annual"), "initial meeting or a review"),
    (dict(chair=nm.Chair("  ")), "name of the chair"),
    (dict(meeting_date="2026-01-05"), "must come after the meeting it reviews, which was held on 22/09/2026"),
], ids=lambda v: str(v)[:40])
def test_refusals_are_plain_sentences_and_write_nothing(demo, changes, words):
    d = nm.defaults(demo, _individual(demo, "Drumlachie"))
    before = _count(demo, "meetings"), _count(demo, "people"), _count(demo, "audit_log")
    with pytest.raises(UserFacingError, match=words):
        nm.create_meeting(demo, _spec(d, **changes))
    assert (_count(demo, "meetings"), _count(demo, "people"), _count(demo, "audit_log")) == before


def test_a_review_with_no_earlier_meeting_is_refused(demo):
    d = nm.defaults(demo, _new_individual(demo))
    with pytest.raises(UserFacingError, match="nothing to review. Choose an initial meeting"):
        nm.create_meeting(demo, _spec(d, kind="review"))


def test_an_unknown_individual_is_refused(demo):
    with pytest.raises(UserFacingError, match="no longer in the vault"):
        nm.defaults(demo, 9999)


# -- pre-read papers ---------------------------------------------------------------------
MARKER = b"FICTIONAL-PRE-READ-MARKER-7f3a"


def _paper(tmp_path, name="referral.pdf", size=200_000):
    path = tmp_path / name
    body = (MARKER + os.urandom(64)) * (size // (len(MARKER) + 64) + 1)
    path.write_bytes(body[:size])
    return path


def test_a_pre_read_goes_into_the_encrypted_database_only(demo, tmp_path, data_dir):
    d = nm.defaults(demo, _individual(demo, "Drumlachie"))
    paper = _paper(tmp_path)
    meeting_id = nm.create_meeting(demo, _spec(d, pre_reads=(paper,)))
    docs = nm.documents(demo, meeting_id)
    assert [(x["file_name"], x["media_type"], x["size_bytes"]) for x in docs] == [
        ("referral.pdf", "application/pdf", paper.stat().st_size)]
    assert "content" not in docs[0]
    assert nm.document_content(demo, meeting_id, docs[0]["id"]) == paper.read_bytes()
    # Nowhere in the vault's folder is the file in clear (the database and its WAL are encrypted).
    files = snapshot(data_dir)
    assert files and not any(MARKER in body for body in files.values())
    # The audit log records the blob's length, never its bytes.
    details = [detail for (detail,) in demo.db.query(
        "SELECT detail FROM audit_log WHERE table_name = 'meeting_documents'")]
    assert len(details) == 1 and json.loads(details[0])["content"] == {"blob_bytes": paper.stat().st_size}
    assert all(MARKER.decode() not in detail for (detail,) in demo.db.query("SELECT detail FROM audit_log"))


def test_attach_list_and_remove(demo, tmp_path):
    meeting_id = demo.db.scalar("SELECT max(id) FROM meetings")
    first = nm.attach_document(demo, meeting_id, _paper(tmp_path, "agency report.docx", 5000))
    second = nm.attach_document(demo, meeting_id, _paper(tmp_path, "notes", 300))
    docs = nm.documents(demo, meeting_id)
    assert [x["id"] for x in docs] == [first, second]
    assert docs[1]["media_type"] == "application/octet-stream"
    nm.remove_document(demo, meeting_id, first)
    assert [x["id"] for x in nm.documents(demo, meeting_id)] == [second]
    deleted = json.loads(demo.db.scalar("SELECT detail FROM audit_log WHERE table_name = 'meeting_documents' "
                                        "AND operation = 'delete'"))
    assert deleted["content"] == {"blob_bytes": 5000}
    with pytest.raises(UserFacingError, match="no longer attached"):
        nm.remove_document(demo, meeting_id, first)
    with pytest.raises(UserFacingError, match="no longer attached"):
        nm.remove_document(demo, meeting_id + 1000, second)  # another meeting's id does not reach it


def test_deleting_a_meeting_takes_its_pre_reads(demo, tmp_path):
    meeting_id = demo.db.scalar("SELECT max(id) FROM meetings")
    nm.attach_document(demo, meeting_id, _paper(tmp_path))
    with demo.db.transaction():
        demo.db.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))
    assert _count(demo, "meeting_documents") == 0


def test_pre_read_refusals(demo, tmp_path):
    meeting_id = demo.db.scalar("SELECT max(id) FROM meetings")
    huge = tmp_path / "scan.pdf"
    with open(huge, "wb") as handle:
        handle.truncate(nm.MAX_DOCUMENT_BYTES + 1)  # sparse: no 50 MB written
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    cases = [(huge, "scan.pdf is 50 MB; a pre-read can be at most 50 MB"),
             (empty, "empty.txt is empty"),
             (tmp_path / "gone.pdf", "gone.pdf is no longer where it was chosen from"),
             (tmp_path, "is a folder")]
    for path, words in cases:
        with pytest.raises(UserFacingError, match=words):
            nm.attach_document(demo, meeting_id, path)
    paper = _paper(tmp_path)
    nm.attach_document(demo, meeting_id, paper)
    with pytest.raises(UserFacingError, match="referral.pdf is already attached"):
        nm.attach_document(demo, meeting_id, paper)
    with pytest.raises(UserFacingError, match="no longer in the vault"):
        nm.attach_document(demo, 9999, paper)


def test_an_unreadable_pre_read_is_a_sentence(demo, tmp_path, monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")  # as for a file another user owns (tests run as root)

    monkeypatch.setattr(nm, "open", refused, raising=False)
    with pytest.raises(UserFacingError, match="not allowed to read referral.pdf"):
        nm.attach_document(demo, demo.db.scalar("SELECT max(id) FROM meetings"), _paper(tmp_path))


def test_a_missing_pre_read_stops_the_whole_meeting(demo, tmp_path):
    d = nm.defaults(demo, _individual(demo, "Drumlachie"))
    before = _count(demo, "meetings")
    with pytest.raises(UserFacingError, match="gone.pdf"):
        nm.create_meeting(demo, _spec(d, pre_reads=(_paper(tmp_path), tmp_path / "gone.pdf")))
    assert _count(demo, "meetings") == before and _count(demo, "meeting_documents") == 0
