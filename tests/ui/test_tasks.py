"""The task runner: work runs off the GUI thread; results and exceptions come back on it."""

from __future__ import annotations

import threading

from ui.tasks import TaskRunner


def test_work_runs_on_a_worker_and_the_result_arrives_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    gui = threading.get_ident()
    seen = {}

    def work():
        seen["worker"] = threading.get_ident()
        return 42

    def on_success(value):
        seen["value"], seen["callback"] = value, threading.get_ident()

    task = runner.submit(work, on_success=on_success)
    assert runner.is_busy()
    with qtbot.waitSignal(task.sig_finished, timeout=5000):
        pass
    assert seen == {"worker": seen["worker"], "value": 42, "callback": gui}
    assert seen["worker"] != gui
    assert not runner.is_busy()
    assert runner.wait_for_done()


def test_an_exception_is_delivered_not_lost(qtbot):
    runner = TaskRunner()
    failures, successes = [], []

    def work():
        raise ValueError("boom")

    task = runner.submit(work, on_success=successes.append, on_failure=failures.append)
    with qtbot.waitSignal(task.sig_finished, timeout=5000):
        pass
    assert successes == []
    assert len(failures) == 1 and isinstance(failures[0], ValueError)


def test_the_database_lane_runs_one_task_at_a_time(qtbot):
    runner = TaskRunner()
    active, overlaps = [0], []
    lock = threading.Lock()

    def work():
        with lock:
            active[0] += 1
            overlaps.append(active[0])
        threading.Event().wait(0.02)  # long enough for a second thread to overlap, if there were one
        with lock:
            active[0] -= 1

    tasks = [runner.submit(work) for _ in range(4)]
    with qtbot.waitSignals([t.sig_finished for t in tasks], timeout=5000):
        pass
    assert max(overlaps) == 1


def test_work_that_reaches_a_closed_vault_is_dropped_silently(qtbot, vault_session):
    from ui.tasks import TaskRunner
    runner = TaskRunner()
    vault_session.close()
    failures, successes = [], []
    task = runner.submit(lambda: vault_session.db.query("SELECT 1"), on_success=successes.append,
                         on_failure=failures.append)
    with qtbot.waitSignal(task.sig_finished, timeout=10_000):
        pass
    assert failures == [] and successes == []
