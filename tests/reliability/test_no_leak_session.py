"""After a whole session in the real window, no file anywhere holds what was typed, except the exported documents.

The session (tests/reliability/session_driver.py) runs in its own process with HOME, TMPDIR and the
XDG folders under the test's folder, so every file it, Qt or the libraries write can be found and
searched: the vault, backups, the handover file, Qt's caches and settings, temp files, logs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mappa_desk.services import session as sessions
from tests.reliability.conftest import report

# Twenty fictional, distinctive strings, typed into the record during the session.
NEEDLES = [f"Quillborough-{word}-{n:02d}" for n, word in enumerate(
    ("amber", "birch", "cobalt", "dunlin", "ember", "fennel", "garnet", "heron", "indigo", "juniper",
     "kestrel", "lichen", "marram", "nettle", "osprey", "plover", "quartz", "rowan", "sorrel", "thrift"))]


def _encodings(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


def found_in(root: Path, skip: Path) -> dict[str, list[str]]:
    """needle -> the files (relative to root) that hold it, in any of the encodings."""
    hits: dict[str, list[str]] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file() and skip not in p.parents):
        data = path.read_bytes()
        for needle in NEEDLES:
            if any(form in data for form in _encodings(needle)):
                hits.setdefault(needle, []).append(str(path.relative_to(root)))
    return hits


@pytest.mark.attack("Search every file outside the vault after a whole session for 20 typed strings",
                    "0 found outside the exported documents")
def test_a_whole_session_leaves_no_typed_text_outside_the_exported_documents(tmp_path):
    root = tmp_path / "session"
    for folder in ("home", "tmp", "config", "cache", "share", "runtime"):
        (root / folder).mkdir(parents=True)
    (root / "runtime").chmod(0o700)
    needles_file = tmp_path / "needles.json"  # outside the searched folder
    needles_file.write_text(json.dumps(NEEDLES), encoding="utf-8")
    env = {**os.environ, "HOME": str(root / "home"), "TMPDIR": str(root / "tmp"),
           "XDG_CONFIG_HOME": str(root / "config"), "XDG_CACHE_HOME": str(root / "cache"),
           "XDG_DATA_HOME": str(root / "share"), "XDG_RUNTIME_DIR": str(root / "runtime"),
           "QT_QPA_PLATFORM": "offscreen", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    driver = Path(__file__).with_name("session_driver.py")
    result = subprocess.run([sys.executable, str(driver), str(root), str(needles_file)], env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    made = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(made["backup"]).is_file() and Path(made["handover"]).is_file()
    exported = root / "exported"
    assert len(list(exported.glob("*.pdf"))) == 5 and len(list(exported.glob("*.docx"))) == 5

    # The strings were really typed and saved: the vault holds every one.
    session = sessions.unlock(root / "data", "correct horse battery staple")
    try:
        saved = {v for (v,) in session.db.query("SELECT victim_issues FROM meetings UNION SELECT diversity_issues "
                                                "FROM meetings UNION SELECT description FROM actions")}
    finally:
        session.close()
    assert set(NEEDLES) <= saved

    files = [p for p in root.rglob("*") if p.is_file()]
    hits = found_in(root, skip=exported)
    assert hits == {}, f"typed text found outside the exported documents: {hits}"
    # The search itself works: a file holding one of the strings is found.
    (root / "tmp" / "canary.txt").write_text(NEEDLES[7], encoding="utf-16")
    assert list(found_in(root, skip=exported)) == [NEEDLES[7]]
    report("no_leak_session", strings=len(NEEDLES), files_searched=len(files), found_outside_exports=0,
           folders="vault, backups, handover, HOME, TMPDIR, XDG config/cache/data/runtime")
