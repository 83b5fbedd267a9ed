"""`make bench`, the GUI figures, in a process of their own: home, the cockpit on a large meeting, memory, stalls.

Run by benchmarks/bench.py as `python benchmarks/bench_gui.py FOLDER MEETING_ID OUT_FOLDER` with the
passphrase on standard input; prints one JSON object. It drives the real main window (offscreen) the way
a user would: unlock with the passphrase, wait for Home and what is due, open the meeting in the
cockpit, type into a field and leave it (autosave), then generate the documents from the Documents page.
A 5 ms heartbeat timer on the GUI thread measures how long the event loop was kept from running.
Memory: "peak_with_unlock_mb" is the app's peak over the whole run, the unlock's key derivation included;
"peak_unlock_mb" the peak up to Home listed after unlock; "rss_unlock_page_mb" what it holds with the unlock
page on screen; the "peak_meeting_open..." figures start again after the searches, apart from the unlock.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QElapsedTimer, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QPushButton, QWidget  # noqa: E402

BLOCK_MS = 50
OPENS = 5
HOMES = 5
EDITS = 40
# Search the minutes: common and rare words, phrases of several words, a prefix as typed, and a miss.
FULLTEXT_QUERIES = ("police", "children contact", "former partner", "unannounced", "tuesdays", "explained", "travel",
                    "nothing matches this zzqx")


class Heartbeat(QObject):
    """Ticks every 5 ms on the GUI thread; a late tick means the event loop was blocked for that long."""

    def __init__(self):
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.clock = QElapsedTimer()
        self.gaps: list[float] = []

    def start(self) -> None:
        self.gaps = []
        self.clock.start()
        self.timer.start()

    def stop(self) -> dict:
        self.timer.stop()
        self._tick()
        longest = max(self.gaps, default=0.0)
        return {"longest_ms": round(longest, 1), "blocks": sum(g > BLOCK_MS for g in self.gaps),
                "ticks": len(self.gaps)}

    def _tick(self) -> None:
        self.gaps.append(self.clock.nsecsElapsed() / 1e6)
        self.clock.restart()


def wait(app, condition, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.0005)


def peak_rss_mb() -> float:
    """The most memory the process has held so far (including the unlock's 128 MiB key derivation); after
    reset_peak() Linux may report only the peak since (getrusage takes the current VmHWM)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_now_mb() -> float:
    """The memory the process holds now (VmRSS)."""
    return _status_mb("VmRSS")


def reset_peak() -> None:
    """Linux: start the peak (VmHWM) again from what is held now, so a later peak is that stage's alone."""
    Path("/proc/self/clear_refs").write_text("5")


def peak_since_reset_mb() -> float:
    """VmHWM: the peak since reset_peak(), or since the process started if it was never reset."""
    return _status_mb("VmHWM")


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            child = int(stat.parent.name)
            found += [child, *_children(child)]
    return found


def tree_pss_mb() -> dict:
    """Proportional set size (shared pages split between the processes sharing them) of the app and its
    child processes (the document render workers): what they hold together, without double counting."""
    def pss(pid: int) -> float:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
        return 0.0
    children = _children(os.getpid())
    return {"app_mb": round(pss(os.getpid()), 1), "children": len(children),
            "children_mb": round(sum(pss(c) for c in children), 1)}


def unlocked_window(app, folder, passphrase: str, memory: dict | None = None):
    """The main window at 1366x768, unlocked with the passphrase as a user would, Home listed.

    `memory`, if given, gets what the process holds with the unlock page on screen (before the key derivation)
    and its peak from start until Home is listed (the key derivation's 128 MiB included)."""
    from ui.app import build_main_window

    window = build_main_window(folder)
    window.resize(1366, 768)
    window.show()
    field = window.unlock_view.findChild(QLineEdit, "unlockPassphrase")
    wait(app, lambda: field is not None and field.isVisible() and field.isEnabled())
    if memory is not None:
        memory["rss_unlock_page_mb"] = round(rss_now_mb(), 1)
    field.setText(passphrase)
    field.returnPressed.emit()
    wait(app, lambda: window.stack.currentWidget() is window.home_view and not window.controller.runner.is_busy())
    if memory is not None:
        memory["peak_unlock_mb"] = round(peak_since_reset_mb(), 1)
    return window


def main(folder: str, meeting_id: int, out_folder: str, passphrase: str) -> dict:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    memory: dict = {}
    window = unlocked_window(app, folder, passphrase, memory)
    controller = window.controller
    result = {"rss_after_unlock_mb": round(peak_rss_mb(), 1), **memory}

    result["home_ms"] = _home_times(app, controller)
    result["search_ms"] = _searches(app, window, controller)
    result["fulltext_ms"] = _fulltext_searches(app, controller)
    peak_before_meeting = peak_since_reset_mb()  # from start: the unlock, Home and the searches
    reset_peak()  # the unlock's key derivation (128 MiB, freed at once) is not the meeting's memory
    result["cockpit_open_ms"] = _cockpit_opens(app, controller, meeting_id)
    result["rss_meeting_open_mb"] = round(peak_rss_mb(), 1)
    result["rss_now_meeting_open_mb"] = round(rss_now_mb(), 1)

    heartbeat = Heartbeat()
    heartbeat.start()
    result["edits"] = _autosave(app, window, controller, meeting_id)
    result["autosave_stalls"] = heartbeat.stop()
    result["rss_after_edits_mb"] = round(peak_rss_mb(), 1)
    result["peak_meeting_open_mb"] = round(peak_since_reset_mb(), 1)
    result["rss_now_after_edits_mb"] = round(rss_now_mb(), 1)

    heartbeat.start()
    result["generation_ms"] = _generate(app, window, controller, meeting_id, out_folder)
    result["generation_stalls"] = heartbeat.stop()
    result["rss_after_generation_mb"] = round(peak_rss_mb(), 1)
    result["pss_after_generation"] = tree_pss_mb()
    result["peak_meeting_open_with_generation_mb"] = round(peak_since_reset_mb(), 1)
    result["children_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    # The app's peak over the whole run, the unlock included: the larger of the peak before the reset above
    # (VmHWM from start: unlock, Home, searches) and the peak since it (the meeting, edits, generation).
    result["peak_with_unlock_mb"] = round(max(peak_before_meeting, peak_since_reset_mb()), 1)
    result.update(_close(app, window, Path(folder) / "backups"))
    return result


def _close(app, window, backups: Path) -> dict:
    """Close the window as a user does after a day's edits: the backup on close is made before it has gone
    (waited for however long it takes, ui/backup/closing.py). How long closing took, and whether it made one."""
    before = set(backups.glob("*.mdbackup")) if backups.is_dir() else set()
    start = time.perf_counter()
    window.close()
    app.processEvents()
    seconds = time.perf_counter() - start
    made = (set(backups.glob("*.mdbackup")) if backups.is_dir() else set()) - before
    return {"close_seconds": round(seconds, 1), "close_backup_made": len(made) == 1,
            "close_backup_mb": round(sum(p.stat().st_size for p in made) / 1e6)}


def _home_times(app, controller) -> list[float]:
    """From asking Home to list, to the list, what is due and the first record on screen."""
    times = []
    for _ in range(HOMES):
        shown = []
        controller.home.sig_individual_shown.connect(shown.append)
        start = time.perf_counter()
        controller.home.load(controller.session)
        wait(app, lambda: shown and not controller.runner.is_busy())
        app.processEvents()  # paint
        times.append((time.perf_counter() - start) * 1000)
        controller.home.sig_individual_shown.disconnect(shown.append)
    return times


def search_terms(db) -> list[str]:
    """A family name, a given and family name, an alias and a ViSOR reference from the vault, and a miss."""
    family, given, ref = db.query("SELECT family_name, given_names, visor_ref FROM individuals "
                                  "WHERE visor_ref IS NOT NULL ORDER BY id DESC LIMIT 1")[0]
    alias = db.scalar("SELECT alias FROM individual_aliases ORDER BY id LIMIT 1") or family
    return [family, f"{given} {family}", alias, ref, ref.split("/")[-1], "zzzz nobody"]


def _searches(app, window, controller) -> list[float]:
    """Typing a whole search into Home's search field (one change), to the filtered list on screen (the first
    search reads the whole list: its time is in the figures). The record of the individual the search selects
    is read afterwards, on the database lane, and is not part of this figure (Home's figure has a record in
    it): the searches select different individuals in the two vaults, and waiting for their records made the
    figure grow 2.6x (7 December 2026) while showing a record costs the same at both sizes."""
    field = window.home_view.search
    model = window.home_view.individuals_model
    times = []
    for _ in range(3):
        for term in search_terms(controller.session.db):
            start = time.perf_counter()
            field.setText(term)
            # The list is read a page at a time: the first search reads it whole, on the database lane.
            wait(app, lambda: not model.waiting())
            app.processEvents()  # paint
            times.append((time.perf_counter() - start) * 1000)
            field.clear()
            app.processEvents()
    return times


def _fulltext_searches(app, controller) -> list[float]:
    """Search the minutes as a user does: the words typed into the dialog and Enter, to the results painted."""
    search = controller.search
    search.open()
    dialog = search.dialog
    times = []
    for _ in range(3):
        for query in FULLTEXT_QUERIES:
            shown = []
            search.sig_results_shown.connect(shown.append)
            dialog.field.setText(query)
            start = time.perf_counter()
            dialog.field.returnPressed.emit()  # Enter: at once, without the pause that waits for more typing
            wait(app, lambda: shown and not controller.runner.is_busy())
            app.processEvents()  # paint
            times.append((time.perf_counter() - start) * 1000)
            search.sig_results_shown.disconnect(shown.append)
            if not dialog.status.text():
                raise AssertionError("the dialog says nothing about its results")
    search.clear()
    app.processEvents()
    return times


def _cockpit_opens(app, controller, meeting_id: int) -> list[float]:
    """From Open meeting to the cockpit showing it, ready for the chair."""
    times = []
    for _ in range(OPENS):
        loaded = []
        controller.cockpit.sig_loaded.connect(lambda: loaded.append(True))
        start = time.perf_counter()
        controller._on_open_meeting(meeting_id)
        wait(app, lambda: loaded and not controller.runner.is_busy())
        app.processEvents()  # paint
        times.append((time.perf_counter() - start) * 1000)
        controller.cockpit.sig_loaded.disconnect()
    return times


def _autosave(app, window, controller, meeting_id: int) -> int:
    """Types into the level rationale and leaves it (Tab commits), EDITS times: each is one autosave."""
    cockpit = controller.cockpit
    cockpit.go_to_step(cockpit._step_of_panel("level"))
    wait(app, lambda: not controller.runner.is_busy())
    name = f"meetings:{meeting_id}:level_rationale"
    field = window.findChild(QWidget, name)
    wait(app, lambda: field is not None and field.isVisible())
    saved = []
    cockpit.sig_saved.connect(lambda: saved.append(True))
    for n in range(EDITS):
        field.setFocus()
        wait(app, field.hasFocus)
        QTest.keyClick(field, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(field, f" Reviewed again ({n}).")
        QTest.keyClick(field, Qt.Key.Key_Tab)
        wait(app, lambda: len(saved) > n and not controller.runner.is_busy())
    cockpit.sig_saved.disconnect()
    text = field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()
    if f"({EDITS - 1})" not in text:
        raise AssertionError("the typed text is not in the field")
    return len(saved)


def _generate(app, window, controller, meeting_id: int, out_folder: str) -> float:
    """From the cockpit's Generate to the Documents page listing the files written."""
    generated = []
    controller.documents.sig_generated.connect(generated.append)
    controller.cockpit.sig_generate_requested.emit(meeting_id)
    wait(app, lambda: window.documents_view.isVisible() and not controller.runner.is_busy())
    controller.documents.ask_for_folder = lambda: out_folder  # the one thing a script cannot click
    button = window.findChild(QPushButton, "generateButton")
    wait(app, button.isEnabled)
    start = time.perf_counter()
    button.click()
    wait(app, lambda: generated and not controller.runner.is_busy())
    if len(generated[0]) != 10:
        raise AssertionError(f"expected 10 files, the page lists {len(generated[0])}")
    return round((time.perf_counter() - start) * 1000, 1)


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.stdin.readline().rstrip("\n"))
    out["home_median_ms"] = round(statistics.median(out["home_ms"]), 1)
    out["search_median_ms"] = round(statistics.median(out["search_ms"]), 1)
    out["fulltext_median_ms"] = round(statistics.median(out["fulltext_ms"]), 1)
    out["cockpit_open_median_ms"] = round(statistics.median(out["cockpit_open_ms"]), 1)
    print(json.dumps(out))
