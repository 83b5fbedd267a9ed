"""A writer killed with SIGKILL mid-burst loses no committed write and leaves a sound database."""

import os
import random
import signal
import subprocess
import sys
import textwrap

from mappa_desk.services import session as sessions
from tests.conftest import PASSPHRASE

WRITER = textwrap.dedent("""
    import sys
    from mappa_desk.services import session as sessions
    session = sessions.unlock(sys.argv[1], sys.stdin.readline().rstrip("\\n"))
    db = session.db
    start = int(sys.argv[2])
    print("ready", flush=True)
    i = start
    while True:
        with db.transaction():
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (f"burst-{i}", "x" * (i % 300)))
        print(i, flush=True)  # acknowledged only after COMMIT returned
        i += 1
""")


def _burst_and_kill(data_dir, start, kill_after):
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(data_dir), str(start)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    proc.stdin.write(PASSPHRASE + "\n")
    proc.stdin.flush()
    assert proc.stdout.readline().strip() == "ready"
    acknowledged = []
    while len(acknowledged) < kill_after:
        acknowledged.append(int(proc.stdout.readline()))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    return acknowledged


def test_sigkill_during_a_burst_of_commits_loses_nothing(vault_session, data_dir):
    vault_session.close()
    rng = random.Random(20261121)
    expected = set()
    start = 0
    for _ in range(5):
        acknowledged = _burst_and_kill(data_dir, start, rng.randint(20, 200))
        expected.update(acknowledged)
        start = acknowledged[-1] + 1000  # keys from a killed, uncommitted write are never reused
        session = sessions.unlock(data_dir, PASSPHRASE)
        try:
            stored = {int(k.split("-")[1]) for (k,) in session.db.query("SELECT key FROM settings WHERE key LIKE 'burst-%'")}
            assert expected <= stored, f"lost committed writes: {sorted(expected - stored)[:10]}"
            assert session.db.integrity_problems() == []
        finally:
            session.close()
