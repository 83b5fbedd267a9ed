"""Individuals with their aliases, orders and conditions."""

from __future__ import annotations

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
