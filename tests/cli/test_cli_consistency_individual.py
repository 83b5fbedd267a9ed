"""Issue 18 item 2, the individual's contradictions and a meeting's dates (domain.consistency_individual), run as a
user would: `mappa-desk check` blocks on each and `mappa-desk import` (also with --update-individual) refuses the
file naming the field, the vault unchanged. What can only be seen across the record (the meeting's RoSH and level
against the category, a tribunal recommendation without the group's position, a named victim without a victim
safety measure) is a finding of the self-audit: `check` reports it, and the imported record's self-audit shows
it. Run with PYTHONPATH=$PWD. Fictional data only."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

import mappa_desk
from mappa_desk.domain import record
from mappa_desk.interchange import files
from mappa_desk.services import lifecycle, records, session as sessions
from tests.cli.cli_helpers import run_cli
from tests.conftest import FAST_KDF, PASSPHRASE, snapshot

CASES = Path(mappa_desk.__file__).parent / "demo" / "cases"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cases"
CATEGORY_1 = CASES / "1-drumlachie" / "1-initial.json"  # category 1, police lead, names Ms Keilloch
CATEGORY_1_LATER = CASES / "1-drumlachie" / "2-review.json"
CATEGORY_3 = FIXTURES / "level2-initial-domestic-abuse" / "1-initial.json"  # category 3 at high RoSH
CATEGORY_2 = FIXTURES / "restricted-patient-tribunal" / "1-review.json"  # category 2, health lead, tribunal


def _doc(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def vault(tmp_path_factory):
    """A vault holding the Drumlachie individual and their first meeting (for --update-individual)."""
    folder = tmp_path_factory.mktemp("consistency") / "vault"
    _, session = sessions.create(folder, PASSPHRASE, kdf=FAST_KDF)
    individual, meeting = files.read(CATEGORY_1)
    records.import_meeting(session, individual, meeting)
    session.close()
    return folder


def _write(tmp_path, doc) -> Path:
    path = tmp_path / "meeting.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _check(path):
    result = run_cli("check", path)
    assert "Traceback" not in result.stderr
    return result


def _import(vault, path, *extra):
    return run_cli("import", path, *extra, "--data-dir", vault, "--passphrase-stdin", stdin=PASSPHRASE + "\n")


def _set(doc, where: str, value):
    part, _, name = where.partition(".")
    target = doc[part]
    *path, last = name.split(".")
    for key in path:
        target = target[int(key)] if key.isdigit() else target[key]
    target[int(last) if last.isdigit() else last] = value


# (id, base file, changes (path -> value), field path named by import, sentence named by both)
ENTRY = [
    ("birth in the future", CATEGORY_1, {"individual.date_of_birth": "2030-05-01"}, "individual.date_of_birth",
     "The date of birth is not in the past."),
    ("birth over 120 years ago", CATEGORY_1, {"individual.date_of_birth": "1880-05-01"}, "individual.date_of_birth",
     "The date of birth is more than 120 years ago."),
    ("meeting in year 1", CATEGORY_1, {"meeting.meeting_date": "0001-07-07"}, "meeting.meeting_date",
     "The meeting date is before MAPPA began in Scotland (30 April 2007)."),
    ("meeting years ahead", CATEGORY_1, {"meeting.meeting_date": "2099-07-07"}, "meeting.meeting_date",
     "The meeting date is more than 2 years from today."),
    ("ViSOR reference of two spaces", CATEGORY_1, {"individual.visor_ref": "  "}, "individual.visor_ref",
     "The ViSOR reference is blank."),
    ("ViSOR reference of punctuation", CATEGORY_1, {"individual.visor_ref": "/-/"}, "individual.visor_ref",
     "The ViSOR reference has no letter or digit"),
    ("category 3 at medium RoSH", CATEGORY_3, {"individual.rosh_level": "medium"}, "individual.rosh_level",
     "The risk of serious harm cannot be Medium in this category (Category 3: other risk of serious harm), which "
     "needs High or Very high."),
    ("category 3 at Level 1", CATEGORY_3, {"individual.current_level": 1}, "individual.current_level",
     "This category (Category 3: other risk of serious harm) has no Level 1: leaving Level 2 is recorded as exit "
     "from MAPPA."),
    ("category 2 without its order", CATEGORY_2, {"individual.restricted_patient_order": ""},
     "individual.restricted_patient_order", "The restricted patient order is not recorded"),
    ("category 2 with a police lead", CATEGORY_2, {"individual.lead_agency": "POLICE"}, "individual.lead_agency",
     "The lead agency of a restricted patient (Category 2: restricted patient) is a health agency"),
    ("category 1 with a restricted patient order", CATEGORY_1,
     {"individual.restricted_patient_order": "hospital_direction"}, "individual.restricted_patient_order",
     "A restricted patient order applies only to Category 2 (restricted patients)."),
]


def _changed(base: Path, changes: dict) -> dict:
    doc = _doc(base)
    for where, value in changes.items():
        _set(doc, where, value)
    return doc


@pytest.mark.parametrize("base, changes, where, words", [row[1:] for row in ENTRY], ids=[row[0] for row in ENTRY])
def test_check_blocks_and_import_refuses(vault, tmp_path, base, changes, where, words):
    path = _write(tmp_path, _changed(base, changes))
    checked = _check(path)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert any(line.strip().startswith("BLOCKS") and words in line for line in checked.stdout.splitlines()), \
        checked.stdout
    before = snapshot(vault)
    imported = _import(vault, path)
    assert imported.returncode != 0, imported.stdout
    assert f"{where}: " in imported.stderr and words in imported.stderr, imported.stderr
    assert snapshot(vault) == before


@pytest.mark.parametrize("changes, where, words", [
    ({"individual.date_of_birth": "2030-05-01"}, "individual.date_of_birth", "The date of birth is not in the past."),
    ({"individual.visor_ref": " DEMO/0001"}, "individual.visor_ref", "has spaces before or after it"),
    ({"individual.restricted_patient_order": "hospital_direction"}, "individual.restricted_patient_order",
     "applies only to Category 2"),
], ids=["birth in the future", "ViSOR reference with a space", "order for category 1"])
def test_import_update_individual_refuses_a_contradiction(vault, tmp_path, changes, where, words):
    """The individual is in the vault: the later meeting's file asks to update their details."""
    path = _write(tmp_path, _changed(CATEGORY_1_LATER, changes))
    before = snapshot(vault)
    imported = _import(vault, path, "--update-individual")
    assert imported.returncode != 0, imported.stdout
    assert f"{where}: " in imported.stderr and words in imported.stderr, imported.stderr
    assert snapshot(vault) == before


# (id, base file, changes, the cockpit step's title in `check`, blocking, sentence)
ACROSS = [
    ("category 3 meeting at medium RoSH", CATEGORY_3, {"meeting.rosh_level": "medium"}, True,
     "The risk of serious harm recorded (Medium) is not one this category (Category 3: other risk of serious "
     "harm) allows (High or Very high)"),
    ("category 3 decreased to Level 1", CATEGORY_3,
     {"meeting.level_decision": "maintain", "meeting.level": 3, "individual.current_level": 3,
      "meeting.level_after": 1}, True, "This category (Category 3: other risk of serious harm) has no Level 1"),
    ("tribunal recommendation without position", CATEGORY_2, {"meeting.tribunal_position": ""}, True,
     "The RMO's recommendation to the Mental Health Tribunal is recorded, but not the meeting's position on it."),
    ("tribunal recommendation for category 1", CATEGORY_1,
     {"meeting.tribunal_recommendation": "conditional_discharge", "meeting.tribunal_position": "supports"}, True,
     "A recommendation to the Mental Health Tribunal is recorded, but the individual is not a restricted patient"),
    ("next meeting before this one", CATEGORY_1, {"meeting.next_meeting_date": "2026-07-01"}, True,
     "The next meeting is dated 1 July 2026, not after this meeting (7 July 2026)."),
    ("named victim without victim safety measure", CATEGORY_1, "no victim safety", False,
     "A victim is named in the risks or victim issues, but the plan has no victim safety planning measure"),
]


def _across(base, changes) -> dict:
    if changes == "no victim safety":
        doc = _doc(base)
        doc["meeting"]["rmp_measures"] = [m for m in doc["meeting"]["rmp_measures"] if m["heading"] != "victim_safety"]
        return doc
    return _changed(base, changes)


@pytest.mark.parametrize("base, changes, blocking, words", [row[1:] for row in ACROSS], ids=[row[0] for row in ACROSS])
def test_check_reports_what_is_seen_across_the_record(tmp_path, base, changes, blocking, words):
    checked = _check(_write(tmp_path, _across(base, changes)))
    marked = "BLOCKS" if blocking else "check"
    assert any(line.strip().startswith(marked) and words in line for line in checked.stdout.splitlines()), \
        checked.stdout
    if blocking:
        assert checked.returncode == 1


@pytest.mark.parametrize("base, changes, blocking, words", [row[1:] for row in ACROSS], ids=[row[0] for row in ACROSS])
def test_the_imported_records_self_audit_shows_it(vault_session, base, changes, blocking, words):
    doc = _across(base, changes)
    individual, meeting = files.parse(json.dumps(doc).encode("utf-8"))
    result = records.import_meeting(vault_session, individual, meeting)
    found = [(f.blocking, f.text) for f in lifecycle.findings(vault_session, result.meeting_id) if words in f.text]
    # once, or twice where the individual followed the meeting into the same contradiction (issue 18 item 3:
    # a Level 1 decided for category 3 is then also the individual's current level)
    assert found and {b for b, _ in found} == {blocking}, lifecycle.findings(vault_session, result.meeting_id)


def test_the_unchanged_cases_have_none_of_these_findings(tmp_path):
    for base in (CATEGORY_1, CATEGORY_2, CATEGORY_3):
        checked = _check(_write(tmp_path, _doc(base)))
        for row in ENTRY + ACROSS:
            assert row[-1] not in checked.stdout


# -- item 2's last rule: `check` and `import` agree on every vocabulary of the individual and its orders ----------

def _vocabulary_fields():
    """Every field of the individual and its orders that names a vocabulary or an agency."""
    found = []
    for part, base in ((record.INDIVIDUAL, "individual"), (record.ORDER, "individual.orders.0")):
        for f in part.fields:
            if f.vocabulary or f.kind == "agency":
                found.append((f"{base}.{f.name}", f))
    return found


def _bad(field):
    return 9 if field.kind == "level" else "NOT_A_CHOICE"


def test_every_vocabulary_field_of_the_individual_is_walked():
    names = {where for where, _ in _vocabulary_fields()}
    assert {"individual.category", "individual.current_level", "individual.rosh_level", "individual.lead_agency",
            "individual.restricted_patient_order", "individual.custody_status", "individual.orders.0.kind"} <= names


@pytest.mark.parametrize("where, field", _vocabulary_fields(), ids=[w for w, _ in _vocabulary_fields()])
def test_check_and_import_give_the_same_answer(vault, tmp_path, where, field):
    doc = copy.deepcopy(_doc(CATEGORY_3))  # a category 3 individual with an order
    assert doc["individual"]["orders"], "the case must hold an order"
    _set(doc, where, _bad(field))
    path = _write(tmp_path, doc)
    checked = _check(path)
    before = snapshot(vault)
    imported = _import(vault, path)
    assert snapshot(vault) == before
    assert checked.returncode != 0 and imported.returncode != 0, (checked.stdout, imported.stdout)
    said = checked.stdout + checked.stderr
    named = (where, field.label, where.replace(".0.", "[0]."))
    assert any(name in said for name in named), said
    assert any(name in imported.stderr for name in named), imported.stderr
