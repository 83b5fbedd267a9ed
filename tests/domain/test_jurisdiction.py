"""The jurisdiction is data: a vault records its own when it is made, and every opening reads it back."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from mappa_desk import paths
from mappa_desk.services import cockpit, documents, records, session as sessions
from mappa_desk.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE, snapshot
from tests.cli.cli_helpers import run_cli
from tests.documents.pdf_text import docx_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SHIPPED = paths.templates_dir()
# templates/scotland copied, with these of its files changed (agency names, marking, area, statement, a step title).
TESTLAND = FIXTURES / "jurisdictions" / "testland"
TESTLAND_NORMAL_SIZE = Pt(13)  # the testland reference.docx made below; Scotland's Normal is 10.5 pt
# The command of this source tree (the installed `mappa-desk` may be another checkout's).
THIS_TREE = {"PYTHONPATH": str(Path(__file__).resolve().parents[2])}
REFUSED = ("This vault was made for the jurisdiction 'atlantis', which this MAPPA Desk does not have "
           "(templates/atlantis). Nothing was opened.")


@pytest.fixture
def templates(tmp_path, monkeypatch):
    """A templates folder holding the shipped Scotland and the test jurisdiction Testland."""
    folder = tmp_path / "templates"
    shutil.copytree(SHIPPED / "scotland", folder / "scotland")
    shutil.copytree(SHIPPED / "scotland", folder / "testland")
    for file in TESTLAND.iterdir():
        shutil.copy(file, folder / "testland" / file.name)
    reference = docx.Document(str(SHIPPED / "scotland" / "reference.docx"))
    reference.styles["Normal"].font.size = TESTLAND_NORMAL_SIZE
    reference.save(str(folder / "testland" / "reference.docx"))
    monkeypatch.setattr(paths, "templates_dir", lambda: folder)
    return folder


def _make_testland_vault(data_dir) -> str:
    recovery, session = sessions.create(data_dir, PASSPHRASE, kdf=FAST_KDF, jurisdiction="testland")
    try:
        records.load_demo(session)
    finally:
        session.close()
    return recovery


def _reopen(how: str, data_dir, recovery: str) -> sessions.Session:
    if how == "passphrase":
        return sessions.unlock(data_dir, PASSPHRASE)
    if how == "recovery key":
        return sessions.unlock_with_recovery_key(data_dir, recovery)
    sessions.unlock(data_dir, PASSPHRASE, remember=True).close()
    return sessions.unlock_from_keyring(data_dir)


@pytest.mark.parametrize("how", ["passphrase", "recovery key", "keyring"])
def test_a_vault_made_for_testland_reopens_as_testland(templates, data_dir, tmp_path, memory_keyring, how):
    recovery = _make_testland_vault(data_dir)
    session = _reopen(how, data_dir, recovery)
    try:
        assert session.profile.jurisdiction == "testland"
        assert session.profile.agency_name("POLICE") == "Testland Constabulary"
        assert session.db.scalar("SELECT name FROM agencies WHERE code = 'JSW'") == "Testland Probation Service"
        meeting_id = session.db.scalar("SELECT id FROM meetings WHERE status = 'held' ORDER BY id LIMIT 1")
        shown = cockpit.load(session, meeting_id)
        assert "Testland risk review" in [step.title for step in shown.steps.values()]
        assert "Testland Public Protection Act 2024" in shown.confidentiality_statement
        generated = documents.generate_for_meeting(session, meeting_id, tmp_path / "out")
    finally:
        session.close()
    minute = next(g for g in generated if g.kind == "minute" and g.format == "docx").path.read_bytes()
    text = docx_text(minute)
    assert "TESTLAND RESTRICTED" in text and "OFFICIAL-SENSITIVE" not in text
    assert "Testland Public Protection Act 2024" in text and "(Scotland) Act 2005" not in text
    assert "Testland Constabulary" in text
    assert docx.Document(io.BytesIO(minute)).styles["Normal"].font.size == TESTLAND_NORMAL_SIZE
    letter = next(g for g in generated if g.kind == "reply_letter" and g.format == "docx").path.read_bytes()
    assert "Testland North MAPPA area" in docx_text(letter)


def test_a_vault_made_without_naming_one_is_scottish_as_before(templates, data_dir, tmp_path):
    _recovery, session = sessions.create(data_dir, PASSPHRASE, kdf=FAST_KDF)
    session.close()
    session = sessions.unlock(data_dir, PASSPHRASE)
    try:
        assert session.db.scalar("SELECT value FROM settings WHERE key = 'jurisdiction'") == "scotland"
        assert session.profile.agency_name("POLICE") == "Police Scotland"
        records.load_demo(session)
        meeting_id = session.db.scalar("SELECT id FROM meetings WHERE status = 'held' ORDER BY id LIMIT 1")
        generated = documents.generate_for_meeting(session, meeting_id, tmp_path / "out")
    finally:
        session.close()
    minute = next(g for g in generated if g.kind == "minute" and g.format == "docx").path.read_bytes()
    assert "OFFICIAL-SENSITIVE" in docx_text(minute) and "(Scotland) Act 2005" in docx_text(minute)
    assert docx.Document(io.BytesIO(minute)).styles["Normal"].font.size == Pt(10.5)


def _set_jurisdiction(data_dir, value: str | None, passphrase: str = PASSPHRASE) -> None:
    """Change the vault's recorded jurisdiction behind the app's back (None: remove it, as in an older vault)."""
    db = Vault(data_dir).unlock(passphrase)
    try:
        with db.transaction():
            if value is None:
                db.execute("DELETE FROM settings WHERE key = 'jurisdiction'")
            else:
                db.execute("UPDATE settings SET value = ? WHERE key = 'jurisdiction'", (value,))
    finally:
        db.close()


def _fixture_passphrase(folder: Path) -> str:
    return f"fixture passphrase for schema {folder.name.rsplit('-', 1)[1]}"


@pytest.mark.parametrize("how", ["passphrase", "recovery key", "keyring"])
def test_a_vault_of_a_jurisdiction_this_installation_lacks_is_refused_and_nothing_opened(
        templates, data_dir, memory_keyring, how):
    recovery = _make_testland_vault(data_dir)
    _set_jurisdiction(data_dir, "atlantis")
    if how == "keyring":
        shutil.copytree(templates / "testland", templates / "atlantis")  # to remember the key, open it once
        sessions.unlock(data_dir, PASSPHRASE, remember=True).close()
        shutil.rmtree(templates / "atlantis")
    before = snapshot(data_dir)
    with pytest.raises(sessions.JurisdictionMissing) as refused:
        _reopen(how, data_dir, recovery) if how != "keyring" else sessions.unlock_from_keyring(data_dir)
    assert str(refused.value) == REFUSED
    assert snapshot(data_dir) == before  # no agency synced, no setting written
    # Nothing is held open: once the installation has the jurisdiction, the same vault opens as it.
    shutil.copytree(templates / "testland", templates / "atlantis")
    session = sessions.unlock(data_dir, PASSPHRASE)
    try:
        assert session.profile.jurisdiction == "atlantis"
    finally:
        session.close()


@pytest.mark.parametrize("name", ["atlantis", "../scotland", ""])
def test_a_vault_cannot_be_made_for_a_jurisdiction_that_is_not_here(templates, data_dir, name):
    with pytest.raises(sessions.JurisdictionMissing, match="Nothing was opened"):
        sessions.create(data_dir, PASSPHRASE, kdf=FAST_KDF, jurisdiction=name)
    assert not Vault(data_dir).exists()


def test_the_cli_refuses_a_vault_of_a_jurisdiction_it_lacks(data_dir):
    _recovery, session = sessions.create(data_dir, PASSPHRASE, kdf=FAST_KDF)
    session.close()
    _set_jurisdiction(data_dir, "atlantis")
    result = run_cli("list", "--data-dir", data_dir, "--passphrase-stdin", stdin=PASSPHRASE + "\n",
                     env_extra=THIS_TREE)
    assert result.returncode != 0
    assert REFUSED in " ".join(result.stderr.split())


def test_the_cli_makes_a_vault_only_for_a_jurisdiction_it_has(data_dir):
    result = run_cli("init", "--data-dir", data_dir, "--passphrase-stdin", "--jurisdiction", "atlantis",
                     stdin=PASSPHRASE + "\n", env_extra=THIS_TREE)
    assert result.returncode != 0
    assert "does not have the jurisdiction 'atlantis' (templates/atlantis)" in " ".join(result.stderr.split())
    assert not Vault(data_dir).exists()


@pytest.mark.parametrize("fixture", ["vault-schema-0001", "vault-schema-0008"])
def test_an_older_vault_without_a_recorded_jurisdiction_is_read_as_scotland_and_then_records_it(
        tmp_path, fixture):
    copy = tmp_path / fixture
    shutil.copytree(FIXTURES / fixture, copy)
    _set_jurisdiction(copy, None, _fixture_passphrase(copy))
    session = sessions.unlock(copy, _fixture_passphrase(copy))
    try:
        assert session.profile.jurisdiction == "scotland"
        assert session.profile.agency_name("POLICE") == "Police Scotland"
        assert session.db.scalar("SELECT value FROM settings WHERE key = 'jurisdiction'") == "scotland"
    finally:
        session.close()


def test_a_saved_vault_reads_its_recorded_jurisdiction(tmp_path):
    copy = tmp_path / "vault-schema-0001"
    shutil.copytree(FIXTURES / "vault-schema-0001", copy)
    session = sessions.unlock(copy, _fixture_passphrase(copy))
    try:
        assert session.profile.jurisdiction == "scotland"
    finally:
        session.close()
