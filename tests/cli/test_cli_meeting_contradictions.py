"""Issue 18 item 2 through the command line: a file whose meeting contradicts itself is refused by `import` (the
vault unchanged, the field named) and blocked by `check`; `check` and `import` agree on every vocabulary of the
meeting and its attendance; a cancelled meeting renders no document; the Minute says "agreed by all present" only
when true. Run with PYTHONPATH=$PWD: the installed `mappa-desk` is /work/main's code."""

from __future__ import annotations

import copy
import json
import uuid

import pytest

from mappa_desk.domain import record
from mappa_desk.services import records
from mappa_desk.services import session as sessions
from tests.conftest import PASSPHRASE
from tests.cli.cli_helpers import run_cli
from tests.documents.pdf_text import docx_text

TABLES = ("meetings", "attendance", "people", "decision_positions", "actions", "individuals")


@pytest.fixture
def vault_and_file(vault_session, data_dir, tmp_path):
    """A closed demo vault, and an interchange file of a held review of it as a new meeting (new uids), which
    imports cleanly."""
    records.load_demo(vault_session)
    held = vault_session.db.scalar("SELECT id FROM meetings WHERE status = 'held' AND kind = 'review' ORDER BY id "
                                   "LIMIT 1")
    doc = json.loads(records.export_meeting(vault_session, held))
    vault_session.close()
    doc["meeting"]["uid"] = str(uuid.uuid4())
    for action in doc["meeting"]["actions"]:
        action["uid"] = str(uuid.uuid4())
    return data_dir, doc


def _write(tmp_path, doc, name="meeting.json"):
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _vault(folder):
    session = sessions.unlock(folder, PASSPHRASE)
    try:
        return {t: session.db.query(f"SELECT * FROM {t} ORDER BY id") for t in TABLES}
    finally:
        session.close()


def _import(folder, path):
    return run_cli("import", path, "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")


def _present(doc):
    return [i for i, a in enumerate(doc["meeting"]["attendance"]) if a["status"] == "present"]


def _absent(doc):
    return [i for i, a in enumerate(doc["meeting"]["attendance"]) if a["status"] != "present"]


def _someone_did_not_agree(doc):
    doc["meeting"]["attendance"][_present(doc)[1]]["confidentiality_agreed"] = False
    return f"meeting.attendance[{_present(doc)[1]}].confidentiality_agreed"


def _absent_agreed(doc):
    doc["meeting"]["attendance"][_absent(doc)[0]]["confidentiality_agreed"] = True
    return f"meeting.attendance[{_absent(doc)[0]}].confidentiality_agreed"


def _position_of_an_absent_agency(doc):
    present = {doc["meeting"]["attendance"][i]["agency"] for i in _present(doc)}
    absent = next(doc["meeting"]["attendance"][i]["agency"] for i in _absent(doc)
                  if doc["meeting"]["attendance"][i]["agency"] not in present)
    doc["meeting"]["decisions"][0]["positions"][0]["agency"] = absent
    return "meeting.decisions[0].positions[0].agency"


def _one_uid_two_names(doc):
    rows = doc["meeting"]["attendance"]
    first, second = [i for i, a in enumerate(rows) if a["person"]][:2]
    assert rows[first]["person"]["full_name"] != rows[second]["person"]["full_name"]
    rows[second]["person"]["uid"] = rows[first]["person"]["uid"]
    return f"meeting.attendance[{second}].person.full_name"


def _end_before_start(doc):
    doc["meeting"]["start_time"], doc["meeting"]["end_time"] = "14:00", "03:21"
    return "before it started at 14:00"


def _only_apologies_agreed(doc):
    for row in doc["meeting"]["attendance"]:
        row["status"], row["confidentiality_agreed"] = "apologies", False
    for decision in doc["meeting"]["decisions"]:
        decision["positions"] = []
    return "meeting.confidentiality_agreed"


def _only_apologies_with_positions(doc):
    for row in doc["meeting"]["attendance"]:
        row["status"], row["confidentiality_agreed"] = "apologies", False
    doc["meeting"]["confidentiality_agreed"] = False
    return "meeting.decisions[0].positions[0].agency"


CONTRADICTIONS = [
    ("someone present did not agree, the meeting says all did", _someone_did_not_agree),
    ("someone absent agreed", _absent_agreed),
    ("a position of an agency not present", _position_of_an_absent_agency),
    ("one person, two names", _one_uid_two_names),
    ("an end before the start", _end_before_start),
    ("only apologies, confidentiality agreed", _only_apologies_agreed),
    ("only apologies, with agency positions", _only_apologies_with_positions),
]


def test_the_file_without_a_contradiction_imports_and_checks(vault_and_file, tmp_path):
    folder, doc = vault_and_file
    path = _write(tmp_path, doc)
    checked = run_cli("check", path)
    assert "Import would refuse" not in checked.stdout and checked.returncode in (0, 1), checked.stderr
    result = _import(folder, path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("mutate", [m for _id, m in CONTRADICTIONS], ids=[i for i, _m in CONTRADICTIONS])
def test_a_contradiction_is_refused_by_import_and_blocks_check(vault_and_file, tmp_path, mutate):
    folder, doc = vault_and_file
    named = mutate(doc)
    path = _write(tmp_path, doc)
    before = _vault(folder)

    result = _import(folder, path)
    assert result.returncode != 0
    assert "The file was not imported: " in result.stderr and named in result.stderr, result.stderr
    assert "Nothing was changed." in result.stderr and "Traceback" not in result.stderr
    assert _vault(folder) == before

    checked = run_cli("check", path)
    assert checked.returncode != 0, checked.stdout
    said = checked.stdout + checked.stderr
    assert "BLOCKS" in said or "not imported" in said or "cannot be used" in said, said
    assert "Traceback" not in said


def _vocabulary_fields():
    """Every field of the meeting and its attendance whose value is one of a closed list (a vocabulary or an
    agency code), with where it sits in the file and a value no list holds."""
    found = []
    for part, base in ((record.MEETING, ["meeting"]), (record.ATTENDANCE, ["meeting", "attendance", 0])):
        for f in part.fields:
            if f.kind == "person":
                found.append((base + [f.name, "agency"], "NOSUCH"))
            elif f.kind == "agency":
                found.append((base + [f.name], "NOSUCH"))
            elif f.vocabulary:
                found.append((base + [f.name], 7 if f.kind == "level" else "nosuch"))
    found.append((["meeting", "decisions", 0, "positions", 0, "agency"], "NOSUCH"))
    return found


def _set(doc, path, value):
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def test_check_and_import_give_the_same_answer_on_every_vocabulary(vault_and_file, tmp_path):
    folder, doc = vault_and_file
    before = _vault(folder)
    disagree = []
    fields = _vocabulary_fields()
    assert len(fields) > 15
    for path, bad in fields:
        changed = copy.deepcopy(doc)
        if path[-2] in ("chair", "minute_taker", "coordinator", "person"):
            holder = changed
            for key in path[:-2]:
                holder = holder[key]
            if holder[path[-2]] is None:  # a person not recorded: give one, so that their agency can be wrong
                holder[path[-2]] = {"full_name": "Test Person", "role": "", "rank": "", "agency": None,
                                    "uid": str(uuid.uuid4())}
        _set(changed, path, bad)
        file = _write(tmp_path, changed, "bad.json")
        checked, imported = run_cli("check", file), _import(folder, file)
        if (checked.returncode == 0) != (imported.returncode == 0) or imported.returncode == 0:
            disagree.append(("/".join(map(str, path)), checked.returncode, imported.returncode))
    assert disagree == []
    assert _vault(folder) == before


def _render(tmp_path, doc, name):
    out = tmp_path / name
    result = run_cli("render", _write(tmp_path, doc, f"{name}.json"), "--out", out)
    return result, out


def _minute_text(out):
    minute = next(out.glob("MAPPA-Minute_*.docx"))
    return docx_text(minute.read_bytes())


def test_the_minute_says_agreed_by_all_present_only_when_true_and_names_who_did_not(vault_and_file, tmp_path):
    _folder, doc = vault_and_file
    result, out = _render(tmp_path, doc, "all")
    assert result.returncode == 0, result.stderr
    assert "Confidentiality statement agreed by all present\nYes" in _minute_text(out)

    rows = doc["meeting"]["attendance"]
    who = rows[_present(doc)[1]]
    who["confidentiality_agreed"], doc["meeting"]["confidentiality_agreed"] = False, False
    result, out = _render(tmp_path, doc, "one")
    assert result.returncode == 0, result.stderr
    text = _minute_text(out)
    assert "Confidentiality statement agreed by all present\nYes" not in text
    assert f"No: not agreed by {who['person']['full_name']}" in text


def test_a_meeting_of_only_apologies_does_not_say_confidentiality_was_agreed_nor_show_positions(
        vault_and_file, tmp_path):
    _folder, doc = vault_and_file
    for row in doc["meeting"]["attendance"]:
        row["status"] = "apologies"
    result, out = _render(tmp_path, doc, "apologies")  # the file as an old or careless export would hold it
    assert result.returncode == 0, result.stderr
    text = _minute_text(out)
    assert "Confidentiality statement agreed by all present\nNo" in text
    assert "agreed by all present\nYes" not in text
    assert "Abstain" not in text and "\nAgree\n" not in text and "\nDisagree\n" not in text


def test_a_cancelled_meeting_renders_no_minute(vault_and_file, tmp_path):
    _folder, doc = vault_and_file
    doc["meeting"]["status"] = "cancelled"
    result, out = _render(tmp_path, doc, "cancelled")
    assert result.returncode != 0
    assert "This meeting was cancelled, so it has no Minute" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())
