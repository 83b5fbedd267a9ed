"""`mappa-desk tribunal-statement`, run as a user would run it: a restricted patient's final meeting gets the
statement (date, level, the group's position only); any other meeting is refused with a sentence, writing nothing."""

from __future__ import annotations

import dataclasses

import pytest

from mappa_desk.demo import demo_records
from mappa_desk.services import documents, lifecycle, records
from mappa_desk.services import session as sessions
from tests.cli.cli_helpers import run_cli
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.documents.pdf_text import docx_text


@pytest.fixture(scope="module")
def vault(tmp_path_factory):
    """A restricted patient's meeting and another individual's, both made final through the lifecycle (an
    import does not take a file's final status, issue 18)."""
    folder = tmp_path_factory.mktemp("cli-tribunal") / "vault"
    documents_folder = tmp_path_factory.mktemp("cli-tribunal-documents")
    _, session = sessions.create(folder, PASSPHRASE, kdf=FAST_KDF)
    try:
        ids = {}
        for individual, history in demo_records():
            if individual.category == 2 or individual.visor_ref == "DEMO/0001":
                meeting = dataclasses.replace(history[0], status="held")
                meeting_id = records.import_meeting(session, individual, meeting).meeting_id
                documents.generate_for_meeting(session, meeting_id, documents_folder / f"{meeting_id}-draft")
                lifecycle.clear(session, meeting_id, "DCI Morag Lennox")
                lifecycle.circulate(session, meeting_id, "Sam Reid")
                lifecycle.make_final(session, meeting_id, "DCI Morag Lennox", documents_folder / str(meeting_id))
                ids[individual.category] = meeting_id
    finally:
        session.close()
    return folder, ids


def cli(folder, *args):
    return run_cli(*args, "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")


def test_the_statement_of_a_restricted_patients_meeting_is_written(vault, tmp_path):
    folder, ids = vault
    result = cli(folder, "tribunal-statement", ids[2], "--out", tmp_path / "out", "--approved-by", "Chair Test")
    assert result.returncode == 0, result.stderr
    [docx] = (tmp_path / "out").glob("*.docx")
    text = " ".join(docx_text(docx.read_bytes()).split())
    assert ("A MAPPA meeting was held on 17 September 2026. MAPPA Level is 2. The MAPPA group supports the "
            "recommendation by the Responsible Medical Officer for unescorted suspension of detention.") in text
    assert "Dunmorrow" not in text and "DEMO/0004" not in text
    assert docx.name in result.stdout
    # Each statement made is recorded in the vault with its version (schema 0017), and the command says which.
    assert f"to {tmp_path / 'out'}, recorded as version 1:" in result.stdout
    again = cli(folder, "tribunal-statement", ids[2], "--out", tmp_path / "again", "--approved-by", "Chair Test")
    assert again.returncode == 0, again.stderr
    assert f"to {tmp_path / 'again'}, recorded as version 2:" in again.stdout


def test_another_meeting_is_refused_with_a_sentence_and_nothing_is_written(vault, tmp_path):
    folder, ids = vault
    result = cli(folder, "tribunal-statement", ids[1], "--out", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.startswith("mappa-desk: The statement for a Mental Health Tribunal is made only for a "
                                    "restricted patient (category 2)")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_it_is_never_written_into_the_data_folder(vault):
    from tests.conftest import snapshot

    folder, ids = vault
    before = snapshot(folder)
    result = cli(folder, "tribunal-statement", ids[2], "--out", folder / "statements")
    assert result.returncode == 2
    assert "that is inside the data" in result.stderr
    assert snapshot(folder) == before
