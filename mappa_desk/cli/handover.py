"""`mappa-desk` commands for the encrypted handover of a meeting, or an individual's history, between laptops."""

from __future__ import annotations

from mappa_desk.services import handover


def add_commands(sub, common) -> dict:
    """Adds this area's sub-parsers (each with `parents=[common]`); returns {command: function(args, secrets)}."""
    p = sub.add_parser("handover-export", parents=[common],
                       help="export one meeting (or the individual's whole history) as one encrypted file",
                       description="Writes one encrypted file to hand a meeting to another laptop (the chair's, the "
                                   "minute-taker's, the co-ordinator's). You are asked for your vault passphrase, "
                                   "then for a handover passphrase of at least 10 characters that you agree with the "
                                   "person receiving the file; tell it to them another way than the file travels. "
                                   "With --passphrase-stdin, give the vault passphrase then the handover passphrase, "
                                   "one a line.")
    p.add_argument("meeting_id", type=int, metavar="MEETING_ID", help="the meeting (see `mappa-desk list`)")
    p.add_argument("--out", required=True, metavar="FILE",
                   help=f"the file to write, or a folder to write handover-YYYYMMDD-HHMMSS{handover.SUFFIX} in")
    p.add_argument("--individual", action="store_true",
                   help="export every meeting of this meeting's individual, not just this one")

    p = sub.add_parser("handover-import", parents=[common],
                       help="import an encrypted handover file (never overwrites a newer version here)",
                       description="Reads a handover file with the passphrase agreed with the sender, and imports "
                                   "it in one step: meetings new here are added, meetings changed only on the "
                                   "sending laptop replace yours, and meetings changed here since, or final here, "
                                   "are kept and named. A changed or damaged file is refused and nothing is written.")
    p.add_argument("file", metavar="FILE", help=f"the {handover.SUFFIX} file")
    p.add_argument("--preview", action="store_true", help="only say what the file brings and what importing would do")
    return {"handover-export": cmd_handover_export, "handover-import": cmd_handover_import}


def cmd_handover_export(args, secrets) -> int:
    from mappa_desk import cli  # at call time: cli imports this module while building its parser

    session = cli._open(args, secrets)
    try:
        passphrase = secrets.new_passphrase("Handover passphrase (agree it with the person receiving the file)")
        path = handover.export_handover(session, args.meeting_id, args.out, passphrase,
                                        whole_history=args.individual)
    finally:
        session.close()
    what = "the individual's whole history" if args.individual else f"meeting {args.meeting_id}"
    print(f"Wrote {what}, encrypted, to {path}.")
    print("Tell the receiver the handover passphrase another way than the file travels (by phone, not in the email).")
    return 0


def cmd_handover_import(args, secrets) -> int:
    from mappa_desk import cli

    session = cli._open(args, secrets)
    try:
        passphrase = secrets.ask("Handover passphrase: ")
        if args.preview:
            for line in handover.preview(args.file, passphrase, session).sentences():
                print(line)
            print("Nothing was imported (preview only).")
            return 0
        result = handover.import_handover(session, args.file, passphrase)
    finally:
        session.close()
    for line in result.sentences():
        print(line)
    return 0
