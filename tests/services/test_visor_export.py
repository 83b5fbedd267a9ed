"""Export for ViSOR: only a final record, files identical to the recorded final, names that name nobody."""

from __future__ import annotations

import csv
import errno
import hashlib
import io

import pytest

from mappa_desk.errors import InvalidInput, UserFacingError
from mappa_desk.services import documents, records
from mappa_desk.services import visor_export as ve
from tests.conftest import snapshot


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def meeting(session, ref: str, status: str) -> int:
    return session.db.scalar("SELECT m.id FROM meetings m JOIN individuals i ON i.id = m.individual_id "
                             "WHERE i.visor_ref = ? AND m.status = ? ORDER BY m.meeting_date LIMIT 1", (ref, status))


def manifest_rows(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def final_rows(session, meeting_id) -> list[tuple]:
    return session.db.query("SELECT kind, format, version, sha256 FROM document_versions WHERE meeting_id = ? "
                            "AND status = 'final' ORDER BY kind, format", (meeting_id,))


def test_a_final_meeting_exports_its_minute_and_rmp_with_a_manifest(demo, tmp_path):
    final = meeting(demo, "DEMO/0001", "final")
    out = tmp_path / "visor"
    exported = ve.export_for_visor(demo, final, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in exported) == [
        "MAPPA-Manifest_DEMO-0001_2026-07-07_v1.csv",
        "MAPPA-Minute_DEMO-0001_2026-07-07_v1.docx", "MAPPA-Minute_DEMO-0001_2026-07-07_v1.pdf",
        "MAPPA-RMP_DEMO-0001_2026-07-07_v1.docx", "MAPPA-RMP_DEMO-0001_2026-07-07_v1.pdf",
    ], "the four documents and the manifest, nothing else (no temporary folder left)"
    assert exported.manifest.name.startswith("MAPPA-Manifest") and exported.warnings == []

    rows = manifest_rows(exported.manifest)
    assert [r["file"] for r in rows] == [p.name for p in exported[:-1]]
    for row in rows:
        data = (out / row["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"]
        assert (row["version"], row["meeting_date"], row["check"]) == ("1", "2026-07-07", "recorded now as the final")
    assert {(r["document"], r["format"]) for r in rows} == {(d, f) for d in ("Minute", "RMP") for f in ("pdf", "docx")}
    assert (out / "MAPPA-Minute_DEMO-0001_2026-07-07_v1.pdf").read_bytes().startswith(b"%PDF")
    # The hashes are now the final's in the vault.
    assert sorted((k, f, v, s) for k, f, v, s in final_rows(demo, final)) == sorted(
        ({"Minute": "minute", "RMP": "rmp"}[r["document"]], r["format"], 1, r["sha256"]) for r in rows)


def test_no_file_name_names_a_person(demo, tmp_path):
    names = {row[0]: row[1:] for row in demo.db.query(
        "SELECT i.visor_ref, i.family_name, i.given_names FROM individuals i")}
    for ref in names:
        final = meeting(demo, ref, "final")
        if final is None:
            continue
        exported = ve.export_for_visor(demo, final, tmp_path / ref.replace("/", "-"),
                                       "{meeting.kind}-L{meeting.level}-{document}-{individual.file_ref}-{version}")
        words = {w.casefold() for other in names.values() for part in other for w in part.split() if len(w) > 2}
        for path in exported:
            assert not any(w in path.name.casefold() for w in words), path.name
            assert ref.replace("/", "-") in path.name


def test_the_second_export_is_checked_against_the_recorded_final(demo, tmp_path):
    final = meeting(demo, "DEMO/0002", "final")
    first = ve.export_for_visor(demo, final, tmp_path / "one")
    second = ve.export_for_visor(demo, final, tmp_path / "two")
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first[:-1], second[:-1]):
        assert a.read_bytes() == b.read_bytes(), "rendering a final is deterministic"
    assert {r["check"] for r in manifest_rows(second.manifest)} == {"identical to the recorded final"}
    assert len(final_rows(demo, final)) == 4, "recorded once"


def test_a_final_made_through_the_documents_service_keeps_its_version(demo, tmp_path):
    held = meeting(demo, "DEMO/0003", "held")
    documents.generate_for_meeting(demo, held, tmp_path / "draft")  # version 1, a draft
    written = {g.path.name: g.sha256 for g in documents.generate_for_meeting(demo, held, tmp_path / "final", final=True)}
    demo.db.execute("UPDATE meetings SET status = 'final' WHERE id = ?", (held,))
    exported = ve.export_for_visor(demo, held, tmp_path / "visor")
    rows = manifest_rows(exported.manifest)
    assert {r["version"] for r in rows} == {"2"}
    assert {r["check"] for r in rows} == {"identical to the recorded final"}
    assert {r["sha256"] for r in rows} <= set(written.values()), "the same bytes as the files made at the final"


def test_a_changed_final_is_refused_unless_accepted_and_then_marked(demo, tmp_path):
    final = meeting(demo, "DEMO/0001", "final")
    ve.export_for_visor(demo, final, tmp_path / "first")
    demo.db.execute("UPDATE document_versions SET sha256 = ? WHERE meeting_id = ? AND kind = 'rmp' AND format = 'pdf'",
                    ("0" * 64, final))
    with pytest.raises(UserFacingError, match=r"The RMP \(PDF\) made now is not identical to the final recorded on"):
        ve.export_for_visor(demo, final, tmp_path / "refused")
    assert not (tmp_path / "refused").exists() or not any((tmp_path / "refused").iterdir())
    exported = ve.export_for_visor(demo, final, tmp_path / "accepted", accept_changed=True)
    checks = {(r["document"], r["format"]): r["check"] for r in manifest_rows(exported.manifest)}
    assert checks.pop(("RMP", "pdf")) == f"DIFFERS from the recorded final (sha256 {'0' * 64})"
    assert set(checks.values()) == {"identical to the recorded final"}
    assert exported.warnings == ["1 of the files differ from the final recorded in the vault; the manifest says which."]


@pytest.mark.parametrize("status", ["held", "planned"])
def test_a_record_that_is_not_final_is_refused_and_nothing_is_written(demo, tmp_path, status):
    draft = meeting(demo, "DEMO/0003", status)
    out = tmp_path / "visor"
    out.mkdir()
    (out / "earlier.txt").write_text("kept")
    before, versions = snapshot(out), demo.db.scalar("SELECT count(*) FROM document_versions")
    with pytest.raises(UserFacingError) as err:
        ve.export_for_visor(demo, draft, out)
    assert str(err.value).startswith("The record of the meeting of ")
    assert str(err.value).endswith("is a draft ({}): the ViSOR export takes only the final Minute and RMP. "
                                   "Make the record final first.".format(status))
    assert snapshot(out) == before and [p.name for p in out.iterdir()] == ["earlier.txt"]
    assert demo.db.scalar("SELECT count(*) FROM document_versions") == versions


@pytest.mark.parametrize("pattern, words", [
    ("{individual.name}_{document}", "names {individual.name}, which a file name may not use"),
    ("{shareable.name}_{document}", "never names a person"),
    ("{individual.file_ref}_{version}", "must contain {document}"),
    ("{document}/{version}", "a character a file name cannot have"),
    ("{document}:{version}", "a character a file name cannot have"),
    ("{document}_{version", "a { without its }"),
    ("{document}_{version:03}", "without a format"),
    (".{document}", "must not start with"),
    ("   ", "Enter a file-name pattern"),
    ("{document}" + "x" * 200, "longer than 150 characters"),
])
def test_a_bad_pattern_is_refused_in_a_sentence_and_nothing_is_written(demo, tmp_path, pattern, words):
    final = meeting(demo, "DEMO/0001", "final")
    with pytest.raises(InvalidInput) as err:
        ve.export_for_visor(demo, final, tmp_path / "visor", pattern)
    assert words in str(err.value)
    assert not (tmp_path / "visor").exists()
    assert final_rows(demo, final) == []


def test_the_default_pattern_comes_from_the_template_data(demo):
    assert ve.default_pattern(demo) == "MAPPA-{document}_{individual.file_ref}_{meeting.date_iso}_v{version}"
    assert ve.check_pattern(ve.default_pattern(demo)) == ve.default_pattern(demo)


def test_a_full_disk_leaves_nothing_half_written(demo, tmp_path, monkeypatch):
    final = meeting(demo, "DEMO/0001", "final")
    out = tmp_path / "visor"
    out.mkdir()
    real, calls = ve._write_synced, []

    def full_on_third(path, data):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(ve, "_write_synced", full_on_third)
    with pytest.raises(UserFacingError, match="The disk is full"):
        ve.export_for_visor(demo, final, out)
    assert list(out.iterdir()) == [], "no file and no temporary folder"
    assert final_rows(demo, final) == [], "nothing recorded either"


def test_a_rename_that_fails_says_the_export_is_incomplete(demo, tmp_path, monkeypatch):
    final = meeting(demo, "DEMO/0001", "final")
    out = tmp_path / "visor"
    real, moved = ve.os.replace, []

    def fail_on_second(src, dst):
        moved.append(dst)
        if len(moved) == 2:
            raise OSError(errno.EACCES, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(ve.os, "replace", fail_on_second)
    with pytest.raises(UserFacingError, match="stopped after moving 1 of 5 files .* the manifest was not written"):
        ve.export_for_visor(demo, final, out)
    assert [p.name for p in out.iterdir()] == ["MAPPA-Minute_DEMO-0001_2026-07-07_v1.pdf"]


def test_addenda_are_mentioned(demo, tmp_path):
    final = meeting(demo, "DEMO/0001", "final")
    demo.db.execute("INSERT INTO addenda (meeting_id, number, reason, text, created_at, created_by) "
                    "VALUES (?, 1, 'Typo', 'Read 12 for 21.', '2026-08-01T10:00:00Z', 'Chair')", (final,))
    exported = ve.export_for_visor(demo, final, tmp_path / "visor")
    assert exported.warnings == ["The record has 1 addendum, which this export does not include: add the Minute "
                                 "with its addenda to ViSOR as well."]
