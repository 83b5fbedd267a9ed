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
    return bool(re.fullmatch(r"_?(db|conn)\w*|connection|database", name))


def test_no_sql_outside_storage():
    bad, scanned = [], 0
    for folder in SCANNED:
        for path in sorted(folder.rglob("*.py")):
            scanned += 1
            found = offences(path)
            if found:
                bad.append(f"{path.relative_to(ROOT)}: " + "; ".join(found[:3]))
    assert scanned > 50
    assert bad == []


def test_the_scan_catches_sql_and_database_calls(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('def f(db, session):\n    db.query("SELECT id FROM meetings WHERE uid = ?", (1,))\n'
                   '    session.db.scalar(sql)\n    db_.rows(sql)\n    x = "update risks set kind = 1"\n'
                   '    with session.db.transaction():\n        pass\n')
    assert sorted(offences(bad)) == ["line 2: .query() on the database", "line 2: SQL text",
                                     "line 3: .scalar() on the database", "line 4: .rows() on the database",
                                     "line 5: SQL text"]
