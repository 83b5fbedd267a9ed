"""Item 12: a folder chosen in a file dialog (its name can carry a person's name) is kept nowhere outside the vault.

Qt's file dialog saves its last folder and history in the user's settings (~/.config/QtProject.conf) when
it closes. Every file dialog of the app runs here, for real, in a process whose home, XDG folders and
temp folder are empty folders of the test; each is answered inside a folder named after a fictional person.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NAME = "Fictionperson-Quarrie"
DIALOGS = 9  # the calls run_file_dialogs.py makes: every file dialog of the app


def files_holding(root: Path, text: str) -> list[str]:
    found = []
    for path in root.rglob("*"):
        if text in str(path.relative_to(root)) or (path.is_file() and text.encode() in path.read_bytes()):
            found.append(str(path.relative_to(root)))
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="the settings paths checked here are Linux's")
@pytest.mark.attack("Search the home folder for a folder name chosen in each of the 9 file dialogs",
                    "0 files hold it")
def test_no_file_dialog_leaves_the_chosen_folder_in_home(tmp_path):
    home, temp = tmp_path / "home", tmp_path / "tmp"
    case_folder = tmp_path / "cases" / f"Appeal - Jane {NAME}"
    for folder in (home, temp, case_folder):
        folder.mkdir(parents=True)
    (case_folder / "minutes.mdbackup").write_bytes(b"not a real backup")
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local/share"),
               XDG_CACHE_HOME=str(home / ".cache"), XDG_STATE_HOME=str(home / ".local/state"), TMPDIR=str(temp),
               QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, str(ROOT / "tests/ui/run_file_dialogs.py"), str(case_folder)], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    answers = done.stdout.splitlines()
    assert len(answers) == DIALOGS and all(NAME in line for line in answers), done.stdout  # each dialog was answered
    assert files_holding(home, NAME) == []
    assert files_holding(temp, NAME) == []
    assert list(case_folder.iterdir()) == [case_folder / "minutes.mdbackup"]


def test_every_file_dialog_goes_through_the_one_helper():
    """A new dialog written with QFileDialog directly would bring the history back."""
    direct = [str(path.relative_to(ROOT)) for path in (ROOT / "ui").rglob("*.py")
              if "QFileDialog" in path.read_text(encoding="utf-8") and path.name != "file_dialogs.py"]
    assert direct == []
