"""The full-text index's views and triggers, generated from the record's declarations (`Field.searchable`).

The index itself (the `minutes_fts` table, its tokenizer and secure-delete) is schema 0006, which also wrote
the first views and triggers by hand. At every open `install` makes them the ones the declarations describe,
as the audit triggers are made from the live tables (storage/audit.py): a field marked searchable in
domain.record is indexed, with no SQL to write. They are ordinary (not TEMP) views and triggers, so every
connection keeps the index in step, as the hand-written ones did.

What each index row holds is what schema 0006 describes: one row per row of a part with a `search_kind`
(attendance, information, risks, ...), holding its searchable fields in declared order, one per line, empty
ones left out, followed by its children's (a risk's scenarios, a decision's positions and options not taken)
in their order; and one row per searchable field of the meeting itself (`Field.search_kind`). The rowid is
(meeting id << 36) | (kind << 31) | row id. Addenda are not a declared part of the record (they are added to
a final Minute); their row is declared here.

`install` costs one read of sqlite_master when nothing changed. When the generated SQL differs from what the
vault holds, it drops the old views and triggers and creates the new ones in one transaction, and refills
the index only when what the rows hold changed (the views' SQL): a vault that ran 0006's hand-written views
is not refilled, because the generated views give the same rows (tests/storage/test_fulltext_index.py holds
that).
"""

from __future__ import annotations

import hashlib

from mappa_desk.domain import record
from mappa_desk.storage.generated import write_locked

MEETING_SHIFT, KIND_SHIFT = 36, 31
VIEW = "minutes_text"
ADDENDUM = record.Part("addendum", "addenda", "Addendum", (
    record.Field("reason", "prose", "Reason", searchable=True),
    record.Field("text", "prose", "Addendum", searchable=True),
), search_kind=15)
# The views' names, fixed by schema 0006 (services/fulltext.py reads them), where not the part's name.
_VIEW_NAMES = {"information_item": "information", "measure": "rmp_measure"}
# The hash of the views' SQL this module generated when it replaced 0006's hand-written views, which give the
# same rows: a vault still holding 0006's views needs no refill while the views are still these.
CONTENT_OF_0006 = "d8057901bf8ca8e83a257462d439811de8b67c0d4123683e8423cef34bfa35aa"
_MARK = "-- generated from domain.record, content "


def _view_name(part: record.Part) -> str:
    return f"{VIEW}_{_VIEW_NAMES.get(part.name, part.name)}"


def indexed_parts() -> tuple[record.Part, ...]:
    """The parts with index rows of their own, in the Minute's order (the meeting first)."""
    parts = tuple(p for p in record.MEETING_PARTS if p.search_kind) + (ADDENDUM,)
    kinds = [f.search_kind for f in record.MEETING.searchable] + [p.search_kind for p in parts]
    if len(set(kinds)) != len(kinds) or not all(0 < k < 32 for k in kinds):
        raise ValueError(f"the full-text kinds must be distinct numbers from 1 to 31: {sorted(kinds)}")
    meeting_parts = {p.name for p in record.MEETING_PARTS}
    for part in record.PARTS:
        if part.name not in meeting_parts and part.searchable:
            raise ValueError(f"{part.name} is not part of a meeting's record: the index cannot hold its fields")
    for part in record.MEETING_PARTS:
        if part is record.MEETING:
            if any(not f.search_kind for f in part.searchable):
                raise ValueError("every searchable field of the meeting needs its search_kind")
        elif part.searchable and not part.search_kind and not _indexed_parent(part):
            raise ValueError(f"{part.name} has searchable fields but no search_kind, nor an indexed parent")
    return parts


def _indexed_parent(part: record.Part) -> record.Part | None:
    parent = record.BY_NAME.get(part.parent)
    return parent if parent is not None and parent.search_kind and part.name in parent.children else None


def _lines(alias: str, fields) -> list[str]:
    return [f"nullif({alias}{f.column}, '')" for f in fields]


def _child_text(child: record.Part, parent_alias: str, n: int) -> str:
    a = f"c{n}"
    lines = _lines(f"{a}.", child.searchable)
    each = lines[0] if len(lines) == 1 else f"concat_ws(char(10), {', '.join(lines)})"
    return (f"(SELECT group_concat({each}, char(10) ORDER BY {a}.{child.order}, {a}.id) "
            f"FROM {child.table} AS {a} WHERE {a}.{child.parent_column} = {parent_alias}.id)")


def _row_text(part: record.Part) -> str:
    children = [record.BY_NAME[name] for name in part.children if record.BY_NAME[name].searchable]
    if len(part.searchable) == 1 and not children:
        return f"p.{part.searchable[0].column}"
    lines = _lines("p.", part.searchable) + [_child_text(c, "p", n) for n, c in enumerate(children, 1)]
    return f"concat_ws(char(10), {', '.join(lines)})"


def _key(meeting: str, kind: int, row: str) -> str:
    return f"({meeting} << {MEETING_SHIFT}) | ({kind} << {KIND_SHIFT}) | {row}"


def views() -> dict[str, str]:
    """name -> CREATE VIEW: the text of each kind of row (key, kind, id, meeting_id, text), and all of them."""
    made = {}
    meeting = " UNION ALL ".join(
        f"SELECT {_key('id', f.search_kind, 'id')} AS key, {f.search_kind} AS kind, id, id AS meeting_id, "
        f"{f.column} AS text FROM meetings" for f in sorted(record.MEETING.searchable, key=lambda f: f.search_kind))
    made[f"{VIEW}_meeting"] = meeting
    for part in indexed_parts():
        k = part.search_kind
        made[_view_name(part)] = (f"SELECT {_key('p.meeting_id', k, 'p.id')} AS key, {k} AS kind, p.id, "
                                  f"p.meeting_id, {_row_text(part)} AS text FROM {part.table} AS p")
    made[VIEW] = " UNION ALL ".join(f"SELECT * FROM {name}" for name in made)
    return {name: f"CREATE VIEW {name} AS {body}" for name, body in made.items()}


def content_hash(view_sql: dict[str, str]) -> str:
    return hashlib.sha256("\n".join(view_sql[n] for n in sorted(view_sql)).encode("utf-8")).hexdigest()


def _refill(view: str, where: str) -> str:
    return f"INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM {view} WHERE {where} AND text <> ''"


def _changed(alias_cols: list[str]) -> str:
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in alias_cols)


def _row_triggers(part: record.Part) -> dict[str, str]:
    view, k, table = _view_name(part), part.search_kind, part.table
    name = f"minutes_fts_{_VIEW_NAMES.get(part.name, part.name)}"
    old_key = _key("OLD.meeting_id", k, "OLD.id")
    watched = [f.column for f in part.searchable] + ["meeting_id"]
    return {
        f"{name}_insert": f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN "
                          f"{_refill(view, 'id = NEW.id')}; END",
        f"{name}_update": f"CREATE TRIGGER {name}_update AFTER UPDATE OF {', '.join(watched)} ON {table} "
                          f"WHEN {_changed(watched)} BEGIN DELETE FROM minutes_fts WHERE rowid = {old_key}; "
                          f"{_refill(view, 'id = NEW.id')}; END",
        f"{name}_delete": f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN "
                          f"DELETE FROM minutes_fts WHERE rowid = {old_key}; END",
    }


def _child_triggers(parent: record.Part, child: record.Part) -> dict[str, str]:
    """A child's change rewrites its parent's index row (in a cascade the parent is gone already, and its own
    trigger removed its row)."""
    view, fk, table = _view_name(parent), child.parent_column, child.table
    name = f"minutes_fts_{child.name}"

    def again(row: str, only_if_moved: bool = False) -> str:
        moved = f" AND NEW.{fk} IS NOT OLD.{fk}" if only_if_moved else ""
        return (f"DELETE FROM minutes_fts WHERE rowid = (SELECT key FROM {view} WHERE id = {row}){moved}; "
                f"{_refill(view, f'id = {row}{moved}')};")

    watched = [f.column for f in child.searchable] + [child.order, fk]
    return {
        f"{name}_insert": f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN {again(f'NEW.{fk}')} END",
        f"{name}_update": f"CREATE TRIGGER {name}_update AFTER UPDATE OF {', '.join(watched)} ON {table} "
                          f"WHEN {_changed(watched)} BEGIN {again(f'OLD.{fk}')} {again(f'NEW.{fk}', True)} END",
        f"{name}_delete": f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN {again(f'OLD.{fk}')} END",
    }


def triggers() -> dict[str, str]:
    """name -> CREATE TRIGGER: each keeps the index rows of the rows it watches in step."""
    made = {}
    fields = sorted(record.MEETING.searchable, key=lambda f: f.search_kind)
    view = f"{VIEW}_meeting"
    kinds = ", ".join(str(f.search_kind) for f in fields)
    made["minutes_fts_meeting_insert"] = (f"CREATE TRIGGER minutes_fts_meeting_insert AFTER INSERT ON meetings "
                                          f"BEGIN {_refill(view, 'id = NEW.id')}; END")
    made["minutes_fts_meeting_delete"] = (
        f"CREATE TRIGGER minutes_fts_meeting_delete AFTER DELETE ON meetings BEGIN DELETE FROM minutes_fts "
        f"WHERE rowid IN (SELECT {_key('OLD.id', 'value', 'OLD.id')} FROM json_each('[{kinds}]')); END")
    for f in fields:
        name = f"minutes_fts_meeting_{f.column}_update"
        made[name] = (f"CREATE TRIGGER {name} AFTER UPDATE OF {f.column} ON meetings "
                      f"WHEN OLD.{f.column} IS NOT NEW.{f.column} BEGIN "
                      f"DELETE FROM minutes_fts WHERE rowid = {_key('NEW.id', f.search_kind, 'NEW.id')}; "
                      f"{_refill(view, f'id = NEW.id AND kind = {f.search_kind}')}; END")
    for part in indexed_parts():
        made.update(_row_triggers(part))
        for name in part.children:
            child = record.BY_NAME[name]
            if child.searchable:
                made.update(_child_triggers(part, child))
    return made


def generated() -> dict[str, str]:
    """Every view and trigger of the index, name -> SQL. The view of all rows carries the content's hash."""
    made = views()
    made[VIEW] += f"\n{_MARK}{content_hash(made)}"
    return {**made, **triggers()}


def _present(conn) -> dict[str, tuple[str, str]]:
    rows = conn.execute(f"SELECT name, type, sql FROM sqlite_master WHERE (type = 'view' AND name LIKE '{VIEW}%') "
                        "OR (type = 'trigger' AND name LIKE 'minutes\\_fts\\_%' ESCAPE '\\')").fetchall()
    return {name: (kind, sql) for name, kind, sql in rows}


def _content_in(present: dict[str, tuple[str, str]]) -> str:
    """The content hash of the views the vault holds: 0006's hand-written ones carry none."""
    sql = present.get(VIEW, ("", ""))[1] or ""
    return sql.rsplit(_MARK, 1)[1].strip() if _MARK in sql else CONTENT_OF_0006


def fill(conn) -> None:
    """Empty the index and fill it again from the views (what 0006 did at its end)."""
    conn.execute("INSERT INTO minutes_fts (minutes_fts) VALUES ('delete-all')")
    conn.execute(_refill(VIEW, "1"))


def install(conn) -> bool:
    """Make the index's views and triggers the generated ones. True when anything was changed."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'minutes_fts'").fetchone():
        return False  # before schema 0006
    wanted = generated()
    if {name: sql for name, (_, sql) in _present(conn).items()} == wanted:
        return False
    with write_locked(conn):
        present = _present(conn)  # again, under the write lock: another process may have just done this
        if {name: sql for name, (_, sql) in present.items()} == wanted:
            return False
        refill = _content_in(present) != content_hash(views())
        for name, (kind, _) in present.items():
            conn.execute(f"DROP {kind.upper()} IF EXISTS {name}")
        for sql in wanted.values():
            conn.execute(sql)
        if refill:
            fill(conn)
    return True
