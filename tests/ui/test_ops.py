"""The one way screens run background work: stale results dropped, a sentence for the user's errors,
the crash dialog for the rest, and a progress line only for work slower than the delay."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from mappa_desk.errors import UserFacingError
from ui.ops import Generation, Op
from ui.tasks import TaskRunner


def _crash_dialogs():
    return [w for w in QApplication.topLevelWidgets() if w.objectName() == "unexpectedErrorDialog" and w.isVisible()]


def test_a_result_for_what_is_no_longer_on_screen_is_dropped(qtbot):
    runner, run, shown = TaskRunner(), Generation(), []
    task = Op(runner, lambda: "old record").stale_unless(run.current()).on_success(shown.append).run()
    run.bump()  # the user opened another record meanwhile
    fresh = Op(runner, lambda: "new record").stale_unless(run.current()).on_success(shown.append).run()
    with qtbot.waitSignals([task.sig_finished, fresh.sig_finished], timeout=5000):
        pass
    assert shown == ["new record"]


def test_a_stale_result_can_still_be_let_go_of(qtbot):
    runner, run, shown, let_go = TaskRunner(), Generation(), [], []
    task = Op(runner, lambda: "an open vault").stale_unless(run.current()).on_success(shown.append) \
        .on_stale(let_go.append).run()
    run.bump()  # the window closed meanwhile
    with qtbot.waitSignal(task.sig_finished, timeout=5000):
        pass
    assert shown == [] and let_go == ["an open vault"]


def test_a_stale_failure_is_dropped_too(qtbot):
    runner, run, sentences = TaskRunner(), Generation(), []

    def work():
        raise RuntimeError("unexpected")

    task = Op(runner, work).stale_unless(run.current()).on_user_error(sentences.append).run()
    run.bump()
    with qtbot.waitSignal(task.sig_finished, timeout=5000):
        pass
    assert sentences == [] and _crash_dialogs() == []


def test_the_users_error_goes_to_the_callers_callback_as_its_sentence(qtbot):
    runner, sentences, done = TaskRunner(), [], []

    def work():
        raise UserFacingError("The meeting is already closed.")

    task = Op(runner, work).on_user_error(lambda err: sentences.append(str(err))).on_done(lambda: done.append(1)).run()
    with qtbot.waitSignal(task.sig_finished, timeout=5000):
        pass
    assert sentences == ["The meeting is already closed."] and done == [1]
    assert _crash_dialogs() == []


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # the offscreen platform only
def test_an_unexpected_error_goes_to_the_crash_dialog(qtbot):
    runner, sentences = TaskRunner(), []
    window = QWidget()
    qtbot.addWidget(window)

    def work():
        raise KeyError("not for the user")

    task = Op(runner, work, crash_parent=lambda: window).on_user_error(sentences.append).run()
    with qtbot.waitSignal(task.sig_finished, timeout=5000):
        pass
    dialogs = _crash_dialogs()
    assert sentences == [] and len(dialogs) == 1
    assert "did not expect" in dialogs[0].text()
    for dialog in dialogs:
        dialog.close()
        dialog.deleteLater()


def test_progress_shows_only_while_slow_work_is_still_going_and_hides_after(qtbot):
    runner, events = TaskRunner(), []
    release = threading.Event()
    task = Op(runner, lambda: release.wait(10)).with_progress(lambda: events.append("shown"),
                                                              lambda: events.append("hidden")) \
        .on_success(lambda _r: events.append("result")).run()
    qtbot.waitUntil(lambda: events == ["shown"], timeout=5000)  # the work is held until the line has shown
    release.set()
    with qtbot.waitSignal(task.sig_finished, timeout=5000):
        pass
    assert events == ["shown", "hidden", "result"]


def test_quick_work_never_shows_progress(qtbot):
    runner, events = TaskRunner(), []
    op = Op(runner, lambda: 1).with_progress(lambda: events.append("shown"), lambda: events.append("hidden"))
    task = op.on_success(lambda _r: events.append("result")).run()
    with qtbot.waitSignal(task.sig_finished, timeout=5000):
        pass
    assert events == ["result"]
    assert op._timer is None  # stopped: it can never fire later
