"""Individuals with their aliases, orders and conditions."""

from __future__ import annotations

from mappa_desk.domain.model import Individual, Order
from mappa_desk.storage.rows import AgencyCodes, flag, insert

_COLUMNS = ("uid", "family_name", "given_names", "date_of_birth", "visor_ref", "category", "current_level",
            "lead_agency_id", "rosh_level", "olr", "restricted_patient_order", "notes")


def id_of(db, uid: str) -> int | None:
    row = db.query("SELECT id FROM individuals WHERE uid = ?", (uid,))
    return row[0][0] if row else None


def save(db, codes: AgencyCodes, individual: Individual, now: str) -> int:
    """Insert or replace an individual (by uid) with its aliases and orders; returns the row id."""
    values = {
        "uid": individual.uid, "family_name": individual.family_name, "given_names": individual.given_names,
        "date_of_birth": individual.date_of_birth, "visor_ref": individual.visor_ref,
        "category": individual.category, "current_level": individual.current_level,
        "lead_agency_id": codes.id_of(individual.lead_agency), "rosh_level": individual.rosh_level,
        "olr": flag(individual.olr), "restricted_patient_order": individual.restricted_patient_order,
        "notes": individual.notes,
    }
    row_id = id_of(db, individual.uid)
    if row_id is None:
        row_id = insert(db, "individuals", {**values, "created_at": now, "updated_at": now})
    else:
        sets = ", ".join(f"{col} = ?" for col in values)
        db.execute(f"UPDATE individuals SET {sets}, updated_at = ? WHERE id = ?", (*values.values(), now, row_id))
        db.execute("DELETE FROM individual_aliases WHERE individual_id = ?", (row_id,))
        db.execute("DELETE FROM orders WHERE individual_id = ?", (row_id,))
    for alias in individual.aliases:
        insert(db, "individual_aliases", {"individual_id": row_id, "alias": alias})
    for pos, order in enumerate(individual.orders):
        order_id = insert(db, "orders", {"individual_id": row_id, "kind": order.kind, "description": order.description,
                                         "start_date": order.start_date, "end_date": order.end_date, "position": pos})
        for cpos, text in enumerate(order.conditions):
            insert(db, "order_conditions", {"order_id": order_id, "text": text, "position": cpos})
    return row_id


def load(db, codes: AgencyCodes, row_id: int) -> Individual:
    row = db.query(f"SELECT {', '.join(_COLUMNS)} FROM individuals WHERE id = ?", (row_id,))[0]
    data = dict(zip(_COLUMNS, row))
    aliases = [a for (a,) in db.query("SELECT alias FROM individual_aliases WHERE individual_id = ? ORDER BY id", (row_id,))]
    orders = []
    for order_id, kind, description, start, end in db.query(
            "SELECT id, kind, description, start_date, end_date FROM orders WHERE individual_id = ? ORDER BY position, id",
            (row_id,)):
        conditions = [t for (t,) in db.query(
            "SELECT text FROM order_conditions WHERE order_id = ? ORDER BY position, id", (order_id,))]
        orders.append(Order(kind=kind, description=description, start_date=start, end_date=end, conditions=conditions))
    return Individual(
        uid=data["uid"], family_name=data["family_name"], given_names=data["given_names"],
        date_of_birth=data["date_of_birth"], visor_ref=data["visor_ref"], category=data["category"],
        current_level=data["current_level"], lead_agency=codes.code_of(data["lead_agency_id"]),
        rosh_level=data["rosh_level"], olr=bool(data["olr"]),
        restricted_patient_order=data["restricted_patient_order"], notes=data["notes"],
        aliases=aliases, orders=orders,
    )


def summaries(db) -> list[dict]:
    """One line per individual for lists: id, uid, name, ViSOR ref, category, level, lead agency."""
    rows = db.query(
        """SELECT i.id, i.uid, i.given_names, i.family_name, i.visor_ref, i.category, i.current_level, a.code
           FROM individuals i LEFT JOIN agencies a ON a.id = i.lead_agency_id
           ORDER BY i.family_name, i.given_names, i.id""")
    return [{"id": r[0], "uid": r[1], "name": f"{r[2]} {r[3]}".strip(), "visor_ref": r[4], "category": r[5],
             "level": r[6], "lead_agency": r[7]} for r in rows]


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
