"""Export for ViSOR: the final Minute and RMP (PDF and DOCX) and a manifest of their SHA-256, into a chosen folder.

The final record is immutable and is what goes to ViSOR (guidance 11.15). The export therefore
takes a meeting only when its record is final, and writes nothing else.

Decisions, with the reasons:

- The files are rendered again from the vault, not copied: the vault holds the record and the
  SHA-256 of each final file, not the files. Rendering is deterministic (measured: the same final
  gives the same bytes across runs, processes and days; the PDF is made in reportlab's invariant
  mode and the DOCX carries no dates or editor), so a re-rendered final is byte-identical to the
  one recorded when the record was made final, and the manifest says that it was checked.
- If the SHA-256 differs (the templates or MAPPA Desk changed since the record was made final),
  the export is refused by default and says so: ViSOR must not silently receive something other
  than the agreed final. With `accept_changed=True` it writes them anyway and the manifest marks
  each such file "DIFFERS from the recorded final", with the recorded hash, so the difference stays visible.
- A record made final before its files were recorded (the demo data, or an import) has no hashes
  yet: the first export records them as the final's version, so later exports are checked.
- File names leave the encrypted store, so the pattern may name only the ViSOR reference (made
  safe), the meeting's date, level and kind, the document and the version: never a person
  (template.FILE_NAME_FIELDS, plus {document} and {version}). The default is `visor_file_name`
  in the jurisdiction's common.toml.
- Nothing half-written: every file is written and fsynced in a hidden temporary folder inside the
  chosen folder, then each is renamed into place, the manifest last. A full disk fails before any
  rename, and the temporary folder is removed. Files of an earlier export with the same names are
  replaced whole.
- The manifest's last columns carry the audit chain's head when the export was made (entries, last id,
  hash, time): an anchor that `mappa-desk doctor --anchor MANIFEST` compares with the vault's trail.
- Addenda are not part of this export (the final Minute is, unchanged); a warning says when a
  record has any, so the Minute with its addenda can be added to ViSOR too.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import string
import tempfile
from pathlib import Path

from mappa_desk.documents.build import build, load_templates
from mappa_desk.documents.context import file_ref
from mappa_desk.domain import dates
from mappa_desk.documents.template import FILE_NAME_FIELDS, fill
from mappa_desk.domain import enums
from mappa_desk.errors import InvalidInput, UserFacingError, describe_os_error
from mappa_desk.files import fsync_dir, private_opener, refuse_inside_vault
from mappa_desk.services import anchors, clearance_gate, records
from mappa_desk.services.session import Session, utc_now
from mappa_desk.storage import documents as stored_documents, visor_exports as stored

KINDS = {"minute": "Minute", "rmp": "RMP"}  # document_versions kind -> the {document} word
FORMATS = ("pdf", "docx")
MANIFEST = "Manifest"
PATTERN_FIELDS = FILE_NAME_FIELDS | {"document", "version"}
DEFAULT_PATTERN = "MAPPA-{document}_{individual.file_ref}_{meeting.date_iso}_v{version}"
FORBIDDEN = set('<>:"/\\|?*')  # not allowed in a Windows file name; "/" and "\\" would also leave the folder
MAX_NAME = 150  # characters before the extension: leaves room for the folder within Windows' 260
MANIFEST_HEADERS = ("file", "sha256", "document", "format", "version", "meeting_date", "final_recorded_at",
                    "check") + anchors.VISOR_COLUMNS


class Exported(list):
    """The paths written (the documents, then the manifest), with `warnings`: sentences to show the user."""

    def __init__(self, paths: list[Path], warnings: list[str]):
        super().__init__(paths)
        self.warnings = list(warnings)

    @property
    def manifest(self) -> Path:
        return self[-1]


class PatternRefused(InvalidInput):
    """The file-name pattern was not acceptable."""


def default_pattern(session: Session) -> str:
    """The jurisdiction's `visor_file_name` (common.toml), else DEFAULT_PATTERN."""
    common = load_templates(session.profile.jurisdiction)["minute"].common
    value = common.get("visor_file_name")
    return value.strip() if isinstance(value, str) and value.strip() else DEFAULT_PATTERN


def check_pattern(pattern: str) -> str:
    """The pattern, stripped, or PatternRefused with a sentence saying what to change."""
    pattern = (pattern or "").strip()
    allowed = ", ".join("{" + f + "}" for f in sorted(PATTERN_FIELDS))
    if not pattern:
        raise PatternRefused(f"Enter a file-name pattern, e.g. {DEFAULT_PATTERN}.")
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        raise PatternRefused("The file-name pattern has a { without its } (or the other way round). "
                             "Write each field as {name}.") from None
    names = []
    for literal, name, spec, conversion in parts:
        if set(literal) & FORBIDDEN or any(ord(c) < 32 for c in literal):
            raise PatternRefused("The file-name pattern holds a character a file name cannot have "
                                 "(one of < > : \" / \\ | ? *). Use letters, digits, - and _.")
        if name is None:
            continue
        if name not in PATTERN_FIELDS:
            raise PatternRefused(f"The file-name pattern names {{{name}}}, which a file name may not use: a file "
                                 f"name leaves the encrypted vault, so it never names a person. Use only {allowed}.")
        if spec or conversion:
            raise PatternRefused(f"Write {{{name}}} in the file-name pattern without a format after it.")
        names.append(name)
    if "document" not in names:
        raise PatternRefused("The file-name pattern must contain {document}, or the Minute and the RMP would get "
                             "the same name.")
    if pattern.startswith((".", "-")):
        raise PatternRefused("The file-name pattern must not start with . or - (such files are hidden or mistaken "
                             "for options). Start it with a letter or digit.")
    return pattern


def _names(pattern: str, individual, meeting, version: int) -> dict[str, str]:
    ref = file_ref(individual, meeting)
    values = {"individual.file_ref": ref, "shareable.file_ref": ref, "meeting.date_iso": meeting.meeting_date,
              "shareable.date_iso": meeting.meeting_date, "meeting.level": str(meeting.level),
              "meeting.kind": enums.MEETING_KINDS.get(meeting.kind, meeting.kind), "version": str(version)}
    names = {document: fill(pattern, {**values, "document": document}) for document in (*KINDS.values(), MANIFEST)}
    if any(len(name) > MAX_NAME for name in names.values()):
        raise PatternRefused(f"The file-name pattern makes names longer than {MAX_NAME} characters. Shorten it.")
    return names


def _renderers():
    from mappa_desk.documents.render_docx import render_docx  # heavy imports, on first use only
    from mappa_desk.documents.render_pdf import render_pdf
    return {"docx": render_docx, "pdf": render_pdf}


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "xb", opener=private_opener) as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def export_for_visor(session: Session, meeting_id: int, folder: str | Path, pattern: str | None = None, *,
                     accept_changed: bool = False) -> Exported:
    """Write the final Minute and RMP, PDF and DOCX, and the manifest into `folder`; return their paths.

    The files are not encrypted: they are OFFICIAL-SENSITIVE and go only where the user chose.
    """
    refuse_inside_vault(folder, session.vault.folder, "the ViSOR export")
    pattern = check_pattern(default_pattern(session) if pattern is None else pattern)
    individual, meeting = records.load(session, meeting_id)
    if meeting.status != "final":
        status = enums.MEETING_STATUSES.get(meeting.status, meeting.status).lower()
        raise UserFacingError(f"The record of the meeting of {dates.long(meeting.meeting_date)} is a draft "
                              f"({status}): the ViSOR export takes only the final Minute and RMP. "
                              "Make the record final first.")
    # Issue 18: a final the self-audit blocks (imported, or made final before a rule) does not go to ViSOR.
    clearance_gate.refuse_if_blocked(session, meeting_id, "exported for ViSOR")
    db = session.db
    recorded = {(kind, fmt): (version, sha, at)
                for kind, fmt, version, sha, at in stored.final_minute_and_rmp(db, meeting_id)}
    versions = {version for version, _, _ in recorded.values()}
    version = min(versions) if versions else (
        stored_documents.latest_version(db, meeting_id) or 0) + 1
    names = _names(pattern, individual, meeting, version)

    templates = load_templates(session.profile.jurisdiction)
    agencies = {a.code: a.name for a in session.profile.agencies}
    renderers = _renderers()
    rendered = []  # (kind, fmt, data, sha256)
    for kind in KINDS:
        document = build(templates[kind], individual, meeting, agencies, version=None, profile=session.profile)
        for fmt in FORMATS:
            data = renderers[fmt](document)
            rendered.append((kind, fmt, data, hashlib.sha256(data).hexdigest()))
    differs = [(kind, fmt) for kind, fmt, _, sha in rendered
               if (kind, fmt) in recorded and recorded[(kind, fmt)][1] != sha]
    if differs and not accept_changed:
        kind, fmt = differs[0]
        raise UserFacingError(
            f"The {KINDS[kind]} ({fmt.upper()}) made now is not identical to the final recorded on "
            f"{dates.long(recorded[(kind, fmt)][2][:10])}: the templates or MAPPA Desk have changed since. Nothing "
            "was written. Use the files saved when the record was made final, or export again accepting the "
            "difference (the manifest will say which files differ).")
    now = utc_now()
    missing = [(kind, fmt, sha) for kind, fmt, _, sha in rendered if (kind, fmt) not in recorded]

    rows, files = [], []
    # The audit chain's head, on every row: an anchor kept outside the vault (services/anchors.py).
    anchor = anchors.take(db)
    for kind, fmt, data, sha in rendered:
        name = f"{names[KINDS[kind]]}.{fmt}"
        if (kind, fmt) not in recorded:
            check, at = "recorded now as the final", now
        elif (kind, fmt) in differs:
            check, at = f"DIFFERS from the recorded final (sha256 {recorded[(kind, fmt)][1]})", recorded[(kind, fmt)][2]
        else:
            check, at = "identical to the recorded final", recorded[(kind, fmt)][2]
        rows.append((name, sha, KINDS[kind], fmt, str(version), meeting.meeting_date, at, check,
                     *anchors.visor_values(anchor)))
        files.append((name, data))
    manifest = io.StringIO()
    writer = csv.writer(manifest, lineterminator="\r\n")
    writer.writerow(MANIFEST_HEADERS)
    writer.writerows(rows)
    files.append((f"{names[MANIFEST]}.csv", manifest.getvalue().encode("utf-8")))

    out = Path(folder)
    paths = _write_all(out, files, lambda: _record_missing(db, meeting_id, version, missing, now))
    with db.transaction():
        anchors.record(db, anchor)
    warnings = []
    if differs:
        warnings.append(f"{len(differs)} of the files differ from the final recorded in the vault; the manifest "
                        "says which.")
    addenda = stored.addenda_count(db, meeting_id)
    if addenda:
        warnings.append(f"The record has {addenda} addend{'um' if addenda == 1 else 'a'}, which this export does "
                        "not include: add the Minute with its addenda to ViSOR as well.")
    return Exported(paths, warnings)


def _record_missing(db, meeting_id: int, version: int, missing, now: str) -> None:
    if not missing:
        return
    with db.transaction():
        for kind, fmt, sha in missing:
            stored_documents.add_version(db, meeting_id, kind, version, "final", fmt, sha, now,
                                         reason="Recorded by the ViSOR export")


def _write_all(out: Path, files: list[tuple[str, bytes]], before_rename) -> list[Path]:
    """Every file into a temporary folder in `out`, then `before_rename()`, then each renamed into place."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".mappa-visor-", dir=out))
    except OSError as err:
        raise describe_os_error(err, "the export folder") from err
    placed: list[Path] = []
    try:
        try:
            for name, data in files:
                _write_synced(staging / name, data)
        except OSError as err:
            raise describe_os_error(err, "the ViSOR export") from err
        before_rename()
        try:
            for name, _ in files:
                os.replace(staging / name, out / name)
                placed.append(out / name)
        except OSError as err:
            raise UserFacingError(
                f"The ViSOR export stopped after moving {len(placed)} of {len(files)} files into {out} "
                f"({err.strerror or 'system error'}); the manifest was not written, so the export is incomplete. "
                "Check the folder and export again.") from err
        fsync_dir(out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return placed
