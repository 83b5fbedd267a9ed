"""Individuals with their aliases, orders and conditions."""

from __future__ import annotations

import dataclasses
import json

from mappa_desk.domain import record
from mappa_desk.domain.model import Individual, Order
from mappa_desk.storage.rows import AgencyCodes, from_row, insert, select, to_row, update


def id_of(db, uid: str) -> int | None:
    return db.scalar("SELECT id FROM individuals WHERE uid = ?", (uid,))


def save(db, codes: AgencyCodes, individual: Individual, now: str) -> int:
    """Insert or replace an individual (by uid) with its aliases and orders; returns the row id."""
    values = {"uid": individual.uid, **to_row(db, codes, record.INDIVIDUAL, individual)}
    row_id = id_of(db, individual.uid)
    if row_id is None:
        row_id = insert(db, "individuals", {**values, "created_at": now, "updated_at": now})
    else:
        update(db, "individuals", row_id, {**values, "updated_at": now})
        db.execute("DELETE FROM individual_aliases WHERE individual_id = ?", (row_id,))
        db.execute("DELETE FROM orders WHERE individual_id = ?", (row_id,))
    for alias in individual.aliases:
        insert(db, "individual_aliases", {"individual_id": row_id, "alias": alias})
    for pos, order in enumerate(individual.orders):
        order_id = insert(db, "orders", {"individual_id": row_id, **to_row(db, codes, record.ORDER, order),
                                         "position": pos})
        for cpos, text in enumerate(order.conditions):
            insert(db, "order_conditions", {"order_id": order_id, "text": text, "position": cpos})
    return row_id


def aliases(db, individual_id: int) -> list[str]:
    """The individual's aliases, as entered, oldest first."""
    return [a for (a,) in db.query("SELECT alias FROM individual_aliases WHERE individual_id = ? ORDER BY id",
                                   (individual_id,))]


def conditions(db, order_id: int) -> list[str]:
    """An order's conditions, in their order."""
    return [t for (t,) in db.query("SELECT text FROM order_conditions WHERE order_id = ? ORDER BY position, id",
                                   (order_id,))]


def load(db, codes: AgencyCodes, row_id: int) -> Individual:
    row = select(db, record.INDIVIDUAL, "id = ?", (row_id,), extra=("uid",), order="id")[0]
    orders = [Order(**from_row(db, codes, record.ORDER, order), conditions=conditions(db, order["id"]))
              for order in select(db, record.ORDER, "individual_id = ?", (row_id,), extra=("id",))]
    return Individual(uid=row["uid"], **from_row(db, codes, record.INDIVIDUAL, row), aliases=aliases(db, row_id),
                      orders=orders)


def summaries(db) -> list[dict]:
    """One line per individual for lists: id, uid, name, ViSOR ref, category, level, lead agency."""
    rows = db.rows(
        """SELECT i.id, i.uid, i.given_names, i.family_name, i.visor_ref, i.category, i.current_level AS level,
                  a.code AS lead_agency
           FROM individuals i LEFT JOIN agencies a ON a.id = i.lead_agency_id
           ORDER BY i.family_name, i.given_names, i.id""")
    return [{"id": r["id"], "uid": r["uid"], "name": f"{r['given_names']} {r['family_name']}".strip(),
             "visor_ref": r["visor_ref"], "category": r["category"], "level": r["level"],
             "lead_agency": r["lead_agency"]} for r in rows]


def exists(db, row_id: int) -> bool:
    return bool(db.scalar("SELECT 1 FROM individuals WHERE id = ?", (row_id,)))


def visor_ref_in_use(db, visor_ref: str) -> bool:
    """Whether an individual has exactly this ViSOR reference."""
    return bool(db.scalar("SELECT 1 FROM individuals WHERE visor_ref = ?", (visor_ref,)))


def visor_ref_in_use_any_case(db, visor_ref: str) -> bool:
    """Whether an individual has this ViSOR reference, compared without regard to case."""
    return bool(db.scalar("SELECT 1 FROM individuals WHERE lower(visor_ref) = lower(?)", (visor_ref,)))


def basics(db, row_id: int) -> tuple | None:
    """(given_names, family_name, category, current_level, lead_agency_id); None when there is no such individual."""
    rows = db.query("""SELECT given_names, family_name, category, current_level, lead_agency_id
                       FROM individuals WHERE id = ?""", (row_id,))
    return rows[0] if rows else None


def lead_agency_row(db, row_id: int) -> tuple | None:
    """(lead_agency_id,), which may hold None; None when there is no such individual."""
    rows = db.query("SELECT lead_agency_id FROM individuals WHERE id = ?", (row_id,))
    return rows[0] if rows else None


# -- the individual's details as they stood at a meeting (schema 0013) ------------------------------------------
# A meeting that has been held keeps a copy of the individual's declared details, with aliases and orders, so
# that its Minute and RMP print them as they stood at that meeting, whatever is changed later.
HELD_STATUSES = ("held", "draft", "cleared", "circulated", "final")


def details_json(individual: Individual) -> str:
    """The individual's details as a snapshot holds them (JSON of the dataclass, keys sorted)."""
    return json.dumps(dataclasses.asdict(individual), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def details_from_json(text: str) -> Individual:
    """The individual a snapshot holds. A field declared after the snapshot was taken comes in empty (its
    dataclass default); a name the dataclass no longer has is left out."""
    data = json.loads(text)
    known = {f.name for f in dataclasses.fields(Individual)}
    order_fields = {f.name for f in dataclasses.fields(Order)}
    orders = [Order(**{k: v for k, v in o.items() if k in order_fields}) for o in data.get("orders", [])]
    return Individual(**{k: v for k, v in data.items() if k in known and k != "orders"}, orders=orders)


def snapshot(db, meeting_id: int) -> Individual | None:
    """The individual's details as they stood at this meeting, or None when the meeting keeps none (it has not
    been held, or nothing has changed the details since: the live row is then how they stood)."""
    text = db.scalar("SELECT details FROM meeting_individual_snapshots WHERE meeting_id = ?", (meeting_id,))
    return None if text is None else details_from_json(text)


def take_snapshot(db, codes: AgencyCodes, meeting_id: int, at: str) -> None:
    """Keep the individual's details as they stand now for this meeting; a snapshot already taken is kept."""
    if db.scalar("SELECT 1 FROM meeting_individual_snapshots WHERE meeting_id = ?", (meeting_id,)):
        return
    individual_id = db.scalar("SELECT individual_id FROM meetings WHERE id = ?", (meeting_id,))
    if individual_id is None:
        return
    insert(db, "meeting_individual_snapshots",
           {"meeting_id": meeting_id, "details": details_json(load(db, codes, individual_id)), "taken_at": at})


def snapshot_held_meetings(db, codes: AgencyCodes, individual_id: int, at: str) -> None:
    """Before the individual's details change: every meeting of theirs that has been held and keeps no snapshot
    yet (held before schema 0013, or imported) keeps the details as they stand now, which are the details it was
    held with (they could not be changed before)."""
    marks = ", ".join("?" for _ in HELD_STATUSES)
    for (meeting_id,) in db.query(
            f"SELECT id FROM meetings WHERE individual_id = ? AND status IN ({marks}) AND id NOT IN "
            "(SELECT meeting_id FROM meeting_individual_snapshots) ORDER BY id", (individual_id, *HELD_STATUSES)):
        take_snapshot(db, codes, meeting_id, at)


def visor_ref_in_use_by_another(db, visor_ref: str, row_id: int) -> bool:
    """Whether an individual other than `row_id` has this ViSOR reference, compared without regard to case."""
    return bool(db.scalar("SELECT 1 FROM individuals WHERE lower(visor_ref) = lower(?) AND id != ?",
                          (visor_ref, row_id)))


def update_details(db, codes: AgencyCodes, row_id: int, before: Individual, after: Individual, now: str) -> None:
    """Write an individual's changed details: the row's changed columns, and the aliases and orders only when
    they changed (each write is a row of the audit trail, so nothing unchanged is rewritten)."""
    old, new = to_row(db, codes, record.INDIVIDUAL, before), to_row(db, codes, record.INDIVIDUAL, after)
    changed = {column: value for column, value in new.items() if old[column] != value}
    if changed or after.aliases != before.aliases or after.orders != before.orders:
        update(db, "individuals", row_id, {**changed, "updated_at": now})
    if after.aliases != before.aliases:
        db.execute("DELETE FROM individual_aliases WHERE individual_id = ?", (row_id,))
        for alias in after.aliases:
            insert(db, "individual_aliases", {"individual_id": row_id, "alias": alias})
    if after.orders != before.orders:
        db.execute("DELETE FROM order_conditions WHERE order_id IN (SELECT id FROM orders WHERE individual_id = ?)",
                   (row_id,))
        db.execute("DELETE FROM orders WHERE individual_id = ?", (row_id,))
        for pos, order in enumerate(after.orders):
            order_id = insert(db, "orders", {"individual_id": row_id, **to_row(db, codes, record.ORDER, order),
                                             "position": pos})
            for cpos, text in enumerate(order.conditions):
                insert(db, "order_conditions", {"order_id": order_id, "text": text, "position": cpos})


def set_lead_of_open_meetings(db, codes: AgencyCodes, individual_id: int, lead_agency: str | None, now: str) -> None:
    """A new lead agency is the lead of the individual's meetings not yet held (planned or in progress); a
    meeting already held keeps the lead it was held with."""
    agency_id = codes.id_of(lead_agency)
    db.execute("UPDATE meetings SET lead_agency_id = ?, updated_at = ? WHERE individual_id = ? AND status IN "
               "('planned', 'in_progress') AND lead_agency_id IS NOT ?", (agency_id, now, individual_id, agency_id))


def latest_held_meeting(db, individual_id: int) -> int | None:
    """The id of the individual's latest meeting that has been held (newest date, then highest id), or None."""
    marks = ", ".join("?" for _ in HELD_STATUSES)
    return db.scalar(f"SELECT id FROM meetings WHERE individual_id = ? AND status IN ({marks}) "
                     "ORDER BY meeting_date DESC, id DESC LIMIT 1", (individual_id, *HELD_STATUSES))
