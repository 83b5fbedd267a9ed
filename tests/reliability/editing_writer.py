"""A scripted cockpit editing session, run as a subprocess and killed with SIGKILL by test_kill_editing.

Usage: python -m tests.reliability.editing_writer DATA_DIR MEETING_ID FIRST_SEQ SEED  (passphrase on stdin)

Each edit is one MeetingEditor call (one transaction, as the cockpit makes it). Before the call the
writer prints {"will": ...} describing the edit; after the call has returned (COMMIT done) it prints
{"done": seq, "id": ...}. Every line is flushed, so whatever the test reads was really printed.
"""

from __future__ import annotations

import json
import random
import sys

from mappa_desk.services import session as sessions
from mappa_desk.services.editing import MeetingEditor

MEETING_COLUMNS = ("housing_notes", "victim_issues", "diversity_issues")


def say(value) -> None:
    sys.stdout.write(json.dumps(value) + "\n")
    sys.stdout.flush()


def main(data_dir: str, meeting_id: int, seq: int, seed: int) -> None:
    session = sessions.unlock(data_dir, sys.stdin.readline().rstrip("\n"))
    db = session.db
    editor = MeetingEditor(session, meeting_id)
    rng = random.Random(seed)
    undo: list = []  # (change) from this process, as the cockpit's undo stack
    removed: list = []
    say({"ready": True})
    while True:
        info = [i for (i,) in db.query("SELECT id FROM information_items WHERE meeting_id = ?", (meeting_id,))]
        risks = [i for (i,) in db.query("SELECT id FROM risks WHERE meeting_id = ?", (meeting_id,))]
        choice = rng.random()
        if choice < 0.30:
            col = rng.choice(MEETING_COLUMNS)
            will = {"op": "set_meeting", "col": col, "value": f"s{seq}"}
            say({"will": will, "seq": seq})
            undo.append(editor.set("meetings", meeting_id, {col: f"s{seq}"}))
            new_id = None
        elif choice < 0.45 and info:
            row = rng.choice(info)
            say({"will": {"op": "set_info", "id": row, "value": f"s{seq}"}, "seq": seq})
            undo.append(editor.set("information_items", row, {"text": f"s{seq}"}))
            new_id = None
        elif choice < 0.55 and undo:
            change = undo.pop()
            if change.table == "meetings":
                (col, value), = change.old.items()
                will = {"op": "set_meeting", "col": col, "value": value}
            else:
                will = {"op": "set_info", "id": change.row_id, "value": change.old["text"]}
            if change.table == "information_items" and change.row_id not in info:
                continue
            say({"will": will, "seq": seq, "undo": True})
            editor.apply(change, undo=True)
            new_id = None
        elif choice < 0.70:
            say({"will": {"op": "add_info", "text": f"a{seq}"}, "seq": seq})
            new_id = editor.add("information_items", {"text": f"a{seq}"})
        elif choice < 0.80 and len(info) > 2:
            row = rng.choice(info)
            say({"will": {"op": "remove_info", "id": row}, "seq": seq})
            editor.remove("information_items", row)
            undo = [c for c in undo if not (c.table == "information_items" and c.row_id == row)]
            new_id = None
        elif choice < 0.87:
            say({"will": {"op": "add_risk", "kind": f"k{seq}"}, "seq": seq})
            new_id = editor.add("risks", {"kind": f"k{seq}"})
        elif choice < 0.94 and len(risks) > 1:
            row = rng.choice(risks)
            scenarios = [i for (i,) in db.query("SELECT id FROM risk_scenarios WHERE risk_id = ?", (row,))]
            say({"will": {"op": "remove_risk", "id": row, "scenarios": scenarios}, "seq": seq})
            removed.append(editor.remove("risks", row))
            new_id = None
        elif removed:
            gone = removed.pop()
            if db.scalar("SELECT 1 FROM risks WHERE meeting_id = ? AND number = ?",
                         (meeting_id, gone.rows[0][1]["number"])):
                continue  # an added risk took its number since: the cockpit's undo would refuse too
            kind = gone.rows[0][1]["kind"]
            scenarios = [row["id"] for table, row in gone.rows if table == "risk_scenarios"]
            say({"will": {"op": "restore_risk", "id": gone.row_id, "kind": kind, "scenarios": scenarios},
                 "seq": seq})
            editor.restore(gone)
            new_id = None
        else:
            continue
        say({"done": seq, "id": new_id})  # only after the call (and its COMMIT) returned
        seq += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
