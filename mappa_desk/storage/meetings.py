"""The meeting aggregate: a meeting with everything recorded at it.

`save` replaces the meeting's child rows as a whole (the service wraps it in
one transaction, so a reader sees the old meeting or the new one). Outcomes
of the previous meeting's actions are written onto that meeting's action rows.
"""

from __future__ import annotations

from mappa_desk.domain import model as m
from mappa_desk.storage import people
from mappa_desk.storage.rows import AgencyCodes, flag, insert

_MEETING_FIELDS = ("kind", "level", "meeting_date", "start_time", "end_time", "location", "status",
                   "confidentiality_agreed_at", "individual_informed_by", "rosh_level", "victim_issues",
                   "diversity_issues", "housing_notes", "level_decision", "level_after", "level_rationale",
                   "review_date", "next_meeting_date", "tribunal_recommendation", "tribunal_position")


def id_of(db, uid: str) -> int | None:
    row = db.query("SELECT id FROM meetings WHERE uid = ?", (uid,))
    return row[0][0] if row else None


def save(db, codes: AgencyCodes, meeting: m.Meeting, individual_id: int, now: str) -> int:
    previous_id = id_of(db, meeting.previous.uid) if meeting.previous else None
    values = {field: getattr(meeting, field) for field in _MEETING_FIELDS}
    values.update(
        individual_id=individual_id, previous_meeting_id=previous_id,
        confidentiality_agreed=flag(meeting.confidentiality_agreed),
        chair_id=people.save(db, codes, meeting.chair),
        minute_taker_id=people.save(db, codes, meeting.minute_taker),
        coordinator_id=people.save(db, codes, meeting.coordinator),
        lead_agency_id=codes.id_of(meeting.lead_agency),
    )
    row_id = id_of(db, meeting.uid)
    is_new = row_id is None
    if is_new:
        row_id = insert(db, "meetings", {"uid": meeting.uid, **values, "created_at": now, "updated_at": now})
    else:
        sets = ", ".join(f"{col} = ?" for col in values)
        db.execute(f"UPDATE meetings SET {sets}, updated_at = ? WHERE id = ?", (*values.values(), now, row_id))
        for table in ("attendance", "agenda_items", "information_items", "risks", "rmp_measures",
                      "contingencies", "decisions", "disclosures"):
            db.execute(f"DELETE FROM {table} WHERE meeting_id = ?", (row_id,))
        reviewed_in = dict(db.query("SELECT uid, reviewed_in_meeting_id FROM actions WHERE meeting_id = ? "
                                    "AND reviewed_in_meeting_id IS NOT NULL", (row_id,)))
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


def _save_children(db, codes: AgencyCodes, meeting: m.Meeting, row_id: int) -> None:
    for pos, a in enumerate(meeting.attendance):
        insert(db, "attendance", {
            "meeting_id": row_id, "agency_id": codes.id_of(a.agency), "person_id": people.save(db, codes, a.person),
            "capacity": a.capacity, "status": a.status, "arrived_at": a.arrived_at, "left_at": a.left_at,
            "report_received": flag(a.report_received), "limitation": a.limitation,
            "confidentiality_agreed": flag(a.confidentiality_agreed), "position": pos})
    for pos, item in enumerate(meeting.agenda):
        insert(db, "agenda_items", {
            "meeting_id": row_id, "step_key": item.step_key, "title": item.title, "state": item.state,
            "skip_reason": item.skip_reason, "allocated_seconds": item.allocated_seconds,
            "seconds_spent": item.seconds_spent, "position": pos})
    for pos, info in enumerate(meeting.information):
        insert(db, "information_items", {
            "meeting_id": row_id, "source_agency_id": codes.id_of(info.source_agency), "text": info.text,
            "shareable": flag(info.shareable), "position": pos})
    save_plan(db, codes, row_id, meeting.risks, meeting.rmp_measures, meeting.contingencies)
    for pos, d in enumerate(meeting.decisions):
        decision_id = insert(db, "decisions", {
            "meeting_id": row_id, "question": d.question, "options_considered": d.options_considered,
            "outcome": d.outcome, "decision_text": d.decision_text, "rationale": d.rationale,
            "how_proceeded": d.how_proceeded, "position": pos})
        for ppos, p in enumerate(d.positions):
            insert(db, "decision_positions", {"decision_id": decision_id, "agency_id": codes.id_of(p.agency),
                                              "stance": p.stance, "reason": p.reason, "position": ppos})
        for opos, o in enumerate(d.options_not_taken):
            insert(db, "options_not_taken", {"decision_id": decision_id, "option_text": o.option_text,
                                             "reason": o.reason, "position": opos})
    for pos, d in enumerate(meeting.disclosures):
        insert(db, "disclosures", {
            "meeting_id": row_id, "made": flag(d.made), "to_whom": d.to_whom, "what": d.what,
            "by_agency_id": codes.id_of(d.by_agency), "by_person": d.by_person, "by_when": d.by_when,
            "reason_not_made": d.reason_not_made, "position": pos})
    save_actions(db, codes, row_id, meeting.actions)


def save_plan(db, codes: AgencyCodes, meeting_id: int, risks, measures, contingencies) -> None:
    for r in risks:
        risk_id = insert(db, "risks", {"meeting_id": meeting_id, "number": r.number, "kind": r.kind,
                                       "description": r.description, "strategy_rationale": r.strategy_rationale})
        for pos, s in enumerate(r.scenarios):
            insert(db, "risk_scenarios", {
                "risk_id": risk_id, "context": s.context, "what": s.what, "who_at_risk": s.who_at_risk,
                "when_likely": s.when_likely, "how": s.how, "why": s.why, "seriousness": s.seriousness,
                "position": pos})
    for pos, x in enumerate(measures):
        measure_id = insert(db, "rmp_measures", {
            "meeting_id": meeting_id, "heading": x.heading, "description": x.description,
            "agency_id": codes.id_of(x.agency), "person_name": x.person_name, "timescale": x.timescale,
            "position": pos})
        for number in sorted(set(x.risk_numbers)):
            db.execute("INSERT INTO rmp_measure_risks (measure_id, risk_number) VALUES (?, ?)", (measure_id, number))
    for pos, c in enumerate(contingencies):
        insert(db, "contingencies", {"meeting_id": meeting_id, "trigger": c.trigger, "response": c.response,
                                     "agency_id": codes.id_of(c.agency), "person_name": c.person_name,
                                     "position": pos})


def save_actions(db, codes: AgencyCodes, meeting_id: int, actions) -> None:
    for pos, a in enumerate(actions):
        insert(db, "actions", {
            "meeting_id": meeting_id, "uid": a.uid, "description": a.description, "person_name": a.person_name,
            "agency_id": codes.id_of(a.agency), "due_date": a.due_date, "status": a.status,
            "outcome": a.outcome, "outcome_note": a.outcome_note, "position": pos})


def _save_previous_outcomes(db, previous: m.PreviousMeeting, previous_id: int, review_id: int) -> None:
    for a in previous.actions:
        db.execute(
            """UPDATE actions SET status = ?, outcome = ?, outcome_note = ?,
                      reviewed_in_meeting_id = CASE WHEN ? IS NULL THEN reviewed_in_meeting_id ELSE ? END
               WHERE uid = ? AND meeting_id = ?""",
            (a.status, a.outcome, a.outcome_note, a.outcome, review_id, a.uid, previous_id))


# -- loading ------------------------------------------------------------------------
def load(db, codes: AgencyCodes, row_id: int) -> m.Meeting:
    cols = ("uid", "individual_id", "previous_meeting_id", "chair_id", "minute_taker_id", "coordinator_id",
            "lead_agency_id", "confidentiality_agreed") + _MEETING_FIELDS
    data = dict(zip(cols, db.query(f"SELECT {', '.join(cols)} FROM meetings WHERE id = ?", (row_id,))[0]))
    individual_uid = db.scalar("SELECT uid FROM individuals WHERE id = ?", (data["individual_id"],))
    meeting = m.Meeting(
        uid=data["uid"], individual_uid=individual_uid,
        **{field: data[field] for field in _MEETING_FIELDS},
        confidentiality_agreed=bool(data["confidentiality_agreed"]),
        chair=people.load(db, codes, data["chair_id"]),
        minute_taker=people.load(db, codes, data["minute_taker_id"]),
        coordinator=people.load(db, codes, data["coordinator_id"]),
        lead_agency=codes.code_of(data["lead_agency_id"]),
    )
    meeting.attendance = [
        m.Attendance(status=st, agency=codes.code_of(ag), person=people.load(db, codes, pid), capacity=cap,
                     arrived_at=arr, left_at=left, report_received=bool(rep), limitation=lim,
                     confidentiality_agreed=bool(conf))
        for ag, pid, cap, st, arr, left, rep, lim, conf in db.query(
            """SELECT agency_id, person_id, capacity, status, arrived_at, left_at, report_received, limitation,
                      confidentiality_agreed FROM attendance WHERE meeting_id = ? ORDER BY position, id""", (row_id,))]
    meeting.agenda = [m.AgendaItem(*r) for r in db.query(
        """SELECT step_key, title, state, skip_reason, allocated_seconds, seconds_spent FROM agenda_items
           WHERE meeting_id = ? ORDER BY position, id""", (row_id,))]
    meeting.information = [m.InformationItem(text=t, source_agency=codes.code_of(a), shareable=bool(s)) for a, t, s in
                           db.query("""SELECT source_agency_id, text, shareable FROM information_items
                                       WHERE meeting_id = ? ORDER BY position, id""", (row_id,))]
    meeting.risks, meeting.rmp_measures, meeting.contingencies = load_plan(db, codes, row_id)
    meeting.decisions = _load_decisions(db, codes, row_id)
    meeting.disclosures = [
        m.Disclosure(made=bool(made), to_whom=tw, what=wh, by_agency=codes.code_of(ag), by_person=bp, by_when=bw,
                     reason_not_made=rn)
        for made, tw, wh, ag, bp, bw, rn in db.query(
            """SELECT made, to_whom, what, by_agency_id, by_person, by_when, reason_not_made FROM disclosures
               WHERE meeting_id = ? ORDER BY position, id""", (row_id,))]
    meeting.actions = load_actions(db, codes, row_id)
    if data["previous_meeting_id"] is not None:
        meeting.previous = load_previous(db, codes, data["previous_meeting_id"])
    return meeting


def load_plan(db, codes: AgencyCodes, meeting_id: int):
    risks = []
    for risk_id, number, kind, desc, rationale in db.query(
            "SELECT id, number, kind, description, strategy_rationale FROM risks WHERE meeting_id = ? ORDER BY number",
            (meeting_id,)):
        scenarios = [m.RiskScenario(*r) for r in db.query(
            """SELECT context, what, who_at_risk, when_likely, how, why, seriousness FROM risk_scenarios
               WHERE risk_id = ? ORDER BY position, id""", (risk_id,))]
        risks.append(m.Risk(number=number, kind=kind, description=desc, strategy_rationale=rationale, scenarios=scenarios))
    measures = []
    for measure_id, heading, desc, ag, person, timescale in db.query(
            """SELECT id, heading, description, agency_id, person_name, timescale FROM rmp_measures
               WHERE meeting_id = ? ORDER BY position, id""", (meeting_id,)):
        numbers = [n for (n,) in db.query(
            "SELECT risk_number FROM rmp_measure_risks WHERE measure_id = ? ORDER BY risk_number", (measure_id,))]
        measures.append(m.RmpMeasure(heading=heading, description=desc, agency=codes.code_of(ag), person_name=person,
                                     timescale=timescale, risk_numbers=numbers))
    contingencies = [m.Contingency(trigger=t, response=r, agency=codes.code_of(ag), person_name=p) for t, r, ag, p in
                     db.query("""SELECT trigger, response, agency_id, person_name FROM contingencies
                                 WHERE meeting_id = ? ORDER BY position, id""", (meeting_id,))]
    return risks, measures, contingencies


def _load_decisions(db, codes: AgencyCodes, meeting_id: int) -> list[m.Decision]:
    decisions = []
    for did, q, opts, outcome, text, rationale, how in db.query(
            """SELECT id, question, options_considered, outcome, decision_text, rationale, how_proceeded
               FROM decisions WHERE meeting_id = ? ORDER BY position, id""", (meeting_id,)):
        positions = [m.Position(agency=codes.code_of(ag), stance=st, reason=rs) for ag, st, rs in db.query(
            "SELECT agency_id, stance, reason FROM decision_positions WHERE decision_id = ? ORDER BY position, id", (did,))]
        not_taken = [m.OptionNotTaken(option_text=o, reason=r) for o, r in db.query(
            "SELECT option_text, reason FROM options_not_taken WHERE decision_id = ? ORDER BY position, id", (did,))]
        decisions.append(m.Decision(question=q, outcome=outcome, options_considered=opts, decision_text=text,
                                    rationale=rationale, how_proceeded=how, positions=positions,
                                    options_not_taken=not_taken))
    return decisions


def load_actions(db, codes: AgencyCodes, meeting_id: int) -> list[m.Action]:
    return [m.Action(uid=uid, description=d, person_name=p, agency=codes.code_of(ag), due_date=due, status=st,
                     outcome=oc, outcome_note=note)
            for uid, d, p, ag, due, st, oc, note in db.query(
                """SELECT uid, description, person_name, agency_id, due_date, status, outcome, outcome_note
                   FROM actions WHERE meeting_id = ? ORDER BY position, id""", (meeting_id,))]


def load_previous(db, codes: AgencyCodes, meeting_id: int) -> m.PreviousMeeting:
    uid, kind, level, date, review = db.query(
        "SELECT uid, kind, level, meeting_date, review_date FROM meetings WHERE id = ?", (meeting_id,))[0]
    risks, measures, contingencies = load_plan(db, codes, meeting_id)
    return m.PreviousMeeting(uid=uid, kind=kind, level=level, meeting_date=date, review_date=review, risks=risks,
                             rmp_measures=measures, contingencies=contingencies,
                             actions=load_actions(db, codes, meeting_id))


def summaries(db) -> list[dict]:
    rows = db.query(
        """SELECT mt.id, mt.uid, mt.individual_id, mt.kind, mt.level, mt.meeting_date, mt.status, mt.review_date
           FROM meetings mt ORDER BY mt.meeting_date, mt.id""")
    return [{"id": r[0], "uid": r[1], "individual_id": r[2], "kind": r[3], "level": r[4], "date": r[5],
             "status": r[6], "review_date": r[7]} for r in rows]


def save_previous(db, codes: AgencyCodes, previous: m.PreviousMeeting, individual_id: int, now: str) -> int:
    """Create the earlier meeting a review refers to, from the plan and actions an import carries."""
    row_id = insert(db, "meetings", {
        "uid": previous.uid, "individual_id": individual_id, "kind": previous.kind, "level": previous.level,
        "meeting_date": previous.meeting_date, "review_date": previous.review_date, "status": "final",
        "created_at": now, "updated_at": now})
    save_plan(db, codes, row_id, previous.risks, previous.rmp_measures, previous.contingencies)
    save_actions(db, codes, row_id, previous.actions)
    return row_id
