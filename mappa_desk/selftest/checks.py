"""The self-test's checks of the core: each proves one part that a bundle can lose works here.

Everything happens in the self-test's temporary folder with the fictional demo
records. No keyring entry is written, and nothing is read from or written to
the user's own vault.
"""

from __future__ import annotations

import datetime as _dt
import importlib
import sys
from importlib import metadata
from pathlib import Path

from mappa_desk import offline, paths
from mappa_desk.documents.template import DOCUMENT_KINDS
from mappa_desk.domain import dates
from mappa_desk.errors import WrongSecret
from mappa_desk.selftest.runner import Check, CheckFailed, Workspace

MARKING = "OFFICIAL-SENSITIVE"  # on every page of every document
PLAIN_SQLITE = b"SQLite format 3\x00"
NATIVE_KEYRING = {"win32": "keyring.backends.Windows", "darwin": "keyring.backends.macOS"}
LINUX_KEYRING = "keyring.backends.SecretService"
WORKERS_WARM_S = 60.0


def shipped_files(ws: Workspace) -> str:
    from mappa_desk import spelling
    from mappa_desk.documents import render_pdf_indic, render_pdf_scripts
    from mappa_desk.documents.build import load_templates
    from mappa_desk.domain.agenda import load_agenda
    from mappa_desk.domain.profile import DEFAULT_JURISDICTION, load_profile
    from mappa_desk.storage.migrations import migration_files

    fonts = sorted(paths.fonts_dir().glob("*.ttf"))
    if not fonts:
        raise CheckFailed(f"no fonts in {paths.fonts_dir()}: the PDFs could not embed their text")
    profile = load_profile(DEFAULT_JURISDICTION)  # the jurisdiction of the self-test's own vault
    templates = load_templates(profile.jurisdiction)  # reads and checks every document template
    missing = [kind for kind in DOCUMENT_KINDS if kind not in templates]
    if missing:
        raise CheckFailed(f"document templates missing: {', '.join(missing)}")
    steps = load_agenda(profile.jurisdiction)
    schema = migration_files()
    if not paths.app_icon_path().is_file():
        raise CheckFailed(f"the app's icon {paths.app_icon_path()} is missing")
    if not paths.interchange_schema_path().is_file():
        raise CheckFailed(f"the interchange schema {paths.interchange_schema_path()} is missing")
    checker = spelling.Checker(spelling.load_dictionary(),
                               spelling.read_word_list(spelling.words_file(profile.jurisdiction)))
    if checker.knows("Recieved") or not checker.knows("received") or not checker.knows("ViSOR"):
        raise CheckFailed(f"the spelling dictionary {spelling.dictionary_path()} or the words of "
                          f"{spelling.words_file(profile.jurisdiction)} did not load as shipped")
    if len(render_pdf_indic.shaped("प्र", render_pdf_scripts.register("MappaDeskDevanagari"))) != 1:
        raise CheckFailed("the PDFs cannot shape Devanagari, Bengali or Gurmukhi (uharfbuzz did not load): "
                          "a conjunct would print as its letters")
    return (f"{len(templates)} document templates and an agenda of {len(steps)} steps ({profile.jurisdiction}), "
            f"{len(fonts)} fonts (Indic conjuncts shaped), the icon, {len(schema)} schema migrations, the "
            "interchange schema, the en_GB spelling dictionary")


def keyring_backends(ws: Workspace) -> str:
    from mappa_desk.vault import keyring_cache

    known = sorted(ep.name for ep in metadata.entry_points(group="keyring.backends"))
    if not known:
        raise CheckFailed("this build lost keyring's list of backends (its package metadata), so the app "
                           "could never use the system keyring")
    native = NATIVE_KEYRING.get(sys.platform, LINUX_KEYRING)
    importlib.import_module(native)  # left out of the build: ModuleNotFoundError names it
    in_use = keyring_cache.backend_name()
    if keyring_cache.available():
        state = "usable"
    else:
        state = "not usable on this computer, so the app asks for the passphrase at every unlock and says why"
    return f"backends in this build: {', '.join(known)}; in use: {in_use}, {state}"


def new_vault(ws: Workspace) -> str:
    from mappa_desk.services import session as sessions
    from mappa_desk.storage.migrations import latest_version

    _recovery, ws.session = sessions.create(ws.data_dir, ws.passphrase)
    db = ws.session.db
    latest = latest_version()
    if db.schema_version != latest:
        raise CheckFailed(f"the new vault is at schema {db.schema_version}, not {latest}")
    with open(ws.data_dir / paths.DATABASE_FILE_NAME, "rb") as f:
        if f.read(len(PLAIN_SQLITE)) == PLAIN_SQLITE:
            raise CheckFailed("the database file is plain SQLite: it is not encrypted")
    return f"SQLCipher {db.cipher_version()}; a new encrypted vault with all {latest} migrations applied"


def demo_records(ws: Workspace) -> str:
    ws.need("session")
    from mappa_desk.services import records

    added = records.load_demo(ws.session)
    ws.held_meetings = [row[0] for row in ws.session.db.query(
        "SELECT id FROM meetings WHERE status = 'held' ORDER BY id")]
    counts = ws.session.counts()
    if not added or not ws.held_meetings:
        raise CheckFailed("the demo records did not load")
    return f"{counts['individuals']} individuals and {counts['meetings']} meetings, {len(ws.held_meetings)} of them held"


def lock_and_unlock(ws: Workspace) -> str:
    ws.need("session")
    from mappa_desk.services import session as sessions

    before = ws.session.counts()
    ws.close_session()
    try:
        sessions.unlock(ws.data_dir, ws.passphrase + " wrong").close()
    except WrongSecret:
        pass
    else:
        raise CheckFailed("a wrong passphrase opened the vault")
    ws.session = sessions.unlock(ws.data_dir, ws.passphrase)
    if ws.session.counts() != before:
        raise CheckFailed(f"the vault held {before} when locked but {ws.session.counts()} when unlocked again")
    return "locked; a wrong passphrase was refused; unlocked with the right one, every record there"


def _check_pdf(path: Path) -> int:
    import pypdfium2 as pdfium

    data = path.read_bytes()
    if b"/FontFile2" not in data:
        raise CheckFailed(f"{path.name} does not embed its fonts")
    pdf = pdfium.PdfDocument(data)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            text = page.get_textpage().get_text_range()
            if MARKING not in text:
                raise CheckFailed(f"page {index + 1} of {path.name} does not say {MARKING}")
        if len(pdf) == 0:
            raise CheckFailed(f"{path.name} has no pages")
        bitmap = pdf[0].render(scale=0.5)
        if len(set(bitmap.buffer)) < 2:
            raise CheckFailed(f"the first page of {path.name} renders blank")
        return len(pdf)
    finally:
        pdf.close()


def _check_docx(path: Path) -> None:
    import docx

    document = docx.Document(str(path))
    headers = " ".join(p.text for section in document.sections for p in section.header.paragraphs)
    if MARKING not in headers:
        raise CheckFailed(f"the header of {path.name} does not say {MARKING}")
    if not any(p.text.strip() for p in document.paragraphs):
        raise CheckFailed(f"{path.name} has no text")


def documents_both_formats(ws: Workspace) -> str:
    ws.need("session", "held_meetings")
    from mappa_desk.services import documents

    pages = 0
    for meeting_id in ws.held_meetings:
        generated = documents.generate_for_meeting(ws.session, meeting_id, ws.folder / "documents" / str(meeting_id))
        for g in generated:
            if g.format == "pdf":
                pages += _check_pdf(g.path)
            else:
                _check_docx(g.path)
        ws.documents.extend(generated)
    kinds = {g.kind for g in ws.documents}
    if kinds != set(DOCUMENT_KINDS):
        raise CheckFailed(f"documents missing: {', '.join(sorted(set(DOCUMENT_KINDS) - kinds))}")
    return (f"{len(ws.documents)} files ({len(kinds)} documents x DOCX and PDF for {len(ws.held_meetings)} "
            f"meetings): every DOCX opens with {MARKING} in its header; every one of {pages} PDF pages says "
            "it, with fonts embedded")


def render_workers(ws: Workspace) -> str:
    ws.need("session", "documents")
    from mappa_desk.documents import render_pool
    from mappa_desk.services import documents, records

    if not render_pool.start():
        return "not used on a computer with one core: documents are rendered in the app's own process"
    try:
        if not render_pool.wait_until_warm(WORKERS_WARM_S) or render_pool.status() != "warm":
            raise CheckFailed(f"the render worker processes did not start ({render_pool.status()})")
        meeting_id = ws.held_meetings[-1]
        individual, meeting = records.load(ws.session, meeting_id)
        again = documents.render_all(individual, meeting, ws.session.profile, ws.folder / "workers", version=1)
        if render_pool.status() != "warm":
            raise CheckFailed(f"a render worker failed while rendering ({render_pool.status()})")
        online = [pid for pid in render_pool.worker_pids() if offline.open_internet_sockets(pid)]
        if online:  # the Network check watches this process only: the workers are looked at here
            raise CheckFailed(f"a render worker holds an internet socket open (process {online[0]})")
    finally:
        render_pool.stop()
    first = {g.path.name: g.sha256 for g in ws.documents}
    differ = [g.path.name for g in again if first.get(g.path.name) != g.sha256]
    if differ:
        raise CheckFailed(f"the workers' files differ from this process's: {', '.join(differ)}")
    return f"{render_pool.WORKERS} worker processes started and rendered {len(again)} files, byte for byte the same"


def interchange_round_trip(ws: Workspace) -> str:
    ws.need("session", "held_meetings")
    from mappa_desk.interchange import files as interchange
    from mappa_desk.interchange.codec import to_plain
    from mappa_desk.services import records

    meeting_id = ws.held_meetings[0]
    _individual, meeting = records.load(ws.session, meeting_id)
    data = records.export_meeting(ws.session, meeting_id)
    _parsed_individual, parsed = interchange.parse(data)  # validated against the JSON schema
    if to_plain(parsed) != to_plain(meeting):
        raise CheckFailed("a meeting exported and read back is not the same")
    return f"a meeting exported ({len(data):,} bytes of JSON), checked against the schema and read back unchanged"


def working_days(ws: Workspace) -> str:
    from mappa_desk.domain.profile import DEFAULT_JURISDICTION, load_profile
    from mappa_desk.domain.working_days import working_calendar

    calendar = working_calendar(ws.session.profile if ws.session else load_profile(DEFAULT_JURISDICTION))
    for day in (_dt.date(2026, 12, 25), _dt.date(2026, 11, 30)):  # Christmas Day; St Andrew's Day (Scotland)
        if calendar.holiday_name(day) is None:
            raise CheckFailed(f"the holiday calendar does not know {dates.long(day)} is a holiday")
    year = _dt.date.today().year
    return (f"{calendar.country}-{calendar.subdivision}: {len(calendar.holidays_in(year))} holidays in {year}, "
            "St Andrew's Day among them")


def backup_and_restore(ws: Workspace) -> str:
    ws.need("session")
    from mappa_desk.services import backup, session as sessions

    made = backup.make_backup(ws.session, ws.folder / "backups")
    counts = ws.session.counts()
    restored_dir = ws.folder / "restored"
    backup.restore(restored_dir, made, ws.passphrase)
    restored = sessions.unlock(restored_dir, ws.passphrase)
    try:
        if restored.counts() != counts:
            raise CheckFailed("the restored vault does not hold what was backed up")
    finally:
        restored.close()
    return f"a backup made and checked ({made.stat().st_size:,} bytes), restored to another folder and opened"


def integrity(ws: Workspace) -> str:
    ws.need("session")
    from mappa_desk.storage import audit

    sound = audit.soundness(ws.session.db)
    if sound.problems:
        raise CheckFailed(f"the integrity check found {len(sound.problems)} problem(s); first: {sound.problems[0]}")
    if not sound.chained:
        raise CheckFailed(sound.broken)
    if sound.missing:
        raise CheckFailed(sound.missing)
    if sound.broken_seals:
        raise CheckFailed(f"{len(sound.broken_seals)} final record(s) changed after they were made final")
    return f"integrity check ok; audit trail of {sound.entries:,} entries, each chained to the one before"


CORE_CHECKS = [
    Check("Files shipped", shipped_files),
    Check("Keyring", keyring_backends),
    Check("Vault", new_vault),
    Check("Demo records", demo_records),
    Check("Lock and unlock", lock_and_unlock),
    Check("Documents", documents_both_formats),
    Check("Render workers", render_workers),
    Check("Interchange", interchange_round_trip),
    Check("Working days", working_days),
    Check("Backup", backup_and_restore),
    Check("Integrity", integrity),
]
