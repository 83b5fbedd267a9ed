"""`mappa-desk backup` and `mappa-desk restore`: an encrypted, checked copy of the vault, and putting one back."""

from __future__ import annotations

import argparse
import sys

from mappa_desk.errors import InvalidInput, UserFacingError, WrongSecret
from mappa_desk.services import backup, restore as restoring, session as sessions

NOT_IN_BACKUPS = "Audio recordings are not kept in backups."


def _count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(f"“{text}” is not a whole number of backups (1 or more)")
    return count


def add_commands(sub, common) -> dict:
    """Adds this area's sub-parsers (each with `parents=[common]`); returns {command: function(args, secrets)}."""
    p = sub.add_parser("backup", parents=[common], help="make an encrypted, checked backup of the vault now",
                       description="Writes mappa-desk-backup-YYYYMMDD-HHMMSS.mdbackup into the backup folder, checks "
                                   "it, then deletes this vault's oldest backups beyond the number to keep (ordered by "
                                   "a number the vault hands out, not by the clock). The backup is restored with the "
                                   f"passphrase the vault has today. {NOT_IN_BACKUPS}")
    p.add_argument("--to", metavar="DIR", help="back up into DIR and remember it as the backup folder")
    p.add_argument("--keep", type=_count, metavar="N",
                   help=f"keep the newest N backups (remembered; default {backup.DEFAULT_KEEP})")
    p = sub.add_parser("restore", parents=[common], help="put a backup in place of the vault (the current one is kept aside)",
                       description="Checks the whole backup first (it opens with its passphrase, is undamaged and is "
                                   "the size its manifest says), says what in the current vault is newer and will be "
                                   "set aside, and asks before it moves the current vault into "
                                   "vault-before-restore-YYYYMMDD-HHMMSS/ in the data folder and puts the backup in "
                                   f"its place. {NOT_IN_BACKUPS} With --passphrase-stdin the lines are: the backup's "
                                   "passphrase; the current vault's, only if that one does not open it (an empty line "
                                   "skips the comparison); then 'yes', unless --yes is given.")
    p.add_argument("file", metavar="FILE", help="a .mdbackup file")
    p.add_argument("--yes", action="store_true", help="restore without asking (for scripts); the comparison is "
                                                      "still printed")
    p.add_argument("--other-vault", action="store_true",
                   help="allow a backup of ANOTHER vault to replace this one (--yes alone does not)")
    sub.add_parser("backups", parents=[common], help="list this vault's backups, newest first, and say which "
                                                    "were made before its key was last changed")
    return {"backup": cmd_backup, "restore": cmd_restore, "backups": cmd_backups}


def cmd_backup(args, secrets) -> int:
    from mappa_desk import cli  # at call time: cli imports this module while building its parser

    session = cli._open(args, secrets)
    try:
        if args.to is not None or args.keep is not None:
            backup.set_backup_settings(session, folder=args.to, keep=args.keep)
        made = backup.make_backup(session)
        folder, keep = backup.backup_folder(session), backup.keep_count(session)
    finally:
        session.close()
    print(f"Backed up to {made} ({made.stat().st_size / 1024:.0f} KB) and checked it. {NOT_IN_BACKUPS}")
    print(f"The newest {keep} backups of this vault are kept in {folder}.")
    if folder.parent == sessions.vault_at(args.data_dir).folder:
        print("They are on the same disk as the vault: they protect against damage, not against losing the laptop. "
              "Choose a folder elsewhere with --to DIR.")
    return 0


def cmd_backups(args, secrets) -> int:
    from mappa_desk import cli  # at call time: cli imports this module while building its parser

    session = cli._open(args, secrets)
    try:
        folder = backup.backup_folder(session)
        current = session.vault.read_keyfile()
    finally:
        session.close()
    listed = backup.listing(folder, current)
    if not listed:
        print(f"There are no backups of this vault in {folder}.")
        return 0
    print(f"Backups of this vault in {folder}, newest first:")
    for row in listed:
        number = f"no. {row.sequence}" if row.sequence else "unnumbered"
        note = ("  made with an EARLIER KEY: opens only with the passphrase of its time" if row.earlier_key
                else "")
        print(f"  {row.path.name}  {number:<12} {row.size / 1024:>9,.0f} KB{note}")
    if any(row.earlier_key for row in listed):
        print("A backup made before `rotate-key` restores the earlier key with it; make a new backup now if "
              "you have not.")
    return 0


def _line(args, secrets, prompt: str) -> str | None:
    """One more answer: a line of standard input (--passphrase-stdin), the terminal, or None if there is none."""
    if args.passphrase_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n") if line else None
    if not sys.stdin.isatty():
        return None
    return input(prompt)


def _current_key(args, secrets, vault, passphrase: str) -> bytes | None:
    """The current vault's key, to count what the restore sets aside: the keyring, the same passphrase, or asked."""
    if not vault.key_path.exists():
        return None
    try:
        if not args.passphrase_stdin:
            key = vault.key_from_keyring()
            if key is not None:
                return key
        return vault.key_from_passphrase(passphrase)
    except WrongSecret:
        pass
    except UserFacingError:
        return None  # a damaged key file: the vault is kept aside whole, uncompared
    try:
        other = (secrets.ask("Passphrase of the current vault (to count what the restore sets aside; "
                             "Enter to skip): ") if not args.passphrase_stdin else _line(args, secrets, ""))
    except InvalidInput:
        other = None
    if not other:
        return None
    try:
        return vault.key_from_passphrase(other)
    except WrongSecret:
        raise WrongSecret("That passphrase doesn't open the current vault either. Nothing was changed.") from None


def cmd_restore(args, secrets) -> int:
    vault = sessions.vault_at(args.data_dir)  # finishes a restore that was interrupted, first
    if vault.recovered:
        print(vault.recovered)
    passphrase = secrets.ask("Passphrase of the backup: ")
    plan = restoring.prepare_restore(args.data_dir, args.file, passphrase)
    try:
        if plan.has_current:
            restoring.compare_with(plan, current_key=_current_key(args, secrets, vault, passphrase))
        print(restoring.describe(plan))
        if plan.other_vault and not args.other_vault:
            raise restoring.OtherVault(f"The backup {plan.backup_file.name} is of another vault, not of the vault in "
                                       f"{plan.folder}. Nothing was changed. To put that vault in place of this one "
                                       "(this one is kept aside, unchanged), run the restore again with --other-vault.")
        if plan.has_current and not args.yes:
            answer = _line(args, secrets, "Type yes to restore: ")
            if answer is None:
                raise InvalidInput("There is no terminal to ask whether to restore. Nothing was changed; add --yes "
                                   "to restore without the question.")
            if answer.strip().lower() not in ("yes", "y"):
                print("Nothing was changed.")
                restoring.discard(plan)
                return 1
    except BaseException:
        restoring.discard(plan)
        raise
    result = restoring.apply_restore(plan, allow_other_vault=args.other_vault)
    print(f"Restored the vault from {result.backup.name}; the restore is written in its audit trail.")
    if result.kept_aside is not None:
        print(f"The vault it replaced is kept, unchanged, in {result.kept_aside}.")
    print("Unlock it with the passphrase the vault had when the backup was made.")
    return 0
