"""A panel whose hint shows other fields' values follows their edits (issue 16: each panel says what it reads)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel

from tests.ui.cockpit_driver import choose, controller, go_to, idle, new_row_field, row_field, shortcut
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_cockpit_review import demo_vault, unlock_and_open  # noqa: F401 (fixture)


def not_yet_heard(window) -> str:
    """The information step's hint, as shown ("" when there is none)."""
    hint = window.cockpit_view.findChild(QLabel, "notYetHeard")
    return hint.text() if hint is not None and hint.isVisibleTo(window.cockpit_view) else ""


def test_not_yet_heard_follows_attendance_and_each_items_source(qtbot, open_window, demo_vault):  # noqa: F811
    folder, *_rest, (_given, _family, visor_ref) = demo_vault
    window = unlock_and_open(qtbot, open_window, folder, visor_ref, "15 Dec 2026")
    ctl = controller(window)
    heard = {r["source_agency_id"] for r in ctl.data.rows["information_items"]}
    attendee = next(r for r in ctl.data.rows["attendance"]
                    if r["status"] != "present" and r["agency_id"] and r["agency_id"] not in heard)
    agency = ctl.data.agency_name(attendee["agency_id"])
    go_to(qtbot, window, "Information shared")  # the panel is built, with its hint as it is now
    assert agency not in not_yet_heard(window)

    go_to(qtbot, window, "Introductions")
    choose(qtbot, row_field(window, "attendance", attendee["id"], "status", QComboBox), "Present")
    idle(qtbot, window)
    go_to(qtbot, window, "Information shared")
    assert agency in not_yet_heard(window)

    shortcut(qtbot, window, "Ctrl+Shift+I")  # a new item; its source agency has the focus
    source = new_row_field(qtbot, window, "information_items", "source_agency_id")
    choose(qtbot, source, agency)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: agency not in not_yet_heard(window), timeout=GUI_TIMEOUT_MS)  # on screen, at once
    window.close()
