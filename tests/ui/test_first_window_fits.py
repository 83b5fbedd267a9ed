"""Item 10 of issue 15: the first window fits the laptop (maximised on a small screen, centred on a large one)."""

import subprocess
import sys

from PySide6.QtCore import QRect, QSize

from ui.main_window import first_geometry

MINIMUM = QSize(900, 600)


def test_a_1366x768_laptop_gets_a_maximised_window():
    available = QRect(0, 0, 1366, 740)  # less a panel
    rect, maximised = first_geometry(available, MINIMUM)
    assert maximised
    assert rect == available


def test_a_large_screen_gets_a_roomy_window_in_its_middle():
    available = QRect(0, 0, 1920, 1050)
    rect, maximised = first_geometry(available, MINIMUM)
    assert not maximised
    assert available.contains(rect)
    assert rect.width() >= 1200 and rect.height() >= 800
    assert abs(rect.center().x() - available.center().x()) <= 1
    assert abs(rect.center().y() - available.center().y()) <= 1


SCRIPT = """
from PySide6.QtWidgets import QApplication
from ui.main_window import MainWindow
app = QApplication([])
w = MainWindow()
w.show_first()
app.processEvents()
s = w.screen().availableGeometry()
print(w.isMaximized(), w.frameGeometry().width() <= s.width(), w.frameGeometry().height() <= s.height())
"""


def test_the_real_first_window_on_a_1366x768_screen_is_maximised_and_fits():
    env = {"QT_QPA_PLATFORM": "offscreen:size=1366x768", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.split() == ["True", "True", "True"]
