"""Counts the keys a chair presses for two cockpit jobs, by driving the real window (issue 15).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/keystrokes.py

Run from a checkout's own directory: that checkout's code is driven. Fictional data only, in a temporary folder,
with no keyring (the app then asks for the passphrase). Setting up (unlocking, choosing the individual and the meeting, reaching the step) is
not counted; from the stated starting point every key is sent through `Keys`, which counts it, and the database is
read back through the core (mappa_desk.services.cockpit.load) at the end of each job.

(a) A risk with one scenario, from arriving on the risks step.
(b) The roll-call of ten invitees: seven present, two apologies, one did not attend, from the focus on the first
    attendee's attendance cell. The roll-call (ui/cockpit/roll_call.py) is used where the window has one; the older
    attendance cards otherwise, with Tab between them (the script says which it found). Where there is a
    roll-call, a second fresh vault measures (b') its other path: the absent ones by letter, then Ctrl+Shift+P.

Two probes, not counted, run after the jobs and report what one key does to the record: Ctrl+Shift+P with the
focus on an attendee who sent apologies, and Down on an attendance drop-down.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
sys.path.insert(0, os.getcwd())

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox, QListWidget, QPushButton, QTableView, QWidget  # noqa: E402

from mappa_desk.services import cockpit as cockpit_service  # noqa: E402
from mappa_desk.services import records  # noqa: E402
from mappa_desk.services import session as sessions  # noqa: E402
from mappa_desk.vault.keyfile import KdfParams  # noqa: E402

PASSPHRASE = "correct horse battery staple"
FAST_KDF = KdfParams(memory_kib=8192, iterations=1, lanes=1)
TIMEOUT_S = 60

RISK_KIND = "Sexual offending"
RISK_DESCRIPTION = "Contact offending against a child known to the family"
SCENARIO = (("context", "Unsupervised contact at family gatherings"),
            ("what", "Sexual contact with a child"),
            ("who_at_risk", "Children of relatives"),
            ("when_likely", "Weekend family visits"),
            ("how", "Grooming through gifts and trust"),
            ("why", "Sexual interest in children"))
SERIOUSNESS = ("high", "h")  # stored value, the letter typed on the drop-down
# The ten attendees in order: seven present, two apologies, one did not attend, mixed as on a real list.
WANTED = ["present", "present", "apologies", "present", "present", "did_not_attend", "present", "present",
          "apologies", "present"]
LETTER = {"present": "p", "apologies": "a", "did_not_attend": "d"}
EXTRA_ATTENDEES = ("Health liaison", "Criminal justice social work", "Victim liaison")


def wait_until(predicate, what: str, timeout: float = TIMEOUT_S) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        QTest.qWait(20)


def focus_name() -> str:
    w = QApplication.focusWidget()
    return w.objectName() if w is not None else "(nothing)"


class Keys:
    """Every key sent to the window, counted: `events` counts a chord (Ctrl+Shift+R) as one, `physical` counts
    each key held down in it; `typed` is the part of `events` that is text typed into a field."""

    def __init__(self, window):
        self.window = window
        self.events = self.physical = self.typed = 0
        self.clicks = 0  # no job here needs the mouse: nothing in a counted stretch clicks
        self.trace: list[str] = []
        self.tab_walks: list[list[str]] = []  # the widgets each run of Tabs went through

    def _settle(self) -> None:
        QTest.qWait(10)
        wait_until(lambda: not self.window.controller.runner.is_busy(), "the edits to reach the database")
        QTest.qWait(10)

    def press(self, key, modifiers=Qt.KeyboardModifier.NoModifier, label: str = "") -> None:
        target = QApplication.focusWidget() or self.window
        QTest.keyClick(target, key, modifiers)
        self.events += 1
        self.physical += 1 + bin(int(modifiers.value if hasattr(modifiers, "value") else modifiers)).count("1")
        self.trace.append(label or str(key))
        self._settle()

    def letter(self, char: str) -> None:
        target = QApplication.focusWidget() or self.window
        QTest.keyClick(target, char)
        self.events += 1
        self.physical += 1
        self.trace.append(char.upper())
        self._settle()

    def type(self, text: str) -> None:
        target = QApplication.focusWidget()
        assert target is not None, "typing with nothing focused"
        QTest.keyClicks(target, text)
        self.events += len(text)
        self.physical += len(text)  # capitals counted as one key each (Shift not counted)
        self.typed += len(text)
        self.trace.append(f"<{len(text)} chars>")
        self._settle()

    def tab_to(self, object_name: str, limit: int = 150) -> None:
        """Tab forward until the named widget has the focus, counting each Tab."""
        n, walk = 0, []
        while focus_name() != object_name:
            assert n < limit, f"{object_name} not reached by Tab (focus on {focus_name()})"
            QTest.keyClick(QApplication.focusWidget() or self.window, Qt.Key.Key_Tab)
            n += 1
            QTest.qWait(10)
            walk.append(focus_name())
        self.events += n
        self.physical += n
        if n:
            self.trace.append(f"Tab x{n}")
            self.tab_walks.append(walk)

    def summary(self) -> str:
        compact: list[str] = []
        for item in self.trace:  # "Down, Down" as "Down x2"
            if compact and compact[-1].split(" x")[0] == item and not item.startswith("Tab"):
                head, _, count = compact[-1].partition(" x")
                compact[-1] = f"{head} x{int(count or 1) + 1}"
            else:
                compact.append(item)
        return ", ".join(compact)


# -- setting up (not counted) --------------------------------------------------------------------------------------
def make_vault(folder: Path) -> tuple[int, str]:
    """The demo records; the planned Level 2 review gets ten invitees. Returns its id and VISOR reference."""
    _recovery, session = sessions.create(folder, PASSPHRASE, kdf=FAST_KDF)
    try:
        records.load_demo(session)
        db = session.db
        meeting_id = db.scalar("SELECT id FROM meetings WHERE status = 'planned' AND kind = 'review' AND level = 2")
        count = db.scalar("SELECT count(*) FROM attendance WHERE meeting_id = ?", (meeting_id,))
        agency = db.scalar("SELECT min(id) FROM agencies")
        with db.transaction():
            for n, capacity in enumerate(EXTRA_ATTENDEES[:10 - count]):
                db.execute("INSERT INTO attendance (meeting_id, agency_id, capacity, status, position) "
                           "VALUES (?, ?, ?, 'invited', ?)", (meeting_id, agency, capacity, count + n))
        statuses = [r[0] for r in db.query("SELECT status FROM attendance WHERE meeting_id = ?", (meeting_id,))]
        assert statuses == ["invited"] * 10, statuses
        visor = db.scalar("SELECT visor_ref FROM individuals JOIN meetings ON meetings.individual_id = individuals.id "
                          "WHERE meetings.id = ?", (meeting_id,))
    finally:
        session.close()
    return meeting_id, visor


def click_row(table: QTableView, text: str) -> None:
    model = table.model()
    row = next(r for r in range(model.rowCount())
               if any(text in str(model.index(r, c).data() or "") for c in range(model.columnCount())))
    index = model.index(row, 0)
    table.scrollTo(index)
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


def open_meeting(folder: Path, visor: str):
    """Unlock and open the meeting as tests/ui/test_cockpit_review.py does (setting up: not counted)."""
    from ui.app import build_main_window
    window = build_main_window(folder)
    window.show()
    QTest.qWaitForWindowExposed(window)
    field = window.findChild(QWidget, "unlockPassphrase")
    wait_until(lambda: field.isVisible() and field.isEnabled(), "the unlock page")
    QTest.keyClicks(field, PASSPHRASE)
    QTest.keyClick(field, Qt.Key.Key_Return)
    wait_until(lambda: window.findChild(QWidget, "homeView").isVisible(), "the home page")
    individuals = window.findChild(QTableView, "individualList")
    wait_until(lambda: individuals.model().rowCount() > 0, "the individuals")
    click_row(individuals, visor)
    meetings = window.findChild(QTableView, "meetingList")
    wait_until(lambda: any("15 Dec 2026" in str(meetings.model().index(r, 0).data())
                           for r in range(meetings.model().rowCount())), "the meetings")
    click_row(meetings, "15 Dec 2026")
    QTest.mouseClick(window.findChild(QPushButton, "openMeetingButton"), Qt.MouseButton.LeftButton)
    wait_until(lambda: window.controller.cockpit.data is not None
               and window.findChild(QListWidget, "agendaRail") is not None
               and window.findChild(QListWidget, "agendaRail").count() > 0, "the cockpit")
    wait_until(lambda: not window.controller.runner.is_busy(), "the cockpit to settle")
    return window


def stored(window):
    """What the database holds now, read through the core on the window's own session once every edit is in."""
    ctl = window.controller.cockpit
    wait_until(lambda: not window.controller.runner.is_busy(), "the edits to reach the database")
    return cockpit_service.load(ctl.session, ctl.meeting_id)


def widget_named(window, name: str, kind=QWidget):
    found = window.findChild(kind, name)
    assert found is not None, f"no {kind.__name__} {name!r}"
    return found


# -- job (b): the roll-call -----------------------------------------------------------------------------------------
def roll_call(window, shortcut: bool = False) -> tuple[Keys, str]:
    ctl = window.controller.cockpit
    assert "Introductions" in window.cockpit_view.step_title.text(), window.cockpit_view.step_title.text()
    ids = [r["id"] for r in ctl.data.rows["attendance"]]
    assert len(ids) == 10
    has_roll_call = window.findChild(QWidget, "rollCall") is not None
    first = widget_named(window, f"attendance:{ids[0]}:status", QComboBox)
    first.setFocus()
    wait_until(first.hasFocus, "the first attendance cell to take the focus")
    keys = Keys(window)
    if has_roll_call and shortcut:
        path = ("roll-call: Down to each absent attendee and its letter, then Ctrl+Shift+P (the next unmarked "
                "attendee present) seven times")
        at = 0
        for n, (row_id, status) in enumerate(zip(ids, WANTED)):
            if status == "present":
                continue
            for _ in range(n - at):
                keys.press(Qt.Key.Key_Down, label="Down")
            at = n
            assert focus_name() == f"attendance:{row_id}:status", focus_name()
            keys.letter(LETTER[status])
        ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        for _ in range(WANTED.count("present")):
            keys.press(Qt.Key.Key_P, ctrl_shift, label="Ctrl+Shift+P")
    elif has_roll_call:
        path = "roll-call: a letter in each attendance cell, Down to the next line"
        for n, (row_id, status) in enumerate(zip(ids, WANTED)):
            assert focus_name() == f"attendance:{row_id}:status", focus_name()
            keys.letter(LETTER[status])
            if n < len(ids) - 1:
                keys.press(Qt.Key.Key_Down, label="Down")
    else:
        path = "attendance cards: a letter in each card's Attendance drop-down, Tab to the next card's"
        for row_id, status in zip(ids, WANTED):
            keys.tab_to(f"attendance:{row_id}:status")
            keys.letter(LETTER[status])
    data = stored(window)
    got = [r["status"] for r in sorted(data.rows["attendance"], key=lambda r: ids.index(r["id"]))]
    assert got == WANTED, f"the database holds {got}"
    return keys, path


# -- job (a): one risk with one scenario ----------------------------------------------------------------------------
def risk_with_scenario(window) -> tuple[Keys, str]:
    ctl = window.controller.cockpit
    target = next(i for i, s in enumerate(ctl.steps) if "risk" in s["title"].lower() and "management" not in
                  s["title"].lower())
    ctl.view.rail.setFocus()
    for _ in range(len(ctl.steps)):  # Ctrl+Page Down along the agenda (setting up: not counted)
        if ctl.current == target:
            break
        QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
        wait_until(lambda: not window.controller.runner.is_busy(), "the step")
    assert ctl.current == target
    title = window.cockpit_view.step_title.text()
    arrived_focus = focus_name()
    before_ids = {r["id"] for r in ctl.data.rows["risks"]}
    keys = Keys(window)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    keys.press(Qt.Key.Key_R, ctrl_shift, label="Ctrl+Shift+R")
    wait_until(lambda: focus_name().startswith("risks:") and focus_name().endswith(":kind"), "the new risk's field")
    risk_id = int(focus_name().split(":")[1])
    assert risk_id not in before_ids
    keys.type(RISK_KIND)
    keys.tab_to(f"risks:{risk_id}:description")
    keys.type(RISK_DESCRIPTION)
    if "Ctrl+Shift+S" in getattr(ctl, "shortcuts", {}):  # a new scenario for the risk in focus, by one chord
        keys.press(Qt.Key.Key_S, ctrl_shift, label="Ctrl+Shift+S")
    else:  # older code: Tab to the risk's "Add scenario" button and press it
        keys.tab_to(f"risks:{risk_id}:addScenario")
        keys.press(Qt.Key.Key_Space, label="Space")
    wait_until(lambda: focus_name().startswith("risk_scenarios:") and focus_name().endswith(":context"),
               "the new scenario's first field")
    scenario_id = int(focus_name().split(":")[1])
    for column, text in SCENARIO:
        keys.tab_to(f"risk_scenarios:{scenario_id}:{column}")
        keys.type(text)
    keys.tab_to(f"risk_scenarios:{scenario_id}:seriousness")
    keys.letter(SERIOUSNESS[1])
    data = stored(window)
    risk = next(r for r in data.rows["risks"] if r["id"] == risk_id)
    assert (risk["kind"], risk["description"]) == (RISK_KIND, RISK_DESCRIPTION), risk
    scenario = next(s for s in data.rows["risk_scenarios"] if s["id"] == scenario_id)
    assert scenario["risk_id"] == risk_id
    assert {c: scenario[c] for c, _t in SCENARIO} == dict(SCENARIO), scenario
    assert scenario["seriousness"] == SERIOUSNESS[0], scenario["seriousness"]
    return keys, f"arrived on {title!r} by Ctrl+Page Down, focus then on {arrived_focus!r}"


def probe_ctrl_shift_p(window) -> str:
    """Not counted: with the focus on an attendee marked Apologies, what does Ctrl+Shift+P do to the record?"""
    ctl = window.controller.cockpit
    ctl.go_to_step(0)
    wait_until(lambda: not window.controller.runner.is_busy(), "the first step")
    ids = [r["id"] for r in ctl.data.rows["attendance"]]
    absent = ids[WANTED.index("apologies")]
    other = stored(window).rows["attendance"]
    cell = widget_named(window, f"attendance:{absent}:status", QComboBox)
    cell.setFocus()
    wait_until(cell.hasFocus, "the attendance cell")
    QTest.keyClick(cell, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    QTest.qWait(50)
    after = stored(window).rows["attendance"]
    changed = [(a["id"], b["status"], a["status"]) for a, b in zip(after, other) if a["status"] != b["status"]]
    return (f"Ctrl+Shift+P with the focus on attendee {ids.index(absent) + 1} (Apologies, every attendee marked): "
            + ("nothing changed" if not changed else
               "; ".join(f"attendee {ids.index(i) + 1} {was} -> {now}" for i, was, now in changed)))


def probe_down(window) -> str:
    """Not counted: Down on the first attendee's attendance drop-down (Present), as a chair moving down a list."""
    ctl = window.controller.cockpit
    ids = [r["id"] for r in ctl.data.rows["attendance"]]
    before = stored(window).rows["attendance"]
    cell = widget_named(window, f"attendance:{ids[0]}:status", QComboBox)
    cell.setFocus()
    wait_until(cell.hasFocus, "the attendance cell")
    QTest.keyClick(cell, Qt.Key.Key_Down)
    QTest.qWait(50)
    after = stored(window).rows["attendance"]
    changed = [(a["id"], b["status"], a["status"]) for a, b in zip(after, before) if a["status"] != b["status"]]
    return (f"Down on attendee 1's attendance (Present): focus then on {focus_name()!r}; "
            + ("nothing changed" if not changed else
               "; ".join(f"attendee {ids.index(i) + 1} {was} -> {now}" for i, was, now in changed)))


def fresh_window(temp: str, name: str):
    folder = Path(temp) / name
    _meeting_id, visor = make_vault(folder)
    return open_meeting(folder, visor)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as temp:
        window = fresh_window(temp, "vault")
        try:
            b_keys, b_path = roll_call(window)
            a_keys, a_path = risk_with_scenario(window)
            probe = probe_ctrl_shift_p(window)
            probe_2 = probe_down(window)
            has_roll_call = window.findChild(QWidget, "rollCall") is not None
        finally:
            window.close()
            app.processEvents()
        b2 = None
        if has_roll_call:
            window = fresh_window(temp, "vault2")
            try:
                b2 = roll_call(window, shortcut=True)
            finally:
                window.close()
                app.processEvents()
    code = Path(os.getcwd()).name
    rows = [("(a) risk + 1 scenario", a_keys), ("(b) roll-call of 10", b_keys)]
    print(f"\nCode driven: {os.getcwd()}")
    print(f"(a) {a_path}\n    keys: {a_keys.summary()}")
    print(f"(b) {b_path}\n    keys: {b_keys.summary()}")
    for walk in b_keys.tab_walks[:3]:
        print(f"    one Tab run went through: {', '.join(walk)}")
    if b2 is not None:
        rows.append(("(b') roll-call of 10, Ctrl+Shift+P path", b2[0]))
        print(f"(b') {b2[1]}\n    keys: {b2[0].summary()}")
    else:
        print("(b') no roll-call here: Ctrl+Shift+P in an attendance card marks that card's attendee present, "
              "so it cannot skip to the next unmarked one from inside the cards")
    print(f"Probe: {probe}")
    print(f"Probe: {probe_2}")
    print(f"\n| {code} job | key presses (chord = 1) | of which typed text | physical keys (modifiers counted) "
          f"| mouse clicks |")
    print("|---|---|---|---|---|")
    for job, k in rows:
        print(f"| {job} | {k.events} | {k.typed} | {k.physical} | {k.clicks} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
