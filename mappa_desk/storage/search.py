"""Full-text search's reads: the minutes index and its views (schema 0006), for services/fulltext.py.

The index rowid carries where each row is: (meeting id << MEETING_SHIFT) | (kind << KIND_SHIFT) | row id,
so the meetings a search matches come from the index alone.
"""

from __future__ import annotations

MEETING_SHIFT, KIND_SHIFT = 36, 31


def matching_keys(db, query: str, limit: int) -> list[int]:
    """The index rowids matching the FTS5 `query` that lie in the `limit` newest meetings matched.

    One pass over the index: the rowids name the meetings, the date index is walked newest first until
    `limit` of them are found, then the matches in those meetings are kept.
    """
    return [key for (key,) in db.query(
        f"""WITH hit(key) AS MATERIALIZED (SELECT rowid FROM minutes_fts WHERE minutes_fts MATCH ?1),
                top(id) AS MATERIALIZED (
                    SELECT m.id FROM meetings AS m INDEXED BY meetings_by_date
                    WHERE m.id IN (SELECT key >> {MEETING_SHIFT} FROM hit)
                    ORDER BY m.meeting_date DESC, m.id DESC LIMIT ?2)
            SELECT key FROM hit WHERE key >> {MEETING_SHIFT} IN top""", (query, limit))]


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
