"""Private files and no core dumps (issue 14, items 11 and 12): the data folder is 0700, every file the app writes
is 0600 on POSIX, after a restore too; every process of the app (the app, each command, the self-test's child,
each render worker) runs with umask 077, RLIMIT_CORE 0 and, on Linux, PR_SET_DUMPABLE 0.

The file tests run under umask 022 (the usual default, which on its own gives 0644 files): the modes must come
from the code that creates the files, so a library caller that never set a umask is safe too.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mappa_desk.errors import UserFacingError
from mappa_desk.interchange import files as interchange
from mappa_desk.services import backup, documents, handover, records, session as sessions
from mappa_desk.services import visor_export
from tests.conftest import FAST_KDF, PASSPHRASE

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes and core dumps are POSIX matters")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def usual_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def not_private(*roots: Path) -> list[str]:
    """Every folder under `roots` that group or others may use, and every file they may read, with its mode."""
    found = []
    for root in roots:
        for path in [root, *root.rglob("*")]:
            mode = stat.S_IMODE(path.lstat().st_mode)
            if mode & 0o077:
                found.append(f"{path.relative_to(root.parent)} {mode:04o}")
    return found


@pytest.mark.attack("Reading the app's files as another user (umask 022)",
                    "every file 0600, every folder 0700, after a restore too")
def test_every_file_the_app_writes_is_private_after_real_work_and_a_restore(tmp_path, usual_umask):
    data = tmp_path / "data"
    _, session = sessions.create(data, PASSPHRASE, kdf=FAST_KDF)
    records.load_demo(session)  # edits: the -wal and -shm files exist while the vault is open
    held = session.db.scalar("SELECT id FROM meetings WHERE status = 'held' ORDER BY id LIMIT 1")
    final = session.db.scalar("SELECT id FROM meetings WHERE status = 'final' ORDER BY id LIMIT 1")
    assert {p.name for p in data.iterdir()} >= {"vault.db", "vault.db-wal", "vault.db-shm", "vault.key"}
    assert not_private(data) == []

    outputs = tmp_path / "outputs"
    outputs.mkdir(mode=0o700)
    documents.generate_for_meeting(session, held, outputs / "documents")
    interchange.write(outputs / "meeting.json", records.export_meeting(session, held))
    handover.export_handover(session, held, outputs / "meeting.mdhandover", "blue heron at the harbour",
                             kdf=FAST_KDF)
    visor_export.export_for_visor(session, final, outputs / "visor")
    made = backup.make_backup(session, tmp_path / "backups")
    backup.make_backup(session)  # the default folder
    written = sorted(p.name for p in outputs.rglob("*") if p.is_file())
    assert len(written) >= 12, written  # documents (DOCX, PDF), export, handover, ViSOR pack and manifest
    files = [p for p in outputs.rglob("*") if p.is_file()] + [made]
    assert [f"{p.name} {stat.S_IMODE(p.stat().st_mode):04o}" for p in files
            if stat.S_IMODE(p.stat().st_mode) != 0o600] == []
    assert not_private(data, tmp_path / "backups") == []
    session.close()

    restored = backup.restore(data, made, PASSPHRASE)
    assert restored
    assert not_private(data) == []  # the restored database and key file, and the folder the old vault was put in
    sessions.unlock(data, PASSPHRASE).close()
    assert not_private(data) == []


def test_a_data_folder_others_could_read_is_tightened_when_the_vault_is_opened(tmp_path, usual_umask):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)  # made by hand, or by an older version, before the vault was created in it
    _, session = sessions.create(data, PASSPHRASE, kdf=FAST_KDF)
    session.close()
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for path in [data, *data.iterdir()]:  # loosened again: copied in by hand, say
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    sessions.unlock(data, PASSPHRASE).close()
    assert not_private(data) == []
    os.chmod(data, 0o500)  # a folder the user made read-only stays read-only: only others' rights are taken
    try:
        try:
            sessions.unlock(data, PASSPHRASE).close()  # root may still write there; anyone else gets a sentence
        except UserFacingError:
            pass
        assert stat.S_IMODE(data.stat().st_mode) == 0o500
    finally:
        os.chmod(data, 0o700)


# -- the processes -----------------------------------------------------------------------------------------------

ENTRY = textwrap.dedent("""
    import json, resource, sys, types
    # Before the entry point: core files allowed and the usual umask, as a desktop session may start the app.
    resource.setrlimit(resource.RLIMIT_CORE, (resource.getrlimit(resource.RLIMIT_CORE)[1],) * 2)
    import os; os.umask(0o022)
    from mappa_desk import hardening
    seen = {}
    def report(name):
        def run(*args, **kwargs):
            seen[name] = hardening.state()
            return 0
        return run
    # Each way in stops where it would start its real work, and reports the process it is in.
    from mappa_desk import cli
    cli.main = report("command")
    sys.modules["ui.app"] = types.SimpleNamespace(run=report("app"))
    sys.modules["ui.self_test"] = types.SimpleNamespace(main=report("self-test"))
    from ui import launcher
    seen["before"] = hardening.state()
    launcher.main({argv})
    print(json.dumps(seen))
""")


def _entry(argv: list[str]) -> dict:
    run = subprocess.run([sys.executable, "-c", ENTRY.replace("{argv}", repr(argv))], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def _hardened(state: dict) -> bool:
    return (state["umask"] == 0o077 and state["core_limit"] == [0, 0]
            and state.get("dumpable", 0) == 0)


@pytest.mark.parametrize("argv, way", [([], "app"), (["list"], "command"), (["--self-test"], "self-test"),
                                       (["--self-test-window"], "self-test")])
@pytest.mark.attack("A core dump of the {way} process", "RLIMIT_CORE 0 and not dumpable")
def test_every_way_into_the_app_hardens_its_process_first(argv, way):
    seen = _entry(argv)
    assert not _hardened(seen["before"]), seen  # the child starts as an ordinary process: the check can fail
    assert _hardened(seen[way]), seen


WORKERS = textwrap.dedent("""
    import json, os, resource
    resource.setrlimit(resource.RLIMIT_CORE, (resource.getrlimit(resource.RLIMIT_CORE)[1],) * 2)
    os.umask(0o022)
    from mappa_desk import hardening
    from mappa_desk.documents import render_pool
    if __name__ == "__main__":
        assert render_pool.start() and render_pool.wait_until_warm(120)
        states = [render_pool._pool.submit(hardening.state).result(60) for _ in range(4)]
        limits = {s["pid"]: open(f"/proc/{s['pid']}/limits").read() for s in states}
        render_pool.stop()
        print(json.dumps({"parent": hardening.state(), "workers": states,
                          "limits": {pid: [l for l in text.splitlines() if "core" in l] for pid, text in limits.items()}}))
""")


@pytest.mark.skipif(not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2,
                    reason="render workers run only on two cores or more; /proc is Linux's")
@pytest.mark.attack("A core dump of a render worker", "RLIMIT_CORE 0 and not dumpable")
def test_render_workers_harden_themselves_as_they_start(tmp_path):
    script = tmp_path / "workers.py"
    script.write_text(WORKERS)
    run = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=240,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr[-2000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert not _hardened(seen["parent"]), seen  # the process that spawned them was not hardened
    assert seen["workers"] and all(_hardened(s) for s in seen["workers"]), seen
    assert all(s["pid"] != seen["parent"]["pid"] for s in seen["workers"])
    for pid, lines in seen["limits"].items():  # as the kernel reports it from outside
        assert lines and lines[0].split()[-3:-1] == ["0", "0"], (pid, lines)
