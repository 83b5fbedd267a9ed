"""What Home shows on a benchmark vault, dumped for comparing two checkouts' code (rows, What is due, searches).

    python benchmarks/home_snapshot.py VAULT_FOLDER OUT.pickle [--code REPO]
    python benchmarks/home_snapshot.py --compare A.pickle B.pickle

Dumps, with `--code`'s code (default: this checkout's): the Home rows on three days (every field but an internal
search text, in order), What is due on those days (all items, the first 200 and the first 5, with the counts), and
the ids found by Home's search for ~1,300 terms taken from the vault (names, parts of names, aliases, ViSOR
references and their parts, accents, case, misses). `--compare` says which of them differ. The vault folder is a
working copy from `synthetic_vault.cached_build`; fictional data only; nothing is written.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import pickle
import random
import sys
from pathlib import Path

DAYS = ("2026-12-07", "2026-06-01", "2027-03-15")


def _terms(session, rows: list[dict]) -> list[str]:
    pick = random.Random(7)
    terms = ["", "  ", "a", "e", "zz", "zzzz nobody", "'", "-", "/", "o'", "é", "ciaran", "CIARÁN", "mc", "van der"]
    for row in pick.sample(rows, min(150, len(rows))):
        family, given = row["family_name"] or "", row["given_names"] or ""
        terms += [family, given, row["name"], row["visor_ref"], row["visor_ref"].split("/")[-1], family[:3],
                  f"{family[:2]} {given[:2]}", *row["aliases"]]
    terms += [alias for (alias,) in session.db.query("SELECT alias FROM individual_aliases LIMIT 100")]
    return terms + [term.upper() for term in terms[:60]]


def snapshot(code: Path, vault: str) -> dict:
    sys.path.insert(0, str(code))
    sys.path.insert(0, str(code / "benchmarks"))
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import synthetic_vault
    from mappa_desk.services import due, home, session as sessions

    session = sessions.unlock(vault, synthetic_vault.PASSPHRASE, remember=False)
    found: dict = {}
    for day in DAYS:
        found[("rows", day)] = [{k: v for k, v in row.items() if k != "search_text"}
                                for row in home.individual_rows(session, today=day)]
        for limit in (None, 200, 5):
            listed = due.due_list(session, _dt.date.fromisoformat(day), limit=limit)
            found[("due", day, limit)] = (listed.items, listed.overdue, listed.soon)
    rows = home.individual_rows(session, today=DAYS[0])
    found["terms"] = _terms(session, rows)
    found["search"] = [[row["id"] for row in home.search(rows, term)] for term in found["terms"]]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs=2)
    parser.add_argument("--code", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    if args.compare:
        a, b = (pickle.loads(Path(p).read_bytes()) for p in args.paths)
        differ = sorted(str(key) for key in a.keys() | b.keys() if a.get(key) != b.get(key))
        verdict = "all equal" if not differ else f"differ: {differ}"
        print(f"{len(a)} parts, {len(a['terms'])} search terms: {verdict}")
        sys.exit(1 if differ else 0)
    found = snapshot(Path(args.code).resolve(), args.paths[0])
    Path(args.paths[1]).write_bytes(pickle.dumps(found))
    print(f"{len(found['terms'])} terms, {sum(map(len, found['search']))} found")


if __name__ == "__main__":
    main()
