"""The cockpit offers the open vault's own words: a Testland vault's tribunal position list holds Testland's
extra position, read from its profile (tests/fixtures/jurisdictions/testland), and its orders show Testland's
words."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel

from mappa_desk.services import records, session as sessions
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.domain.test_jurisdiction import templates  # noqa: F401  (the fixture: Scotland and Testland)
from tests.ui.cockpit_driver import controller
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_cockpit_review import unlock_and_open


def test_a_testland_cockpit_offers_testlands_tribunal_positions(qtbot, open_window, templates, data_dir):  # noqa: F811
    _recovery, session = sessions.create(data_dir, PASSPHRASE, kdf=FAST_KDF, jurisdiction="testland")
    try:
        records.load_demo(session)
        meeting_id = session.db.scalar("SELECT m.id FROM meetings m JOIN individuals i ON i.id = m.individual_id "
                                       "WHERE i.visor_ref = 'DEMO/0004' AND m.status = 'held'")
        with session.db.transaction():
            session.db.execute("UPDATE orders SET kind = 'curfew_order' WHERE individual_id = "
                               "(SELECT id FROM individuals WHERE visor_ref = 'DEMO/0004')")
    finally:
        session.close()
    window = unlock_and_open(qtbot, open_window, data_dir, "DEMO/0004", "17 Sep 2026")
    ctl = controller(window)
    ctl.go_to_step(next(i for i, step in enumerate(ctl.steps) if step["step_key"] == "decisions"))
    name = f"meetings:{meeting_id}:tribunal_position"
    qtbot.waitUntil(lambda: window.findChild(QComboBox, name) is not None, timeout=GUI_TIMEOUT_MS)
    positions = window.findChild(QComboBox, name)
    assert [positions.itemText(i) for i in range(positions.count())] == [
        "Not stated", "supports", "does not support", "takes no view on"]
    ctl.go_to_step(next(i for i, step in enumerate(ctl.steps) if step["step_key"] == "rmp"))
    qtbot.waitUntil(lambda: window.findChild(QLabel, "conditionsEmpty") is not None or any(
        w.objectName().startswith("order") for w in window.findChildren(QLabel)), timeout=GUI_TIMEOUT_MS)
    orders = [w.text() for w in window.findChildren(QLabel) if w.objectName().startswith("order")
              and "Condition" not in w.objectName()]
    assert orders and all(text.startswith("Testland curfew order") for text in orders), orders
