"""issue 18 item 4: the protected list is a part of the meeting's record: it is saved and loaded, travels in the
interchange file (version 5), is carried to the individual's next meeting, prints in the Minute, and masks the
documents that leave the Minute and RMP; an agency marked never to be named is left out of releases."""

from __future__ import annotations

import json
from pathlib import Path

from mappa_desk.documents.build import build, load_templates
from mappa_desk.domain import model as m
from mappa_desk.domain.profile import DEFAULT_JURISDICTION, load_profile
from mappa_desk.interchange import files as interchange, upgrades
from mappa_desk.services import new_meeting as nm
from mappa_desk.services import records
from tests.documents.test_executive_summary import _all_text

FIXTURE = Path(__file__).parent.parent / "fixtures" / "interchange-v1" / "meeting.json"
PROFILE = load_profile(DEFAULT_JURISDICTION)
AGENCIES = {a.code: a.name for a in PROFILE.agencies}
TEMPLATES = load_templates(DEFAULT_JURISDICTION)
LISTED = [m.ProtectedPerson("Ms Dawn Keilloch", "victim", "Dawnie"), m.ProtectedPerson("4 Kirk Wynd", "address")]


def _imported(session) -> tuple[int, str]:
    doc = upgrades.upgrade(json.loads(FIXTURE.read_bytes()))
    assert doc["meeting"]["protected_persons"] == []  # an older file gains the list, empty
    doc["meeting"]["protected_persons"] = [
        {"name": p.name, "kind": p.kind, "other_forms": p.other_forms} for p in LISTED]
    individual, meeting = interchange.parse(json.dumps(doc).encode("utf-8"))
    return records.import_meeting(session, individual, meeting).meeting_id, doc["meeting"]["uid"]


def test_the_list_travels_in_the_interchange_file_and_is_saved(vault_session):
    meeting_id, _ = _imported(vault_session)
    assert vault_session.db.query("SELECT name, kind, other_forms FROM protected_persons WHERE meeting_id = ? "
                                  "ORDER BY position, id", (meeting_id,)) == [
        ("Ms Dawn Keilloch", "victim", "Dawnie"), ("4 Kirk Wynd", "address", "")]
    exported = json.loads(records.export_meeting(vault_session, meeting_id))
    assert exported["version"] == 5
    assert exported["meeting"]["protected_persons"] == [
        {"name": "Ms Dawn Keilloch", "kind": "victim", "other_forms": "Dawnie"},
        {"name": "4 Kirk Wynd", "kind": "address", "other_forms": ""}]
    _, meeting = records.load(vault_session, meeting_id)
    assert meeting.protected_persons == LISTED


def test_the_next_meeting_keeps_the_individuals_protected_list(vault_session):
    meeting_id, _ = _imported(vault_session)
    db = vault_session.db
    with db.transaction():  # the imported meeting took place
        db.execute("UPDATE meetings SET status = 'final' WHERE id = ?", (meeting_id,))
    individual_id = db.scalar("SELECT individual_id FROM meetings WHERE id = ?", (meeting_id,))
    d = nm.defaults(vault_session, individual_id)
    new_id = nm.create_meeting(vault_session, nm.NewMeeting(
        individual_id=individual_id, kind="review", level=2, meeting_date="2027-03-01", start_time="10:00",
        location="Room 1", chair=d.chair, minute_taker_name="", coordinator_name="", invitees=(),
        pre_reads=()))
    assert db.query("SELECT name, kind, other_forms FROM protected_persons WHERE meeting_id = ? "
                    "ORDER BY position", (new_id,)) == [("Ms Dawn Keilloch", "victim", "Dawnie"),
                                                        ("4 Kirk Wynd", "address", "")]


def _meeting(**changes) -> tuple[m.Individual, m.Meeting]:
    individual = m.Individual("Drumlachie", 1, 2, given_names="Calum")
    meeting = m.Meeting(individual.uid, "initial", 2, "2026-11-20", chair=m.Person("Alex Chair"),
                        level_decision="maintain", **changes)
    return individual, meeting


def test_the_minute_lists_them_and_a_release_masks_them():
    individual, meeting = _meeting(
        protected_persons=list(LISTED), victim_issues="Ms Keilloch lives at 4 Kirk Wynd.",
        information=[m.InformationItem("DAWN KEILLOCH'S new address is 4 kirk\nwynd; dawnie agreed.",
                                       source_agency="POLICE", shareable=True)])
    minute = _all_text(build(TEMPLATES["minute"], individual, meeting, AGENCIES, version=1, profile=PROFILE))
    assert "People and places protected from release" in minute
    assert "Ms Dawn Keilloch" in minute and "Dawnie" in minute and "4 Kirk Wynd" in minute
    assert "Ms Keilloch lives at 4 Kirk Wynd." in minute  # the Minute is never masked
    summary = _all_text(build(TEMPLATES["executive_summary"], individual, meeting, AGENCIES, version=1,
                              profile=PROFILE))
    assert "[name withheld] new address is [place withheld]; [name withheld] agreed." in summary
    assert "keilloch" not in summary.lower() and "kirk" not in summary.lower() and "dawn" not in summary.lower()
    assert "Calum DRUMLACHIE" in summary  # the individual is named as before


def test_the_summary_lists_only_agencies_present_and_never_one_marked_never_to_be_named():
    assert [a.code for a in PROFILE.agencies if a.never_named] == ["DOMESTIC_ABUSE"]
    individual, meeting = _meeting(
        attendance=[m.Attendance("present", agency="POLICE"), m.Attendance("present", agency="DOMESTIC_ABUSE"),
                    m.Attendance("apologies", agency="HEALTH")],
        information=[m.InformationItem("She is supported by the domestic abuse service.",
                                       source_agency="DOMESTIC_ABUSE", shareable=True)])
    summary = build(TEMPLATES["executive_summary"], individual, meeting, AGENCIES, version=1, profile=PROFILE)
    fields = dict(next(b for b in summary.blocks if hasattr(b, "pairs")).pairs)
    assert fields["Agencies represented"] == AGENCIES["POLICE"]
    text = _all_text(summary)
    assert "Domestic abuse service" not in text and "domestic abuse service" not in text
    table = next(b for b in summary.blocks if hasattr(b, "rows"))
    assert table.rows == (("", "She is supported by the [withheld]."),)
    minute = _all_text(build(TEMPLATES["minute"], individual, meeting, AGENCIES, version=1, profile=PROFILE))
    assert "Domestic abuse service" in minute  # the Minute names every agency


def test_a_profile_whose_flag_is_not_true_or_false_is_refused(tmp_path):
    import pytest

    from mappa_desk import paths
    from mappa_desk.errors import UserFacingError
    doc = json.loads((paths.jurisdiction_dir(DEFAULT_JURISDICTION) / "profile.json").read_text("utf-8"))
    doc["agencies"][0]["never_named_in_releases"] = "yes"
    (tmp_path / "profile.json").write_text(json.dumps(doc), "utf-8")
    with pytest.raises(UserFacingError, match="could not be read"):
        load_profile(path=tmp_path / "profile.json")
