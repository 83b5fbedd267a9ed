"""Full-text search's reads: the minutes index and its views (schema 0006), for services/fulltext.py.

The index rowid carries where each row is: (meeting id << MEETING_SHIFT) | (kind << KIND_SHIFT) | row id,
so the meetings a search matches come from the index alone.
"""

from __future__ import annotations

MEETING_SHIFT, KIND_SHIFT = 36, 31


# The newest meetings looked in first, then more, before the whole index: a common word is found many times in
# the newest meetings, so the page of newest results rarely needs the rest (see matching_keys).
WINDOWS = (4_000,)


def matching_keys(db, query: str, limit: int) -> list[int]:
    """The index rowids matching the FTS5 `query` that lie in the `limit` newest meetings matched.

    Looked for first among the WINDOWS newest meetings (newest by date, then id, as the results are listed):
    if `limit` meetings among them match, no older meeting can be among the `limit` newest matched, so the
    answer is the same as over every meeting, without sorting out the thousands of older matches a common word
    has (on 50,000 meetings "police" matches 188,000 rows). Otherwise the next window, then every meeting.
    """
    for window in WINDOWS:
        keys = _matching(db, query, limit, window)
        if len({key >> MEETING_SHIFT for key in keys}) >= limit:
            return keys
    return _matching(db, query, limit, None)


def _matching(db, query: str, limit: int, window: int | None) -> list[int]:
    """One pass over the index: the rowids name the meetings; the date index is walked newest first until `limit`
    of them are found, then the matches in those meetings are kept. With `window`, only matches in the `window`
    newest meetings are read."""
    within = (f" AND rowid >> {MEETING_SHIFT} IN (SELECT id FROM meetings INDEXED BY meetings_by_date "
              f"ORDER BY meeting_date DESC, id DESC LIMIT ?3)") if window else ""
    return [key for (key,) in db.query(
        f"""WITH hit(key) AS MATERIALIZED (SELECT rowid FROM minutes_fts WHERE minutes_fts MATCH ?1{within}),
                top(id) AS MATERIALIZED (
                    SELECT m.id FROM meetings AS m INDEXED BY meetings_by_date
                    WHERE m.id IN (SELECT key >> {MEETING_SHIFT} FROM hit)
                    ORDER BY m.meeting_date DESC, m.id DESC LIMIT ?2)
            SELECT key FROM hit WHERE key >> {MEETING_SHIFT} IN top""",
        (query, limit, window) if window else (query, limit))]


def meetings_with_individuals(db, ids: list[int]) -> list[tuple]:
    """(meeting id, meeting date, individual id, given names, family name, ViSOR ref) of each meeting."""
    marks = ", ".join("?" for _ in ids)
    return db.query(
        f"""SELECT m.id, m.meeting_date, i.id, i.given_names, i.family_name, i.visor_ref
            FROM meetings AS m JOIN individuals AS i ON i.id = m.individual_id WHERE m.id IN ({marks})""", ids)


def row_text(db, view: str, row_id: int, kind: int) -> str | None:
    """The indexed text of one row, from the minutes_text_* `view` that holds rows of its kind."""
    return db.scalar(f"SELECT text FROM {view} WHERE id = ? AND kind = ?", (row_id, kind))


def risk_number(db, row_id: int) -> int | None:
    return db.scalar("SELECT number FROM risks WHERE id = ?", (row_id,))


def measure_heading(db, row_id: int) -> str | None:
    """The RMP heading of one measure."""
    return db.scalar("SELECT heading FROM rmp_measures WHERE id = ?", (row_id,))


def decision_question(db, row_id: int) -> str | None:
    return db.scalar("SELECT question FROM decisions WHERE id = ?", (row_id,))
