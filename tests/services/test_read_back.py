"""The read-back at the close: what the record holds, in order, and the plan against last meeting's."""

from mappa_desk.services import read_back, records
from mappa_desk.services.read_back import ADDED, CHANGED, REMOVED, SAME, Measure, compare_plans


def _review_with_previous(session) -> int:
    records.load_demo(session)
    return session.db.scalar("""SELECT m.id FROM meetings m WHERE m.previous_meeting_id IS NOT NULL
                                AND EXISTS (SELECT 1 FROM actions a WHERE a.meeting_id = m.id)
                                AND EXISTS (SELECT 1 FROM rmp_measures x WHERE x.meeting_id = m.id)
                                ORDER BY m.id LIMIT 1""")


def test_read_back_lists_what_the_record_holds(vault_session):
    db = vault_session.db
    meeting_id = _review_with_previous(vault_session)
    shown = read_back.load(vault_session, meeting_id)
    actions = db.query("SELECT description, person_name FROM actions WHERE meeting_id = ? ORDER BY position, id",
                       (meeting_id,))
    assert [a.split(". ", 1)[0] for a in shown.actions] == [str(n) for n in range(1, len(actions) + 1)]
    for line, (description, person) in zip(shown.actions, actions):
        assert description in line and person in line
    questions = [q for (q,) in db.query("SELECT question FROM decisions WHERE meeting_id = ? ORDER BY position, id",
                                        (meeting_id,))]
    assert len(shown.decisions) == len(questions) and all(q in d for q, d in zip(questions, shown.decisions))
    review = db.scalar("SELECT review_date FROM meetings WHERE id = ?", (meeting_id,))
    assert shown.review_date and shown.review_date.split()[-1] == review[:4]
    assert shown.level.startswith("Level")
    assert shown.previous_date


def test_a_measure_edited_after_carry_forward_shows_as_changed(vault_session):
    db = vault_session.db
    meeting_id = _review_with_previous(vault_session)
    previous_id = db.scalar("SELECT previous_meeting_id FROM meetings WHERE id = ?", (meeting_id,))
    # Make this meeting's plan the carried copy of last meeting's (as create_meeting does), then edit it.
    from mappa_desk.services.new_meeting import _carry_forward
    from mappa_desk.storage.rows import AgencyCodes
    with db.transaction():
        db.execute("DELETE FROM rmp_measures WHERE meeting_id = ?", (meeting_id,))
        db.execute("DELETE FROM risks WHERE meeting_id = ?", (meeting_id,))
        db.execute("DELETE FROM contingencies WHERE meeting_id = ?", (meeting_id,))
        _carry_forward(db, AgencyCodes(db), previous_id, meeting_id)
        first, second = [i for (i,) in db.query(
            "SELECT id FROM rmp_measures WHERE meeting_id = ? ORDER BY position, id LIMIT 2", (meeting_id,))]
        old = db.scalar("SELECT description FROM rmp_measures WHERE id = ?", (first,))
        db.execute("UPDATE rmp_measures SET description = 'Weekly home visits by the police' WHERE id = ?", (first,))
        removed = db.scalar("SELECT description FROM rmp_measures WHERE id = ?", (second,))
        db.execute("DELETE FROM rmp_measures WHERE id = ?", (second,))
        db.execute("INSERT INTO rmp_measures (meeting_id, heading, description, position) "
                   "VALUES (?, 'supervision', 'Polygraph test', 99)", (meeting_id,))
    plan = read_back.load(vault_session, meeting_id).plan
    marks = {line.mark for line in plan}
    changed = [line for line in plan if line.mark == CHANGED]
    assert len(changed) == 1 and changed[0].was.description == old
    assert changed[0].sentence().startswith("Changed: ")
    assert f"was {changed[0].was.heading}: {old}" in changed[0].sentence()
    assert [line.was.description for line in plan if line.mark == REMOVED] == [removed]
    assert [line.now.description for line in plan if line.mark == ADDED] == ["Polygraph test"]
    assert marks <= {ADDED, REMOVED, CHANGED, SAME}


def test_moved_but_identical_measures_are_unchanged_and_position_gives_identity():
    a, b, c = (Measure("Supervision", t, "Police", "") for t in ("A", "B", "C"))
    b2 = Measure("Supervision", "B, fortnightly", "Police", "")
    lines = compare_plans([a, b, c], [(0, a), (1, b2), (5, c)])
    assert [line.mark for line in lines] == [SAME, CHANGED, SAME]
    assert lines[1].was == b
    lines = compare_plans([a, b], [(1, b), (2, c)])
    assert [(line.mark, (line.now or line.was).description) for line in lines] == \
        [(SAME, "B"), (ADDED, "C"), (REMOVED, "A")]


def test_a_measure_linked_to_another_risk_is_changed():
    a = Measure("Supervision", "Home visits", "Police", "Monthly", (1,))
    a2 = Measure("Supervision", "Home visits", "Police", "Monthly", (1, 2))
    [line] = compare_plans([a], [(0, a2)])
    assert line.mark == CHANGED
    assert line.sentence() == ("Changed: Supervision: Home visits (Police, Monthly; risk 1, 2) — "
                               "was Supervision: Home visits (Police, Monthly; risk 1)")
