"""The `mappa-desk` commands: init, demo, list, export, import, render, docs, doctor, and passphrase care.

With no command, `ui.launcher` opens the desktop app instead; this package never
imports the Qt layer. The commands of the record's later life are in its other
modules, one per area (COMMAND_MODULES).
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import json
import sys
import traceback

from mappa_desk import __version__, paths
from mappa_desk.cli import progress_lines
from mappa_desk.errors import InvalidInput, UserFacingError
from mappa_desk.files import refuse_inside_vault
from mappa_desk.interchange import files as interchange
from mappa_desk.domain import dates
from mappa_desk.domain.profile import DEFAULT_JURISDICTION, has_jurisdiction, load_profile
from mappa_desk.services import anchors, clearance_gate, documents, individual_follows, records, session as sessions
from mappa_desk.storage import audit, review_clock
from mappa_desk.vault import keyring_cache
from mappa_desk.vault import lock as vault_lock
from mappa_desk.vault.keyfile import check_new_passphrase, new_recovery_key


def _common_options(default) -> argparse.ArgumentParser:
    # The options go before or after the command; the command's copy must not
    # reset what was given before it, hence SUPPRESS there.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=default(None),
                        help=f"vault folder (default: ${paths.DATA_DIR_ENV} or your user data folder)")
    common.add_argument("--passphrase-stdin", action="store_true", default=default(False),
                        help="read the passphrase (and any new one) from standard input, one per line")
    return common


def _parser() -> argparse.ArgumentParser:
    common = _common_options(lambda value: argparse.SUPPRESS)
    parser = argparse.ArgumentParser(prog="mappa-desk", parents=[_common_options(lambda value: value)],
                                     description="MAPPA Desk: the encrypted meeting record for MAPPA Level 2 and 3 meetings. "
                                                 "With no command, opens the desktop app.",
                                     epilog="`mappa-desk --self-test` checks this installation: it makes a vault of "
                                            "fictional records in a temporary folder, works through it, removes it "
                                            "and exits with 0 only if everything worked.")
    parser.add_argument("--version", action="version", version=f"MAPPA Desk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = sub.add_parser("init", parents=[common], help="create a new vault and show its recovery key once")
    add_jurisdiction_option(p, "the vault's jurisdiction, recorded in it for good")
    sub.add_parser("demo", parents=[common], help="add fictional demo records to the vault")
    p = sub.add_parser("list", parents=[common], help="list individuals and meetings with their ids")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p = sub.add_parser("export", parents=[common], help="write one meeting as an interchange file (plain JSON)")
    p.add_argument("meeting_id", type=int, metavar="MEETING_ID")
    p.add_argument("--json", nargs="?", const="-", required=True, metavar="FILE", dest="json_file",
                   help="write JSON (the only format) to FILE, or to standard output when FILE is left out")
    p = sub.add_parser("import", parents=[common], help="add a meeting from an interchange file")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--update-individual", action="store_true",
                   help="take the file's details of an individual already in the vault (audited)")
    p = sub.add_parser("render", parents=[common], help="render the documents of an interchange file (no vault needed)")
    p.add_argument("file", metavar="MEETING.json")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the DOCX and PDF files")
    p.add_argument("--final", action="store_true", help="the final version: no DRAFT mark")
    add_jurisdiction_option(p, "whose templates, agencies and DOCX styles to use")
    p = sub.add_parser("docs", parents=[common], help="generate a meeting's documents from the vault")
    p.add_argument("meeting_id", type=int, metavar="MEETING_ID")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the DOCX and PDF files")
    p.add_argument("--final", action="store_true", help=argparse.SUPPRESS)  # replaced by `final`: says so
    p = sub.add_parser("doctor", parents=[common],
                       help="check the vault: versions, keyring, integrity, audit trail, final records")
    p.add_argument("--anchor", action="append", default=[], metavar="FILE",
                   help="also compare the audit trail with this backup or ViSOR export manifest (repeatable)")
    rotate_help = ("also change the database key itself, with a new recovery key (recommended if a passphrase, "
                   "recovery key or key file may have been seen); without it the key is only re-wrapped")
    for name, text in (("change-passphrase", "set a new passphrase"),
                       ("recover", "use the recovery key to set a new passphrase"),
                       ("new-recovery-key", "replace the recovery key (the old one stops working once the new one "
                                            "is typed back)")):
        p = sub.add_parser(name, parents=[common], help=text)
        p.add_argument("--rotate", action=argparse.BooleanOptionalAction, default=None, help=rotate_help)
    sub.add_parser("rotate-key", parents=[common],
                   help="change the database key itself, with a new recovery key: no earlier key file, "
                        "recovery key or backup's key file opens the vault afterwards")
    for name in COMMAND_MODULES:
        COMMANDS.update(importlib.import_module(name).add_commands(sub, common))
    return parser


class _Secrets:
    """Reads secrets from stdin lines (--passphrase-stdin) or asks on the terminal."""

    def __init__(self, from_stdin: bool):
        self.from_stdin = from_stdin

    def ask(self, prompt: str) -> str:
        if self.from_stdin:
            sys.stdout.flush()  # a script answering line by line must see what it answers (a new recovery key)
            line = sys.stdin.readline()
            if not line:
                raise InvalidInput("Expected a passphrase on standard input, one per line, but found none.")
            return line.rstrip("\r\n")
        if not sys.stdin.isatty():
            raise InvalidInput("There is no terminal to ask for the passphrase. Use --passphrase-stdin to pass it on standard input.")
        return getpass.getpass(prompt)

    def new_passphrase(self, what: str = "New passphrase") -> str:
        first = self.ask(f"{what}: ")
        check_new_passphrase(first)
        if not self.from_stdin and self.ask("Type it again: ") != first:
            raise InvalidInput("The two passphrases are different. Nothing was changed; try again.")
        return first


def add_jurisdiction_option(parser, what: str) -> None:
    parser.add_argument("--jurisdiction", default=DEFAULT_JURISDICTION, metavar="NAME",
                        help=f"a folder under templates/: {what} (default: {DEFAULT_JURISDICTION})")


def jurisdiction_of(args) -> str:
    """The --jurisdiction of a command that works without a vault (or creates one), if this installation has it."""
    if not has_jurisdiction(args.jurisdiction):
        raise InvalidInput(f"This MAPPA Desk does not have the jurisdiction '{args.jurisdiction}' "
                           f"(templates/{args.jurisdiction}). Nothing was done.")
    return args.jurisdiction


def _open(args, secrets: _Secrets) -> sessions.Session:
    """The vault, unlocked; an older vault is upgraded first, saying so on standard error (Ctrl+C stops it)."""
    if not args.passphrase_stdin:
        remembered = sessions.unlock_from_keyring(args.data_dir, progress=progress_lines.upgrade_lines())
        if remembered is not None:
            return remembered
    vault = sessions.vault_at(args.data_dir)
    vault.read_keyfile()  # say "no vault here" before asking for a passphrase
    return sessions.unlock(args.data_dir, secrets.ask("Passphrase: "), progress=progress_lines.upgrade_lines())


def cmd_init(args, secrets: _Secrets) -> int:
    vault = sessions.vault_at(args.data_dir)
    if vault.exists():
        raise UserFacingError(f"There is already a vault in {vault.folder}. Nothing was changed.")
    jurisdiction = jurisdiction_of(args)
    recovery_key, session = sessions.create(args.data_dir, secrets.new_passphrase("Choose a passphrase"),
                                            jurisdiction=jurisdiction)
    session.close()
    print(f"Created a new vault in {vault.folder}.")
    print()
    print("Your recovery key (shown only this once):")
    print()
    print(f"    {recovery_key}")
    print()
    print("Write it down and keep it somewhere safe, away from this laptop. With it you can")
    print("set a new passphrase if you forget yours; without both, nobody can open the vault.")
    return 0


def cmd_demo(args, secrets: _Secrets) -> int:
    if not sessions.vault_at(args.data_dir).exists():
        print("There is no vault here yet, so one is created first.")
        cmd_init(args, secrets)
        print()
    session = _open(args, secrets)
    try:
        added = records.load_demo(session)
        counts = session.counts()
    finally:
        session.close()
    print(f"Added fictional demo records for {added} individuals. The vault now holds "
          f"{counts['individuals']} individuals and {counts['meetings']} meetings.")
    return 0


def cmd_list(args, secrets: _Secrets) -> int:
    session = _open(args, secrets)
    try:
        listing = records.list_records(session)
    finally:
        session.close()
    if args.json:
        print(json.dumps(listing, indent=2, ensure_ascii=False))
        return 0
    print("Individuals")
    for ind in listing["individuals"]:
        print(f"  {ind['id']:>5}  {ind['name']:<32} {ind['visor_ref'] or '-':<12} category {ind['category']}  "
              f"level {ind['level']}  lead {ind['lead_agency'] or '-'}")
    print("Meetings")
    for mt in listing["meetings"]:
        print(f"  {mt['id']:>5}  {mt['date']}  individual {mt['individual_id']:>5}  {mt['kind']:<8} level {mt['level']}  "
              f"{mt['status']:<11} review by {mt['review_date'] or '-'}")
    return 0


def cmd_export(args, secrets: _Secrets) -> int:
    if args.json_file != "-":
        refuse_inside_vault(args.json_file, paths.data_dir(args.data_dir), "the export")
    session = _open(args, secrets)
    try:
        data = records.export_meeting(session, args.meeting_id)
    finally:
        session.close()
    if args.json_file != "-":
        interchange.write(args.json_file, data)
        print(f"Wrote meeting {args.meeting_id} to {args.json_file}. It is not encrypted: handle it as OFFICIAL-SENSITIVE.",
              file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def cmd_import(args, secrets: _Secrets) -> int:
    individual, meeting = interchange.read(args.file)  # validate before asking for anything
    session = _open(args, secrets)
    try:
        result = records.import_meeting(session, individual, meeting, update_individual=args.update_individual)
    finally:
        session.close()
    who = "a new individual" if result.individual_created else "an individual already in the vault"
    print(f"Imported the meeting of {dates.long(meeting.meeting_date)} as meeting {result.meeting_id}, for {who} "
          f"(id {result.individual_id}).")
    if result.individual_updated:
        print(f"The individual's details were updated from the file: {', '.join(result.individual_updated)}.")
    if result.individual_kept:
        print(f"The file holds other details of the individual than the vault ({', '.join(result.individual_kept)}); "
              "the vault's were kept. If the file's are right, edit the individual's details.")
    if result.status_not_taken:
        print(result.status_not_taken)
    if result.individual_followed:
        print(individual_follows.sentence(list(result.individual_followed), meeting))
    return 0


def _print_generated(generated) -> None:
    for g in generated:
        print(f"  {g.path.name}  sha256 {g.sha256[:16]}…")
    print("These files are not encrypted: handle them as OFFICIAL-SENSITIVE.", file=sys.stderr)


def cmd_render(args, secrets: _Secrets) -> int:
    refuse_inside_vault(args.out, paths.data_dir(args.data_dir), "the documents")
    profile = load_profile(jurisdiction_of(args))
    individual, meeting = interchange.read_for(args.file, profile)
    if args.final:  # no `_FINAL` name appears unless every file was written
        from mappa_desk.cli.record import print_blocked
        from mappa_desk.services.lifecycle import ClearanceBlocked
        try:  # issue 18: no final of a record the self-audit blocks
            clearance_gate.refuse_file_if_blocked(individual, meeting, profile, "rendered as final")
        except ClearanceBlocked as blocked:
            print_blocked(blocked, "the file")
            print("Nothing was written: a final is made only of a record that nothing blocks.")
            return 1
        generated = documents.render_final_from_file(individual, meeting, profile, args.out)
    else:
        generated = documents.render_all(individual, meeting, profile, args.out, version=1)
    print(f"Wrote {len(generated)} files to {args.out}:")
    _print_generated(generated)
    return 0


def cmd_docs(args, secrets: _Secrets) -> int:
    if args.final:
        # The final goes through the record's lifecycle (self-audit, clearance, circulation, audio destroyed).
        raise InvalidInput("A final is made with `mappa-desk final MEETING_ID --by NAME --out DIR`, once the chair "
                           "has cleared the draft and it has been circulated; `docs` writes drafts. Nothing was written.")
    session = _open(args, secrets)
    try:
        generated = documents.generate_for_meeting(session, args.meeting_id, args.out, final=args.final)
    finally:
        session.close()
    print(f"Wrote {len(generated)} files to {args.out} and recorded their hashes in the vault:")
    _print_generated(generated)
    return 0


def cmd_doctor(args, secrets: _Secrets) -> int:
    vault = sessions.vault_at(args.data_dir)
    print(f"Data folder:     {vault.folder}")
    usable = keyring_cache.available()
    print(f"Keyring backend: {keyring_cache.backend_name()} ({'usable' if usable else 'none usable: unlock with the passphrase'})")
    session = _open(args, secrets)
    try:
        db = session.db
        print(f"SQLCipher:       {db.cipher_version()}")
        print(f"Schema version:  {db.schema_version}", flush=True)
        # Read only: Ctrl+C stops the statement under way (storage.progress) and main() says "cancelled".
        lines = progress_lines.StageLines()
        with db.watched(tick=lines.alive):
            sound = audit.soundness(db, lines)
            anchored = anchors.check(session, args.anchor) if not sound.problems else None
            unnamed = db.scalar("SELECT count(*) FROM settings WHERE key LIKE ?", (f"{documents.PENDING_SETTING}%",))
            out_of_step = review_clock.differences(db) if not sound.problems else 0
    finally:
        session.close()
    if sound.problems:
        print(f"Integrity check: FAILED ({len(sound.problems)} problem(s)); first: {sound.problems[0]}")
        print("Restore the vault from your latest backup, or ask your MAPPA co-ordinator for help.")
        return 1
    print("Integrity check: ok")
    failed = False
    if not sound.chained:
        print(f"Audit trail:     BROKEN. {sound.broken}")
        failed = True
    elif sound.missing:
        print(f"Audit trail:     INCOMPLETE. {sound.missing}")
        failed = True
    else:
        print(f"Audit trail:     ok ({sound.entries} entries, each chained to the one before)")
    if anchored.problems:
        print(f"Anchors:         FAILED. {' '.join(anchored.problems)}")
        failed = True
    elif anchored.newest is not None:
        newest = anchored.newest
        print(f"Anchors:         ok ({anchored.checked - anchored.set_aside} checked; the newest, entry "
              f"{newest.last_id} from {newest.source}, is held)")
    else:
        print("Anchors:         none yet (a backup or a ViSOR export writes one)")
    if anchored.set_aside:
        print(f"                 {anchored.set_aside} anchor(s) of the vault set aside by a restore were not compared")
    if sound.broken_seals:
        named = "; ".join(f"meeting {meeting_id} of {date}" for meeting_id, date in sound.broken_seals)
        print(f"Final records:   CHANGED after they were made final: {named}")
        failed = True
    else:
        unsealed = (f"; {sound.unsealed} made final before seals existed or imported, not sealed"
                    if sound.unsealed else "")
        print(f"Final records:   ok ({sound.sealed} sealed, each unchanged since it was made final{unsealed})")
    if unnamed:
        print(f"                 {unnamed} final(s) whose files are still under temporary names: their folder could not "
              "be reached at unlock; connect it and unlock again")
    if out_of_step:
        print(f"Review dates:    OUT OF STEP with the meetings for {out_of_step} individual(s): Home and What is due "
              "would show a wrong review date")
        failed = True
    else:
        print("Review dates:    ok (each individual's, as Home lists it, is the one their latest held meeting set)")
    if failed:
        print("Keep this vault as it is, do not edit it, and tell your MAPPA co-ordinator.")
        return 1
    return 0


_KEY_NOT_CHANGED = ("The database key itself was not changed: a copy of the old key file (in a backup, say) still "
                    "opens the vault with the old {what}. Run `mappa-desk rotate-key` if it may have been seen.")


def _wants_rotation(args, secrets: _Secrets) -> bool:
    """--rotate / --no-rotate decide; otherwise ask at a terminal, and do not rotate in a script."""
    if args.rotate is not None:
        return args.rotate
    if secrets.from_stdin or not sys.stdin.isatty():
        return False
    answer = input("Also change the database key itself? Recommended if your passphrase, recovery key or a copy "
                   "of the key file may have been seen. It takes a moment and gives you a new recovery key. [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def _new_recovery_key_confirmed(secrets: _Secrets) -> tuple[str, str]:
    """Show a new recovery key and have it typed back; the old one works until then."""
    recovery_key = new_recovery_key()
    print("Your new recovery key (shown only this once):")
    print()
    print(f"    {recovery_key}")
    print()
    print("Write it down and keep it somewhere safe, away from this laptop. The old recovery key keeps working "
          "until you have typed the new one back.")
    return recovery_key, secrets.ask("Type the new recovery key to confirm: ")


def _progress_printer():
    shown = set()

    def progress(fraction: float, text: str) -> None:
        tenth = int(fraction * 10)
        if tenth not in shown:
            shown.add(tenth)
            print(f"  {text} {tenth * 10}%", file=sys.stderr, flush=True)
    return progress


def _rotate(vault, key: bytes, passphrase: str, secrets: _Secrets) -> None:
    recovery_key, confirmation = _new_recovery_key_confirmed(secrets)
    rotated = vault.rotate_key(key, passphrase, recovery_key, confirmation, progress=_progress_printer())
    print(f"The vault's key has been changed (in {rotated.seconds:.1f} s). Only your passphrase and the new recovery "
          "key open it now; older key files, older recovery keys and backups made before now do not open it "
          "(the backups still open with the passphrase and recovery key of their time).")


def cmd_change_passphrase(args, secrets: _Secrets) -> int:
    vault = sessions.vault_at(args.data_dir)
    key = vault.key_from_passphrase(secrets.ask("Current passphrase: "))
    new = secrets.new_passphrase()
    if _wants_rotation(args, secrets):
        _rotate(vault, key, new, secrets)
        return 0
    vault.change_passphrase(key, new)
    print("Passphrase changed. The recovery key still works; the old passphrase does not open this key file.")
    print(_KEY_NOT_CHANGED.format(what="passphrase"))
    return 0


def cmd_recover(args, secrets: _Secrets) -> int:
    vault = sessions.vault_at(args.data_dir)
    key = vault.key_from_recovery(secrets.ask("Recovery key: "))
    new = secrets.new_passphrase()
    if _wants_rotation(args, secrets):
        _rotate(vault, key, new, secrets)
        return 0
    vault.change_passphrase(key, new)
    print("New passphrase set. Consider `mappa-desk rotate-key` if the recovery key or the old passphrase may have "
          "been seen.")
    return 0


def cmd_new_recovery_key(args, secrets: _Secrets) -> int:
    vault = sessions.vault_at(args.data_dir)
    passphrase = secrets.ask("Passphrase: ")
    key = vault.key_from_passphrase(passphrase)
    if _wants_rotation(args, secrets):
        _rotate(vault, key, passphrase, secrets)
        return 0
    recovery_key, confirmation = _new_recovery_key_confirmed(secrets)
    vault.replace_recovery_key(key, recovery_key, confirmation)
    print("The new recovery key is in place; the old one no longer works with this key file.")
    print(_KEY_NOT_CHANGED.format(what="recovery key"))
    return 0


def cmd_rotate_key(args, secrets: _Secrets) -> int:
    vault = sessions.vault_at(args.data_dir)
    passphrase = secrets.ask("Passphrase: ")
    key = vault.key_from_passphrase(passphrase)
    _rotate(vault, key, passphrase, secrets)
    return 0


# Commands of the record's later life live in a module per area (what is due, the record's lifecycle,
# requests and ViSOR export, backups, handover, searching the minutes), each adding its sub-parsers and
# entries to COMMANDS.
COMMAND_MODULES = ("mappa_desk.cli.due", "mappa_desk.cli.record", "mappa_desk.cli.requests", "mappa_desk.cli.backup",
                   "mappa_desk.cli.handover", "mappa_desk.cli.search")

COMMANDS = {
    "init": cmd_init, "demo": cmd_demo, "list": cmd_list, "export": cmd_export, "import": cmd_import,
    "render": cmd_render, "docs": cmd_docs, "doctor": cmd_doctor,
    "change-passphrase": cmd_change_passphrase, "recover": cmd_recover,
    "new-recovery-key": cmd_new_recovery_key, "rotate-key": cmd_rotate_key,
}


# Commands that never touch a data folder; every other one runs under the vault's lock (vault/lock.py),
# so a second window or command on the same vault is refused with a sentence and changes nothing.
WITHOUT_VAULT = frozenset({"render", "check"})
# Commands that may make the vault (and so its folder): the others say "no vault here" without making one.
MAY_CREATE = frozenset({"init", "demo", "restore"})


def _hold_vault(args) -> vault_lock.Hold | None:
    if args.command in WITHOUT_VAULT:
        return None
    vault = sessions.vault_at(args.data_dir)
    if args.command not in MAY_CREATE and not vault.folder.exists():
        vault.read_keyfile()  # "There is no vault in … yet"
    return vault_lock.acquire(vault.folder, vault_lock.COMMAND, args.command)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        print("No command given. Run `mappa-desk --help`; `mappa-desk` with no command opens the desktop app.",
              file=sys.stderr)
        return 2
    try:
        hold = _hold_vault(args)
        try:
            return COMMANDS[args.command](args, _Secrets(args.passphrase_stdin))
        finally:
            if hold is not None:
                hold.release()
    except UserFacingError as err:
        print(f"mappa-desk: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("\nmappa-desk: cancelled; nothing was changed.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The output went to a program that stopped reading (`mappa-desk due | head`): not an error.
        sys.stderr.close()
        return 0
    except Exception as err:  # a bug: say so plainly, without the data in the message
        print("mappa-desk: something went wrong that MAPPA Desk did not expect. Nothing you had saved was lost. "
              "Please report it with these details:", file=sys.stderr)
        print(f"  {type(err).__name__}", file=sys.stderr)
        for frame in traceback.extract_tb(err.__traceback__):
            print(f"  {frame.filename}:{frame.lineno} in {frame.name}", file=sys.stderr)
        return 70

