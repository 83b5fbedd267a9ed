"""`mappa-desk` commands for what is due: reviews, drafts, finals, OLR reviews and actions past their date."""

from __future__ import annotations

import argparse
import datetime as _dt
import json

from mappa_desk.domain import dates
from mappa_desk.services import due


def _day(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date written YYYY-MM-DD, e.g. 2026-11-21") from None


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = -1
    if days < 0:
        raise argparse.ArgumentTypeError(f"“{text}” is not a whole number of days (0 or more)")
    return days


def add_commands(sub, common) -> dict:
    """Adds this area's sub-parsers (each with `parents=[common]`); returns {command: function(args, secrets)}."""
    p = sub.add_parser("due", parents=[common], help="list what is overdue and what is due soon, most urgent first",
                       description="Reviews, OLR reviews, draft and final Minutes and RMPs, initial meetings after "
                                   "referral and open actions that are overdue or due soon, most urgent first. "
                                   "Working days skip weekends and Scottish public and local holidays.")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--today", type=_day, metavar="YYYY-MM-DD",
                   help="count from this day instead of today (to plan ahead, or look back)")
    p.add_argument("--days", type=_days, default=due.DUE_SOON_DAYS, metavar="N",
                   help=f"'due soon' means due within N days (default {due.DUE_SOON_DAYS})")
    return {"due": cmd_due}


def cmd_due(args, secrets) -> int:
    from mappa_desk import cli  # at call time: cli imports this module while building its parser

    today = args.today or _dt.date.today()
    session = cli._open(args, secrets)
    try:
        items = due.due_items(session, today, args.days)
    finally:
        session.close()
    due_by = today + _dt.timedelta(days=args.days)
    if args.json:
        print(json.dumps({"today": today.isoformat(), "soon_days": args.days, "due_by": due_by.isoformat(),
                          "items": [item.to_json() for item in items]}, indent=2, ensure_ascii=False))
        return 0
    print(f"What is due on {dates.long(today)}: overdue, and due by {dates.long(due_by)}.")
    if not items:
        print()
        print("Nothing is overdue or due soon.")
        return 0
    for heading, part in (("Overdue", [i for i in items if i.overdue]),
                          ("Due soon", [i for i in items if not i.overdue])):
        print()
        print(f"{heading} ({len(part)})" if part else f"{heading}: nothing")
        for item in part:
            who = f"{item.individual_name} ({item.visor_ref})" if item.visor_ref else item.individual_name
            print(f"  {dates.short(item.due):>11}  {_when(item.days):<14}  {who}: {item.sentence}")
    return 0


def _when(days: int) -> str:
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} late"
    if days == 0:
        return "today"
    return f"in {days} day{'s' if days != 1 else ''}"
