"""Test set-up: Qt offscreen, a keyring that never touches the real one, fast vault fixtures."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Child processes (CLI tests) must not reach a developer's real keyring either.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

import keyring  # noqa: E402
import keyring.backend  # noqa: E402
import keyring.backends.fail  # noqa: E402
import pytest  # noqa: E402

from mappa_desk.services import session as sessions  # noqa: E402
from mappa_desk.vault.keyfile import KdfParams  # noqa: E402

# Argon2id at 8 MiB: the same code path as the default, a fraction of the time.
FAST_KDF = KdfParams(memory_kib=8192, iterations=1, lanes=1)
PASSPHRASE = "correct horse battery staple"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """An in-memory keyring: these machines have no OS keyring backend."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.entries.get((service, username))

    def set_password(self, service, username, password):
        self.entries[(service, username)] = password

    def delete_password(self, service, username):
        self.entries.pop((service, username), None)


@pytest.fixture(autouse=True)
def no_keyring():
    """By default there is no keyring, as on these machines."""
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring():
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "vault"


@pytest.fixture
def vault_session(data_dir):
    """A new, unlocked vault (fast KDF) and its recovery key."""
    recovery, session = sessions.create(data_dir, PASSPHRASE, kdf=FAST_KDF)
    session.recovery_key = recovery
    yield session
    session.close()


def snapshot(folder) -> dict:
    """Every file under `folder` with its bytes, to prove nothing changed."""
    from pathlib import Path
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


# -- the attack table (`make reliability`) ----------------------------------------------------------------------
# A test that proves the vault withstands one attack carries `@pytest.mark.attack("what was tried", "what held")`
# (either text may name a parameter of a parametrised test in braces, or {id}, the case's id).
# The table printed at the end of the run has one row per such test: the result column is the marker's words
# only when the test passed, and FAILED otherwise, so the table can never claim more than the run proved.
_ATTACKS: list[tuple[str, str, str]] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    marker = item.get_closest_marker("attack")
    if marker is None:
        return
    report = outcome.get_result()
    callspec = getattr(item, "callspec", None)
    params = {**callspec.params, "id": callspec.id} if callspec else {}
    attack, held = (text.format(**params) for text in marker.args)  # "{where}" or "{id}": a parametrised case
    if report.when == "call" or (report.when == "setup" and not report.passed):
        _ATTACKS.append((attack, held if report.passed else ("skipped" if report.skipped else "FAILED"),
                         item.nodeid))


def pytest_terminal_summary(terminalreporter):
    if not _ATTACKS:
        return
    terminalreporter.section("attack table")
    terminalreporter.write_line("| Attack | Result |")
    terminalreporter.write_line("|---|---|")
    for attack, result, _nodeid in _ATTACKS:
        terminalreporter.write_line(f"| {attack} | {result} |")
    failed = sum(1 for _a, result, _n in _ATTACKS if result in ("FAILED", "skipped"))
    terminalreporter.write_line(f"{len(_ATTACKS)} attacks tried, {len(_ATTACKS) - failed} held"
                                + (f", {failed} FAILED OR SKIPPED" if failed else ""))
