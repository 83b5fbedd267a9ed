"""`mappa-desk search-minutes`: full-text search across the text of every meeting's Minute."""

from __future__ import annotations

import argparse
import datetime as _dt
import json

from mappa_desk.domain import dates
from mappa_desk.services import fulltext


def _limit(text: str) -> int:
    try:
        limit = int(text)
    except ValueError:
        limit = 0
    if not 1 <= limit <= 1000:
        raise argparse.ArgumentTypeError(f"“{text}” is not a whole number from 1 to 1000")
    return limit


def add_commands(sub, common) -> dict:
    """Adds this area's sub-parsers (each with `parents=[common]`); returns {command: function(args, secrets)}."""
    p = sub.add_parser("search-minutes", parents=[common], help="find words in the minutes, newest meeting first",
                       description="Lists the parts of the minutes that hold every word given (each word also "
                                   "finds longer words it begins, from three letters on; case and accents do not "
                                   "matter), newest meeting first. The output holds case material: handle it as "
                                   "OFFICIAL-SENSITIVE.")
    p.add_argument("text", nargs="+", metavar="TEXT", help="the words to find")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--limit", type=_limit, default=fulltext.DEFAULT_LIMIT, metavar="N",
                   help=f"show at most N results (default {fulltext.DEFAULT_LIMIT})")
    return {"search-minutes": cmd_search_minutes}


def cmd_search_minutes(args, secrets) -> int:
    from mappa_desk import cli  # at call time: cli imports this module while building its parser

    text = " ".join(args.text)
    if not fulltext.words_of(text):
        if args.json:
            return _print_json(text, [])
        print("There is no word to search for: give at least one word of letters or digits.")
        return 0
    session = cli._open(args, secrets)
    try:
        hits = fulltext.search_minutes(session, text, args.limit)
    finally:
        session.close()
    if args.json:
        return _print_json(text, hits)
    if not hits:
        print(f"No part of any Minute holds every word of “{text}”.")
        return 0
    more = "; there may be more: raise --limit to see them" if len(hits) == args.limit else ""
    print(f"{len(hits)} result{'s' if len(hits) != 1 else ''} for “{text}”, newest meeting first{more}:")
    for hit in hits:
        who = f"{hit.name} ({hit.visor_ref})" if hit.visor_ref else hit.name
        print()
        day = dates.short(_dt.date.fromisoformat(hit.meeting_date))
        print(f"  {day:>11}  {who}, meeting {hit.meeting_id}: {hit.where}")
        print(f"               {hit.marked()}")
    return 0


def _print_json(text: str, hits: list) -> int:
    print(json.dumps({"query": text, "results": [hit.to_json() for hit in hits]}, indent=2, ensure_ascii=False))
    return 0
