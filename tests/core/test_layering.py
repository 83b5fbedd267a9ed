"""The core never imports Qt or the ui package (STYLE.md section 1)."""

import ast
import subprocess
import sys
from pathlib import Path

import mappa_desk

CORE = Path(mappa_desk.__file__).parent
FORBIDDEN = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "ui")


def _imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value))
    return names


def test_no_core_module_imports_qt_or_ui():
    offenders = []
    modules = sorted(CORE.rglob("*.py"))
    assert len(modules) > 10
    for path in modules:
        for name in _imported_names(path):
            if name.split(".")[0] in FORBIDDEN:
                offenders.append(f"{path.relative_to(CORE.parent)} imports {name}")
    assert offenders == []


def test_the_scan_would_catch_an_offender(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtCore import QObject\nimport ui.app\n")
    assert {"PySide6.QtCore", "ui.app"} <= _imported_names(bad)


def test_importing_every_core_module_loads_no_qt():
    code = (
        "import importlib, pkgutil, sys, mappa_desk\n"
        "for m in pkgutil.walk_packages(mappa_desk.__path__, 'mappa_desk.'):\n"
        "    if not m.name.endswith('__main__'): importlib.import_module(m.name)\n"
        "bad = [n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6', 'ui')]\n"
        "print(len(sys.modules)); assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
