"""What setting up a meeting reads and writes beyond the meeting aggregate (services/new_meeting.py): the
earlier meeting a review follows, its people and attendance, the responsible authorities, and the
meeting's pre-read papers (table meeting_documents, schema 0003). The caller owns the transaction."""

from __future__ import annotations

PRE_READ_FIELDS = ("id", "file_name", "media_type", "size_bytes", "sha256", "added_at")


def latest_meeting_id(db, individual_id: int, leaving_out: tuple[str, ...]) -> int | None:
    """The individual's latest meeting (by date, start time, id) whose status is not one of `leaving_out`."""
    marks = ", ".join("?" for _ in leaving_out)
    return db.scalar(f"""SELECT id FROM meetings WHERE individual_id = ? AND status NOT IN ({marks})
                         ORDER BY meeting_date DESC, start_time DESC, id DESC LIMIT 1""",
                     (individual_id, *leaving_out))


def carried_details(db, meeting_id: int) -> tuple:
    """(meeting_date, location, start_time, chair_id, minute_taker_id, coordinator_id, the next meeting date or
    else the review date) of a meeting that is there."""
    return db.query(
        """SELECT meeting_date, location, start_time, chair_id, minute_taker_id, coordinator_id,
                  coalesce(next_meeting_date, review_date) FROM meetings WHERE id = ?""", (meeting_id,))[0]


def meeting_date(db, meeting_id: int) -> str | None:
    return db.scalar("SELECT meeting_date FROM meetings WHERE id = ?", (meeting_id,))


def copy_assessment(db, from_meeting_id: int, to_meeting_id: int) -> None:
    """Copy the RoSH level, victim issues and diversity issues of one meeting onto another."""
    db.execute("""UPDATE meetings SET (rosh_level, victim_issues, diversity_issues) =
                  (SELECT rosh_level, victim_issues, diversity_issues FROM meetings WHERE id = ?) WHERE id = ?""",
               (from_meeting_id, to_meeting_id))


def person(db, person_id: int) -> tuple:
    """(full_name, rank, agency_id) of a person who is there."""
    return db.query("SELECT full_name, rank, agency_id FROM people WHERE id = ?", (person_id,))[0]


def person_name(db, person_id: int | None) -> str | None:
    """The person's full name; None when there is no such person (or no id)."""
    return db.scalar("SELECT full_name FROM people WHERE id = ?", (person_id,))


def person_agency_id(db, person_id: int) -> int | None:
    return db.scalar("SELECT agency_id FROM people WHERE id = ?", (person_id,))


def attendance_with_names(db, meeting_id: int) -> list[tuple]:
    """(agency_id, person_id, capacity, the person's full name or '') for each line of the attendance, in order."""
    return db.query(
        """SELECT a.agency_id, a.person_id, a.capacity, coalesce(p.full_name, '') FROM attendance a
           LEFT JOIN people p ON p.id = a.person_id WHERE a.meeting_id = ? ORDER BY a.position, a.id""",
        (meeting_id,))


def active_authority_codes(db) -> list[str]:
    """The codes of the active responsible authorities, in the order they were added."""
    return [code for (code,) in db.query(
        "SELECT code FROM agencies WHERE kind = 'responsible_authority' AND active = 1 ORDER BY id")]


# -- pre-read papers --------------------------------------------------------------------------------------

def pre_reads(db, meeting_id: int) -> list[dict]:
    """The meeting's pre-reads in order, as dicts of PRE_READ_FIELDS (no content)."""
    return [dict(zip(PRE_READ_FIELDS, row)) for row in db.query(
        f"SELECT {', '.join(PRE_READ_FIELDS)} FROM meeting_documents WHERE meeting_id = ? ORDER BY position, id",
        (meeting_id,))]


def pre_read_content(db, meeting_id: int, document_id: int):
    """The document's bytes as stored; None when it is not one of the meeting's."""
    return db.scalar("SELECT content FROM meeting_documents WHERE id = ? AND meeting_id = ?",
                     (document_id, meeting_id))


def remove_pre_read(db, meeting_id: int, document_id: int) -> int:
    """Delete the document from the meeting's pre-reads; returns how many rows went (0 or 1)."""
    return db.execute("DELETE FROM meeting_documents WHERE id = ? AND meeting_id = ?",
                      (document_id, meeting_id)).rowcount


def pre_read_attached(db, meeting_id: int, sha256: str) -> bool:
    """Whether a document with this SHA-256 is already among the meeting's pre-reads."""
    return bool(db.scalar("SELECT 1 FROM meeting_documents WHERE meeting_id = ? AND sha256 = ?", (meeting_id, sha256)))


def next_pre_read_position(db, meeting_id: int) -> int:
    return db.scalar("SELECT coalesce(max(position) + 1, 0) FROM meeting_documents WHERE meeting_id = ?",
                     (meeting_id,))
