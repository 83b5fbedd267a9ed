"""`mappa-desk` commands for requests for minutes, the disclosure log, the ViSOR export and the statement for a
Mental Health Tribunal."""

from __future__ import annotations

import sys


def add_commands(sub, common) -> dict:
    """Adds this area's sub-parsers (each with `parents=[common]`); returns {command: function(args, secrets)}."""
    p = sub.add_parser("visor-export", parents=[common],
                       help="write a meeting's final Minute and RMP (PDF and DOCX) and a manifest for ViSOR")
    p.add_argument("meeting_id", type=int, metavar="MEETING_ID")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the files and the manifest")
    p.add_argument("--pattern", metavar="PATTERN",
                   help="file names, e.g. '{document}_{individual.file_ref}_{meeting.date_iso}_v{version}' "
                        "(default: visor_file_name in the templates' common.toml)")
    p.add_argument("--accept-changed", action="store_true",
                   help="write the files even if they differ from the final recorded in the vault "
                        "(the manifest says which)")
    p = sub.add_parser("tribunal-statement", parents=[common],
                       help="write the statement for a Mental Health Tribunal of a restricted patient's final meeting "
                            "(its date, level and the group's position on the RMO's recommendation only)")
    p.add_argument("meeting_id", type=int, metavar="MEETING_ID")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the DOCX and PDF files")
    _approval_arguments(p, "the Mental Health Tribunal")
    p = sub.add_parser("request-reply", parents=[common],
                       help="write the reply letter and Executive Summary for a request the chair decided to answer "
                            "with the summary (from the final record)")
    p.add_argument("request_id", type=int, metavar="REQUEST_ID")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the DOCX and PDF files")
    p.add_argument("--salutation", default="", metavar="TEXT",
                   help="how the letter greets the requester, e.g. 'Ms Carrick' (default: the requester's name)")
    _approval_arguments(p, None)
    p = sub.add_parser("requests", parents=[common],
                       help="list an individual's requests for minutes and approvals of onward sharing")
    p.add_argument("individual_id", type=int, metavar="INDIVIDUAL_ID")
    p.add_argument("--csv", metavar="FILE", dest="csv_file", help="also write the log to FILE as CSV")
    return {"visor-export": cmd_visor_export, "tribunal-statement": cmd_tribunal_statement,
            "request-reply": cmd_request_reply, "requests": cmd_requests}


def _approval_arguments(p, default_recipient: str | None) -> None:
    p.add_argument("--approved-by", default="", metavar="NAME",
                   help="the chair who has seen what will leave and approves it: without it the command prints what "
                        "would leave (the text and each file's SHA-256) and writes nothing")
    if default_recipient:
        p.add_argument("--to", default="", metavar="RECIPIENT", dest="recipient",
                       help=f"to whom it goes, for the requests log (default: {default_recipient})")


def _show(release) -> None:
    """What would leave, as the recipient will read it: the files with their SHA-256, then the text of each PDF."""
    print(f"What will leave: {release.what}, to {release.recipient}.")
    for line in release.listing():
        print(f"  {line}")
    print()
    print(release.text)
    print()


def _not_approved(release, command: str) -> int:
    print(f"Nothing was written. To release exactly these files to {release.folder}, the chair who has read them "
          f"runs the command again with --approved-by \"Name\" ({command} ... --approved-by \"Name\"); the approval "
          "is kept in the requests log.", file=sys.stderr)
    return 1


def cmd_visor_export(args, secrets) -> int:
    from mappa_desk import cli
    from mappa_desk.services import visor_export

    from mappa_desk.cli.record import print_blocked
    from mappa_desk.services.lifecycle import ClearanceBlocked

    session = cli._open(args, secrets)
    try:
        exported = visor_export.export_for_visor(session, args.meeting_id, args.out, args.pattern,
                                                 accept_changed=args.accept_changed)
    except ClearanceBlocked as blocked:  # issue 18: the findings, one a line, and nothing written
        print_blocked(blocked, "the final record")
        print("Nothing was written: the ViSOR export takes only a final record that nothing blocks.")
        return 1
    finally:
        session.close()
    print(f"Wrote the final Minute and RMP of meeting {args.meeting_id} to {args.out}:")
    for path in exported:
        print(f"  {path.name}")
    for warning in exported.warnings:
        print(f"Note: {warning}", file=sys.stderr)
    print("These files are not encrypted: handle them as OFFICIAL-SENSITIVE.", file=sys.stderr)
    return 0


def _release(args, secrets, prepare, command: str, wrote: str, handle: str) -> int:
    """Shows what would leave; writes it only with --approved-by (services/release.py keeps the approval)."""
    from mappa_desk import cli
    from mappa_desk.services import release

    session = cli._open(args, secrets)
    try:
        prepared = prepare(session)
        _show(prepared)
        if not args.approved_by.strip():
            return _not_approved(prepared, command)
        generated = release.approve(session, prepared, approved_by=args.approved_by)
    finally:
        session.close()
    print(f"Approved by {' '.join(args.approved_by.split())}: the approval is kept in the requests log.")
    print(f"Wrote {wrote} to {args.out}, recorded as version {generated.version}:")
    for g in generated:
        print(f"  {g.path.name}")
    print(f"These files are not encrypted: handle them as OFFICIAL-SENSITIVE. {handle}", file=sys.stderr)
    return 0


def cmd_tribunal_statement(args, secrets) -> int:
    from mappa_desk.services import documents

    return _release(args, secrets, lambda session: documents.prepare_tribunal_statement(
        session, args.meeting_id, args.out, recipient=args.recipient), "tribunal-statement",
        f"the statement for a Mental Health Tribunal of meeting {args.meeting_id}",
        "Record in the requests log that the statement was sent.")


def cmd_request_reply(args, secrets) -> int:
    from mappa_desk.services import requests

    return _release(args, secrets, lambda session: requests.prepare_for_request(
        session, args.request_id, args.out, salutation=args.salutation), "request-reply",
        f"the reply letter and Executive Summary for request {args.request_id}",
        "Mark the request sent once they have gone.")


def cmd_requests(args, secrets) -> int:
    from mappa_desk import cli
    from mappa_desk.services import requests

    session = cli._open(args, secrets)
    try:
        entries = requests.log_for_individual(session, args.individual_id)
        if args.csv_file:
            requests.export_log(session, args.individual_id, args.csv_file)
    finally:
        session.close()
    if not entries:
        print(f"No requests or sharing approvals are recorded for individual {args.individual_id}.")
    for entry in entries:
        print(f"  {requests.describe(entry)}")
    if args.csv_file:
        print(f"Wrote {len(entries)} entries to {args.csv_file}. It is not encrypted: handle it as "
              "OFFICIAL-SENSITIVE.", file=sys.stderr)
    return 0
