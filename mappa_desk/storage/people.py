"""People (chairs, minute-takers, attendees), matched across laptops by uid."""

from __future__ import annotations

from mappa_desk.domain import record
from mappa_desk.domain.model import Person, new_uid
from mappa_desk.storage.rows import AgencyCodes, from_row, insert, select, to_row, update


def save(db, codes: AgencyCodes, person: Person | None) -> int | None:
    """Insert or update a person by uid; returns the row id."""
    if person is None:
        return None
    values = to_row(db, codes, record.PERSON, person)
    row_id = db.scalar("SELECT id FROM people WHERE uid = ?", (person.uid,))
    if row_id is not None:
        update(db, "people", row_id, values)
        return row_id
    return insert(db, "people", {"uid": person.uid, **values})


def load(db, codes: AgencyCodes, person_id: int | None) -> Person | None:
    if person_id is None:
        return None
    row = select(db, record.PERSON, "id = ?", (person_id,), extra=("uid",), order="id")[0]
    return Person(uid=row["uid"], **from_row(db, codes, record.PERSON, row))


def find_or_add(db, name: str, agency_id: int | None = None, rank: str | None = None) -> int:
    """The person of that name (and agency and rank, when given), or a new one.

    A person whose rank differs gets a new row rather than a changed one, so older
    minutes keep the rank their chair held then.
    """
    name = " ".join(name.split())
    sql = "SELECT id FROM people WHERE lower(full_name) = lower(?)"
    params: list = [name]
    if agency_id is not None or rank is not None:
        sql += " AND agency_id IS ?"
        params.append(agency_id)
    if rank is not None:
        sql += " AND rank = ?"
        params.append(rank.strip())
    found = db.scalar(sql + " ORDER BY id DESC LIMIT 1", params)
    if found is not None:
        return found
    return insert(db, "people", {"uid": new_uid(), "full_name": name, "rank": (rank or "").strip(),
                                 "agency_id": agency_id})
