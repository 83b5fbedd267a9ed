"""The meeting aggregate: a meeting with everything recorded at it.

`save` replaces the meeting's child rows as a whole (the service wraps it in
one transaction, so a reader sees the old meeting or the new one). Outcomes
of the previous meeting's actions are written onto that meeting's action rows.

The columns written and read, and the values' conversion (agency code <-> row id,
person <-> people row, flag <-> 0/1), come from each part's fields in
domain.record: a field added there (with its migration) is saved and loaded
with no change here. Lists of child rows, the measures' links to risks,
positions and uids are handled here by name.
"""

from __future__ import annotations

from mappa_desk.domain import model as m
from mappa_desk.domain import record
from mappa_desk.storage import action_numbers
from mappa_desk.storage.rows import AgencyCodes, from_row, insert, select, to_row, update


def _plain_lists(before_plan: bool) -> tuple:
    """The meeting's lists of rows without children of their own, before or after the plan and decisions:
    (part, the meeting's attribute, the dataclass). Read when called, from the declarations."""
    if before_plan:
        return ((record.ATTENDANCE, "attendance", m.Attendance), (record.AGENDA_ITEM, "agenda", m.AgendaItem),
                (record.INFORMATION_ITEM, "information", m.InformationItem))
    return ((record.DISCLOSURE, "disclosures", m.Disclosure), (record.CIRCULATION, "circulation", m.Circulation),
            (record.PROTECTED, "protected_persons", m.ProtectedPerson))


# Tables whose rows a save replaces as a whole (actions are kept apart: their review links outlive a save).
_REPLACED = ("attendance", "agenda_items", "information_items", "risks", "rmp_measures", "contingencies",
             "decisions", "disclosures", "circulation", "protected_persons")



# -- one meeting's row, by id --------------------------------------------------------------------------------------
def exists(db, meeting_id: int) -> bool:
    return db.scalar("SELECT 1 FROM meetings WHERE id = ?", (meeting_id,)) is not None


def status(db, meeting_id: int) -> str | None:
    """The meeting's status; None when there is no such meeting."""
    return db.scalar("SELECT status FROM meetings WHERE id = ?", (meeting_id,))


def individual_id(db, meeting_id: int) -> int | None:
    """The id of the individual the meeting is about; None when there is no such meeting."""
    return db.scalar("SELECT individual_id FROM meetings WHERE id = ?", (meeting_id,))


def action_uids(db, meeting_id: int) -> set[str]:
    """The uids of the actions recorded at the meeting."""
    return {uid for (uid,) in db.query("SELECT uid FROM actions WHERE meeting_id = ?", (meeting_id,))}


def id_of(db, uid: str) -> int | None:
    return db.scalar("SELECT id FROM meetings WHERE uid = ?", (uid,))


def save(db, codes: AgencyCodes, meeting: m.Meeting, individual_id: int, now: str) -> int:
    previous_id = id_of(db, meeting.previous.uid) if meeting.previous else None
    values = {"individual_id": individual_id, "previous_meeting_id": previous_id,
              **to_row(db, codes, record.MEETING, meeting)}
    row_id = id_of(db, meeting.uid)
    is_new = row_id is None
    if is_new:
        row_id = insert(db, "meetings", {"uid": meeting.uid, **values, "created_at": now, "updated_at": now})
    else:
        update(db, "meetings", row_id, {**values, "updated_at": now})
        for table in _REPLACED:
            db.execute(f"DELETE FROM {table} WHERE meeting_id = ?", (row_id,))
        reviewed_in = {r["uid"]: r["reviewed_in_meeting_id"] for r in db.rows(
            "SELECT uid, reviewed_in_meeting_id FROM actions WHERE meeting_id = ? "
            "AND reviewed_in_meeting_id IS NOT NULL", (row_id,))}
        db.execute("UPDATE actions SET carried_from_action_id = NULL WHERE carried_from_action_id IN "
                   "(SELECT id FROM actions WHERE meeting_id = ?)", (row_id,))
        db.execute("DELETE FROM actions WHERE meeting_id = ?", (row_id,))
    _save_children(db, codes, meeting, row_id)
    if not is_new:
        # Outcomes recorded at a later review stay linked to that review.
        db.executemany("UPDATE actions SET reviewed_in_meeting_id = ? WHERE uid = ? AND meeting_id = ?",
                       [(review_id, uid, row_id) for uid, review_id in reviewed_in.items()])
    if meeting.previous and previous_id is not None:
        _save_previous_outcomes(db, meeting.previous, previous_id, row_id)
    return row_id


def _save_row(db, codes: AgencyCodes, part: record.Part, parent_id: int, item, pos: int) -> int:
    return insert(db, part.table, {part.parent_column: parent_id, **to_row(db, codes, part, item), "position": pos})


def _save_list(db, codes: AgencyCodes, part: record.Part, parent_id: int, items) -> None:
    for pos, item in enumerate(items):
        _save_row(db, codes, part, parent_id, item, pos)


def _save_children(db, codes: AgencyCodes, meeting: m.Meeting, row_id: int) -> None:
    # Rows go in as they always have (each decision before the next one's positions): the audit log reads so.
    for part, attribute, _cls in _plain_lists(before_plan=True):
        _save_list(db, codes, part, row_id, getattr(meeting, attribute))
    save_plan(db, codes, row_id, meeting.risks, meeting.rmp_measures, meeting.contingencies)
    for pos, decision in enumerate(meeting.decisions):
        decision_id = _save_row(db, codes, record.DECISION, row_id, decision, pos)
        _save_list(db, codes, record.POSITION, decision_id, decision.positions)
        _save_list(db, codes, record.OPTION_NOT_TAKEN, decision_id, decision.options_not_taken)
    for part, attribute, _cls in _plain_lists(before_plan=False):
        _save_list(db, codes, part, row_id, getattr(meeting, attribute))
    save_actions(db, codes, row_id, meeting.actions)


def save_plan(db, codes: AgencyCodes, meeting_id: int, risks, measures, contingencies) -> None:
    for r in risks:
        risk_id = insert(db, "risks", {"meeting_id": meeting_id, **to_row(db, codes, record.RISK, r)})
        _save_list(db, codes, record.SCENARIO, risk_id, r.scenarios)
    for pos, measure in enumerate(measures):
        measure_id = _save_row(db, codes, record.MEASURE, meeting_id, measure, pos)
        for number in sorted(set(measure.risk_numbers)):
            db.execute("INSERT INTO rmp_measure_risks (measure_id, risk_number) VALUES (?, ?)", (measure_id, number))
    _save_list(db, codes, record.CONTINGENCY, meeting_id, contingencies)


def save_actions(db, codes: AgencyCodes, meeting_id: int, actions) -> None:
    numbers = action_numbers.numbered(db, meeting_id, [a.number for a in actions])
    for pos, (a, number) in enumerate(zip(actions, numbers)):
        insert(db, "actions", {"meeting_id": meeting_id, "uid": a.uid, **to_row(db, codes, record.ACTION, a),
                               "number": number, "position": pos})


def _save_previous_outcomes(db, previous: m.PreviousMeeting, previous_id: int, review_id: int) -> None:
    for a in previous.actions:
        db.execute(
            """UPDATE actions SET status = ?, outcome = ?, outcome_note = ?,
                      reviewed_in_meeting_id = CASE WHEN ? IS NULL THEN reviewed_in_meeting_id ELSE ? END
               WHERE uid = ? AND meeting_id = ?""",
            (a.status, a.outcome, a.outcome_note, a.outcome, review_id, a.uid, previous_id))


# -- loading ------------------------------------------------------------------------
def _rows(db, codes: AgencyCodes, part: record.Part, cls, parent_id: int, **children) -> list:
    """The part's rows under a parent, as dataclasses; `children(row_id)` fills a list attribute (scenarios,
    positions, risk numbers) from the row's id."""
    return [cls(**from_row(db, codes, part, row), **{name: load(row["id"]) for name, load in children.items()})
            for row in select(db, part, f"{part.parent_column} = ?", (parent_id,), extra=("id",))]


def load(db, codes: AgencyCodes, row_id: int) -> m.Meeting:
    data = select(db, record.MEETING, "id = ?", (row_id,),
                  extra=("uid", "individual_id", "previous_meeting_id"), order="id")[0]
    individual_uid = db.scalar("SELECT uid FROM individuals WHERE id = ?", (data["individual_id"],))
    meeting = m.Meeting(uid=data["uid"], individual_uid=individual_uid,
                        **from_row(db, codes, record.MEETING, data))
    for part, attribute, cls in _plain_lists(True) + _plain_lists(False):
        setattr(meeting, attribute, _rows(db, codes, part, cls, row_id))
    meeting.risks, meeting.rmp_measures, meeting.contingencies = load_plan(db, codes, row_id)
    meeting.decisions = _rows(db, codes, record.DECISION, m.Decision, row_id,
                              positions=lambda did: _rows(db, codes, record.POSITION, m.Position, did),
                              options_not_taken=lambda did: _rows(db, codes, record.OPTION_NOT_TAKEN,
                                                                  m.OptionNotTaken, did))
    meeting.actions = load_actions(db, codes, row_id)
    if data["previous_meeting_id"] is not None:
        meeting.previous = load_previous(db, codes, data["previous_meeting_id"])
    return meeting


def load_plan(db, codes: AgencyCodes, meeting_id: int):
    risks = _rows(db, codes, record.RISK, m.Risk, meeting_id,
                  scenarios=lambda risk_id: _rows(db, codes, record.SCENARIO, m.RiskScenario, risk_id))
    measures = _rows(db, codes, record.MEASURE, m.RmpMeasure, meeting_id, risk_numbers=lambda measure_id: [
        r["risk_number"] for r in db.rows(
            "SELECT risk_number FROM rmp_measure_risks WHERE measure_id = ? ORDER BY risk_number", (measure_id,))])
    contingencies = _rows(db, codes, record.CONTINGENCY, m.Contingency, meeting_id)
    return risks, measures, contingencies


def load_actions(db, codes: AgencyCodes, meeting_id: int) -> list[m.Action]:
    return [m.Action(uid=row["uid"], **from_row(db, codes, record.ACTION, row))
            for row in select(db, record.ACTION, "meeting_id = ?", (meeting_id,), extra=("uid",))]


def load_previous(db, codes: AgencyCodes, meeting_id: int) -> m.PreviousMeeting:
    row = db.rows("SELECT uid, kind, level, meeting_date, review_date FROM meetings WHERE id = ?", (meeting_id,))[0]
    risks, measures, contingencies = load_plan(db, codes, meeting_id)
    return m.PreviousMeeting(**row, risks=risks, rmp_measures=measures, contingencies=contingencies,
                             actions=load_actions(db, codes, meeting_id))


def summaries(db) -> list[dict]:
    return db.rows(
        """SELECT mt.id, mt.uid, mt.individual_id, mt.kind, mt.level, mt.meeting_date AS date, mt.status,
                  mt.review_date
           FROM meetings mt ORDER BY mt.meeting_date, mt.id""")


def save_previous(db, codes: AgencyCodes, previous: m.PreviousMeeting, individual_id: int, now: str) -> int:
    """Create the earlier meeting a review refers to, from the plan and actions an import carries."""
    row_id = insert(db, "meetings", {
        "uid": previous.uid, "individual_id": individual_id, "kind": previous.kind, "level": previous.level,
        "meeting_date": previous.meeting_date, "review_date": previous.review_date, "status": "final",
        "created_at": now, "updated_at": now})
    save_plan(db, codes, row_id, previous.risks, previous.rmp_measures, previous.contingencies)
    save_actions(db, codes, row_id, previous.actions)
    return row_id
