"""`mappa-desk backup` and `mappa-desk restore`: an encrypted, checked copy of the vault, and putting one back."""

from __future__ import annotations

import argparse

from mappa_desk.services import backup, session as sessions


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
                                   "it, then deletes this vault's oldest backups beyond the number to keep. The backup "
                                   "is restored with the passphrase the vault has today.")
    p.add_argument("--to", metavar="DIR", help="back up into DIR and remember it as the backup folder")
    p.add_argument("--keep", type=_count, metavar="N",
                   help=f"keep the newest N backups (remembered; default {backup.DEFAULT_KEEP})")
    p = sub.add_parser("restore", parents=[common], help="put a backup in place of the vault (the current one is kept aside)",
                       description="Checks that the backup opens with its passphrase and is undamaged, then moves the "
                                   "current vault into vault-before-restore-YYYYMMDD-HHMMSS/ in the data folder and puts "
                                   "the backup in its place. Close MAPPA Desk first.")
    p.add_argument("file", metavar="FILE", help="a .mdbackup file")
    return {"backup": cmd_backup, "restore": cmd_restore}


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
    print(f"Backed up to {made} ({made.stat().st_size / 1024:.0f} KB) and checked it.")
    print(f"The newest {keep} backups of this vault are kept in {folder}.")
    if folder.parent == sessions.vault_at(args.data_dir).folder:
        print("They are on the same disk as the vault: they protect against damage, not against losing the laptop. "
              "Choose a folder elsewhere with --to DIR.")
    return 0


def cmd_restore(args, secrets) -> int:
    result = backup.restore(args.data_dir, args.file, secrets.ask("Passphrase of the backup: "))
    print(f"Restored the vault from {result.backup.name}.")
    if result.kept_aside is not None:
        print(f"The vault it replaced is kept, unchanged, in {result.kept_aside}.")
    print("Unlock it with the passphrase the vault had when the backup was made.")
    return 0
