"""The interchange format: validation names the field, nothing is written on error, round trips hold."""

import copy
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from mappa_desk.errors import ImportRejected
from mappa_desk.interchange import files as interchange
from mappa_desk.services import records, session as sessions
from mappa_desk.demo import demo_records
from tests.conftest import FAST_KDF, PASSPHRASE


def _review_doc() -> dict:
    """A valid interchange document: the first demo review meeting."""
    for individual, history in demo_records():
        for meeting in history:
            if meeting.previous is not None:
                return json.loads(interchange.dumps(individual, meeting, "2026-11-21T10:00:00Z"))
    raise AssertionError("the demo data has no review meeting")


def _table_counts(session) -> dict:
    names = [n for (n,) in session.db.query("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {n: session.db.scalar(f"SELECT count(*) FROM {n}") for n in names}


def _import(session, doc):
    individual, meeting = interchange.parse(json.dumps(doc).encode("utf-8"))
    return records.import_meeting(session, individual, meeting)


def _refused(session, doc) -> str:
    before_counts = _table_counts(session)
    with pytest.raises(ImportRejected) as info:
        _import(session, doc)
    assert _table_counts(session) == before_counts
    text = str(info.value)
    assert "Nothing was changed" in text
    assert len(text) < 400  # one sentence, never the offending value
    return text


def test_a_valid_file_imports(vault_session):
    result = _import(vault_session, _review_doc())
    assert result.individual_created and result.previous_created
    assert vault_session.db.scalar("SELECT count(*) FROM meetings") == 2


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d["meeting"]["attendance"][1].__setitem__("report_received", "yes"),
     "meeting.attendance[1].report_received should be true or false"),
    (lambda d: d["individual"].pop("family_name"), "individual.family_name is missing"),
    (lambda d: d["meeting"]["decisions"][0]["positions"][0].__setitem__("stance", "maybe"),
     "meeting.decisions[0].positions[0].stance has a value this format does not know"),
    (lambda d: d["meeting"]["information"][0].__setitem__("text", "x" * 10_000_000),
     "meeting.information[0].text is too long"),
    (lambda d: d["meeting"].__setitem__("level", "2"), "meeting.level should be"),
    (lambda d: d["meeting"].__setitem__("meeting_date", "21/11/2026"), "meeting.meeting_date is not in the expected form"),
    (lambda d: d["meeting"].__setitem__("review_date", "2026-02-31"), "meeting.review_date is not a real date"),
    (lambda d: d["meeting"]["risks"][0].__setitem__("colour", "red"), "meeting.risks[0].colour is not a field"),
    (lambda d: d.__setitem__("version", 99), "made by a newer MAPPA Desk (format version 99)"),
])
def test_malformed_files_name_the_field_and_change_nothing(vault_session, mutate, expected):
    doc = _review_doc()
    mutate(doc)
    assert expected in _refused(vault_session, doc)


def test_reference_errors_name_the_field(vault_session):
    doc = _review_doc()
    doc["meeting"]["attendance"][0]["agency"] = "NOSUCHAGENCY"
    assert "meeting.attendance[0].agency names an agency code" in _refused(vault_session, doc)
    doc = _review_doc()
    doc["meeting"]["rmp_measures"][0]["risk_numbers"] = [99]
    assert "meeting.rmp_measures[0].risk_numbers[0] names risk 99" in _refused(vault_session, doc)


def test_not_json_and_huge_files_are_refused_plainly(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"format": "mappa-desk-meeting", ')
    with pytest.raises(ImportRejected, match="not valid JSON"):
        interchange.read(bad)
    bad.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ImportRejected, match="not UTF-8"):
        interchange.read(bad)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (interchange.MAX_BYTES + 1))
    with pytest.raises(ImportRejected, match="larger than 20 MB"):
        interchange.read(big)
    with pytest.raises(ImportRejected, match="no file"):
        interchange.read(tmp_path / "missing.json")


def test_a_uid_clash_with_another_record_is_refused_and_rolled_back(vault_session):
    _import(vault_session, _review_doc())
    doc = _review_doc()
    doc["meeting"]["uid"] = "00000000-0000-4000-8000-000000000001"  # a new meeting ...
    # ... whose action reuses an action uid already stored for another meeting
    doc["meeting"]["actions"][0]["uid"] = doc["meeting"]["previous"]["actions"][0]["uid"]
    doc["meeting"]["previous"]["actions"] = doc["meeting"]["previous"]["actions"][1:]
    assert "reuses an identifier" in _refused(vault_session, doc)


def test_import_then_export_gives_back_the_same_content(vault_session):
    # A record held, whose individual is as the meeting left them: an import takes a cleared, circulated or final
    # status only through this vault's clearance, and the individual follows their latest meeting (issue 18).
    doc = _review_doc()
    doc["meeting"]["status"] = "held"
    doc["individual"].update(current_level=doc["meeting"]["level_after"], rosh_level=doc["meeting"]["rosh_level"],
                             lead_agency=doc["meeting"]["lead_agency"])
    result = _import(vault_session, doc)
    again = json.loads(records.export_meeting(vault_session, result.meeting_id))
    doc.pop("exported_at"), again.pop("exported_at")
    assert again == doc


# -- property: whatever the file holds, import either works whole or changes nothing --------
_TEXTS = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 5000), _TEXTS, st.just([]), st.just({}))


def _paths(value, prefix=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield prefix + (key,)
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield prefix + (i,)
            yield from _paths(item, prefix + (i,))


_BASE = _review_doc()
_ALL_PATHS = list(_paths(_BASE))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_ALL_PATHS), _VALUES), min_size=1, max_size=3))
def test_any_mutation_imports_whole_or_not_at_all(mutations):
    doc = copy.deepcopy(_BASE)
    for path, value in mutations:
        target = doc
        for part in path[:-1]:
            target = target[part] if isinstance(target, (dict, list)) and _has(target, part) else None
            if target is None:
                break
        if target is not None and _has(target, path[-1]):
            target[path[-1]] = value
    with tempfile.TemporaryDirectory() as tmp:
        _, session = sessions.create(Path(tmp) / "vault", PASSPHRASE, kdf=FAST_KDF)
        try:
            before = _table_counts(session)
            try:
                _import(session, doc)
            except ImportRejected as err:
                assert "Nothing was changed" in str(err)
                assert _table_counts(session) == before
            else:
                assert _table_counts(session)["meetings"] > before["meetings"]
                assert session.db.integrity_problems() == []
        finally:
            session.close()


def _has(container, part):
    """Whether `container` holds `part`; False when an earlier mutation made it a plain value."""
    if isinstance(container, dict):
        return part in container
    if isinstance(container, list):
        return isinstance(part, int) and 0 <= part < len(container)
    return False


def test_a_meeting_that_would_end_before_it_started_is_not_imported(vault_session):
    doc = _review_doc()
    doc["meeting"]["start_time"], doc["meeting"]["end_time"] = "14:00", "03:21"
    assert "would end at 03:21, before it started at 14:00" in _refused(vault_session, doc)
