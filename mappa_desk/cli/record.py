"""`mappa-desk` commands for a meeting record's lifecycle and its self-audit (check)."""

from __future__ import annotations

import datetime as _dt

from mappa_desk.domain import dates
from mappa_desk.domain.enums import MEETING_KINDS


def add_commands(sub, common) -> dict:
    """Adds this area's sub-parsers (each with `parents=[common]`); returns {command: function(args, secrets)}."""
    from mappa_desk.cli import add_jurisdiction_option  # here: mappa_desk.cli loads this module
    p = sub.add_parser("check", parents=[common],
                       help="self-audit an interchange file before clearance; exits 1 if something blocks (no vault needed)")
    p.add_argument("file", metavar="MEETING.json")
    add_jurisdiction_option(p, "whose agenda and agencies to check against")
    p = sub.add_parser("record", parents=[common], help="show a meeting record's lifecycle: status, versions, who and when")
    p.add_argument("meeting_id", type=int, metavar="MEETING_ID")
    for name, what in (("clear", "the chair clears the latest draft (refused while the self-audit finds a blocking gap)"),
                       ("circulate", "circulate the cleared draft for comment"),
                       ("final", "write the final documents and make the record final (destroys any audio recording)")):
        p = sub.add_parser(name, parents=[common], help=what)
        p.add_argument("meeting_id", type=int, metavar="MEETING_ID")
        p.add_argument("--by", required=True, metavar="NAME", help="your name, as the record should keep it")
        if name == "final":
            p.add_argument("--out", required=True, metavar="DIR", help="folder for the final DOCX and PDF files")
    return {"check": cmd_check, "record": cmd_record, "clear": cmd_clear, "circulate": cmd_circulate,
            "final": cmd_final}


def _marked(blocking: bool) -> str:
    return "BLOCKS" if blocking else "check "


def cmd_check(args, secrets) -> int:
    from mappa_desk.domain import agenda, completeness
    from mappa_desk.domain.profile import load_profile
    from mappa_desk.interchange import files as interchange

    from mappa_desk.cli import jurisdiction_of
    profile = load_profile(jurisdiction_of(args))
    individual, meeting = interchange.read_for(args.file, profile)
    steps = agenda.load_agenda(profile.jurisdiction)
    titles: dict[str, str] = {}
    for step in steps:
        titles.setdefault(step.panel, step.title)
    gaps = completeness.gaps(meeting, individual, profile, today=_dt.date.today(), steps={s.key: s for s in steps})
    gaps.sort(key=lambda g: not g.blocking)  # blocking first; within each, in agenda order
    # What import refuses, by import's own checks (issue 18 item 2); the contradictions are gaps already.
    refused = _import_refuses(individual, meeting, profile)
    blocking = sum(g.blocking for g in gaps) + len(refused)
    kind = MEETING_KINDS.get(meeting.kind, meeting.kind).lower()
    print(f"Self-audit of the {kind} meeting of {dates.long(meeting.meeting_date)} (Level {meeting.level}): "
          f"{blocking} blocking, {len(gaps) - blocking} to check.")
    for problem in refused:
        print(f"  {_marked(True)}  Import would refuse it: {problem}.")
    for gap in gaps:
        print(f"  {_marked(gap.blocking)}  {titles.get(gap.step, gap.step)}: {gap.text}")
    if blocking:
        print("The record cannot be cleared while something blocks: put each right, then check again.")
        return 1
    print("Nothing blocks clearance." if gaps else "Nothing is missing.")
    return 0


def _import_refuses(individual, meeting, profile) -> list[str]:
    """What `import` would refuse in the file, by the very checks import makes (services.records.file_problems,
    with the profile's agencies for the vault's), less the contradictions the self-audit reports itself."""
    from mappa_desk.domain import consistency_meeting
    from mappa_desk.services import records

    seen = {f"{f.path}: {f.text.rstrip('.')}" for f in consistency_meeting.findings(meeting, profile.agency_name)}
    return [p for p in records.file_problems(records.ProfileAgencies(profile), individual, meeting, profile)
            if p not in seen]


def _local(at: str) -> str:
    when = _dt.datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=_dt.timezone.utc).astimezone()
    return f"{dates.long(when.date().isoformat())}, {when:%H:%M}"


def cmd_record(args, secrets) -> int:
    from mappa_desk.cli import _open
    from mappa_desk.services import lifecycle

    session = _open(args, secrets)
    try:
        state = lifecycle.state(session, args.meeting_id)
    finally:
        session.close()
    print(f"Meeting {args.meeting_id}: {state.status_label}.")
    for event in state.events:
        version = f" (version {event.version})" if event.version else ""
        note = f": {event.note}" if event.note else ""
        print(f"  {_local(event.at)}  {event.label}{version} by {event.by}{note}")
    for addendum in state.addenda:
        print(f"  Addendum {addendum.number}: {addendum.reason}")
    if state.audio_warning:
        print(state.audio_warning)
    print(state.next_step)
    return 0


def print_blocked(blocked, in_what: str = "") -> int:
    """A refusal for blocking self-audit gaps (lifecycle.ClearanceBlocked), one line per finding; returns 1.
    `in_what` names what was audited when it cannot be put right in the cockpit (a file, a final record)."""
    found = f"Refused: the self-audit found {len(blocked.findings)} blocking gap(s)"
    print(f"{found} in {in_what}:" if in_what else f"{found}. Put each right in the cockpit:")
    for finding in blocked.findings:
        print(f"  BLOCKS  {finding.step_title}: {finding.text}")
    return 1


def _step(args, secrets, step) -> int:
    from mappa_desk.cli import _open
    from mappa_desk.services import lifecycle

    session = _open(args, secrets)
    try:
        return step(session)
    except lifecycle.ClearanceBlocked as blocked:
        return print_blocked(blocked)
    finally:
        session.close()


def cmd_clear(args, secrets) -> int:
    from mappa_desk.services import lifecycle

    def step(session):
        version = lifecycle.clear(session, args.meeting_id, args.by)
        print(f"Draft v{version} of meeting {args.meeting_id} is cleared by {args.by.strip()}. Next, circulate it.")
        return 0
    return _step(args, secrets, step)


def cmd_circulate(args, secrets) -> int:
    from mappa_desk.services import lifecycle

    def step(session):
        version = lifecycle.circulate(session, args.meeting_id, args.by)
        print(f"Draft v{version} of meeting {args.meeting_id} is recorded as circulated for comment.")
        return 0
    return _step(args, secrets, step)


def cmd_final(args, secrets) -> int:
    import sys

    from mappa_desk.services import lifecycle

    def step(session):
        result = lifecycle.make_final(session, args.meeting_id, args.by, args.out)
        print(f"Meeting {args.meeting_id} is final (version {result.version}). Wrote {len(result.generated)} files "
              f"to {args.out} and recorded their hashes in the vault:")
        for g in result.generated:
            print(f"  {g.path.name}  sha256 {g.sha256[:16]}…")
        if result.audio_destroyed:
            print("The audio recording was destroyed and its space given back.")
        print("These files are not encrypted: handle them as OFFICIAL-SENSITIVE.", file=sys.stderr)
        return 0
    return _step(args, secrets, step)
