"""SQL lives only under mappa_desk/storage/: the UI and the services neither write SQL nor call the database's
query methods (issue 16). They open transactions (`db.transaction()`) and call storage functions."""

import ast
import re
from pathlib import Path

import mappa_desk
import ui

ROOT = Path(mappa_desk.__file__).parent.parent
SCANNED = [Path(ui.__file__).parent, ROOT / "mappa_desk" / "services"]
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
                 r"CREATE\s+(TABLE|INDEX|TRIGGER|VIEW)|DROP\s+(TABLE|INDEX|TRIGGER|VIEW)|PRAGMA\s)", re.S | re.I)
QUERY_METHODS = frozenset({"execute", "executemany", "executescript", "query", "rows", "scalar"})
# Files not yet moved over; this list only ever shrinks, and is empty when issue 16 is done.
NOT_YET: set[str] = {
    "ui/cockpit/controller.py",
    "mappa_desk/services/anchors.py",
    "mappa_desk/services/cockpit.py",
    "mappa_desk/services/documents.py",
    "mappa_desk/services/due.py",
    "mappa_desk/services/editing.py",
    "mappa_desk/services/fulltext.py",
    "mappa_desk/services/home.py",
    "mappa_desk/services/individuals.py",
    "mappa_desk/services/lifecycle.py",
    "mappa_desk/services/new_meeting.py",
    "mappa_desk/services/record_events.py",
    "mappa_desk/services/records.py",
    "mappa_desk/services/requests.py",
    "mappa_desk/services/resume.py",
    "mappa_desk/services/session.py",
}


def offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
            found.append(f"line {node.lineno}: SQL text")
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in QUERY_METHODS and _looks_like_database(node.func.value)):
            found.append(f"line {node.lineno}: .{node.func.attr}() on the database")
    return found


def _looks_like_database(node: ast.AST) -> bool:
    """`db.x(...)`, `self.db.x(...)`, `session.db.x(...)`, `conn.x(...)`: a name that holds a connection."""
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return name in ("db", "conn", "connection", "database", "_db", "_conn")


def test_no_sql_outside_storage():
    seen, bad = set(), []
    for folder in SCANNED:
        for path in sorted(folder.rglob("*.py")):
            rel = str(path.relative_to(ROOT))
            seen.add(rel)
            found = offences(path)
            if found and rel not in NOT_YET:
                bad.append(f"{rel}: " + "; ".join(found[:3]))
            if not found and rel in NOT_YET:
                bad.append(f"{rel} is clean now: take it off NOT_YET")
    assert not (NOT_YET - seen), NOT_YET - seen
    assert bad == []


def test_the_scan_catches_sql_and_database_calls(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('def f(db, session):\n    db.query("SELECT id FROM meetings WHERE uid = ?", (1,))\n'
                   '    session.db.scalar(sql)\n    x = "update risks set kind = 1"\n'
                   '    with session.db.transaction():\n        pass\n')
    assert sorted(offences(bad)) == ["line 2: .query() on the database", "line 2: SQL text",
                                     "line 3: .scalar() on the database", "line 4: SQL text"]
