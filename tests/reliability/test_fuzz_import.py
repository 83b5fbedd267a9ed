"""Hypothesis fuzzing of the interchange importer: any file imports whole or is refused with nothing written.

The seeds are real exports (records.export_meeting of demo meetings). Each example changes values, types
and keys of the JSON (and sometimes its raw bytes), then parses and imports it into a vault: the only
error allowed is a UserFacingError in plain words, after which every table holds the same number of rows.
200 examples in `make test` (derandomised, so the run is the same every time), 10,000 in `make reliability`.
"""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from mappa_desk.errors import UserFacingError
from mappa_desk.interchange import files as interchange
from mappa_desk.services import records, session as sessions
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.reliability.conftest import FULL, report
from tests.reliability.test_disk_full import CLASS_NAME

EXAMPLES = 10_000 if FULL else 200


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> list[bytes]:
    """Exports of a first meeting and of a review (which carries its previous meeting's plan)."""
    _, session = sessions.create(tmp_path_factory.mktemp("demo") / "vault", PASSPHRASE, kdf=FAST_KDF)
    try:
        records.load_demo(session)
        ids = [session.db.scalar("SELECT id FROM meetings WHERE kind = ? AND status = 'held' ORDER BY id LIMIT 1",
                                 (kind,)) for kind in ("initial", "review")]
        return [records.export_meeting(session, i) for i in ids]
    finally:
        session.close()


class Target:
    """An empty vault to import into, put back to its first state after an import that succeeded."""

    def __init__(self, root):
        self.template, self.folder = root / "template", root / "vault"
        _, session = sessions.create(self.template, PASSPHRASE, kdf=FAST_KDF)
        session.close()
        self.session = None
        self.reset()

    def reset(self):
        if self.session is not None:
            self.session.close()
        shutil.rmtree(self.folder, ignore_errors=True)
        shutil.copytree(self.template, self.folder)
        self.session = sessions.unlock(self.folder, PASSPHRASE)

    def counts(self) -> dict:
        db = self.session.db
        names = [n for (n,) in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: db.scalar(f"SELECT count(*) FROM {n}") for n in names}


@pytest.fixture(scope="module")
def target(tmp_path_factory):
    target = Target(tmp_path_factory.mktemp("target"))
    yield target
    target.session.close()


def _paths(value, prefix=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield prefix + (key,), item
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield prefix + (i,), item
            yield from _paths(item, prefix + (i,))


_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-3, 3), st.floats(allow_nan=True), st.text(max_size=40),
    st.sampled_from(["", " ", "2026-02-31", "2026-13-01", "1900-01-01", "9999-12-31", "25:61", "14:30", "held",
                     "final", "very_high", "agree", "POL", "NOPE", "x" * 100_000, "\u0000", "\ud7ff\ufffd", "null",
                     "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "<b>bold</b>", "' OR 1=1 --"]),
)
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3) |
                       st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=6)


def _mutate(doc, data) -> None:
    """One change to the document: a value, a type, a key removed, added or renamed, an entry copied."""
    paths = list(_paths(doc))
    path, value = data.draw(st.sampled_from(paths))
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    how = data.draw(st.sampled_from(["value", "value", "other entry's value", "remove", "add key", "rename key",
                                     "copy entry"]))
    if how == "value":
        parent[last] = data.draw(_VALUES)
    elif how == "other entry's value":  # a value of the right kind from elsewhere: uids, codes, dates, numbers
        parent[last] = data.draw(st.sampled_from([v for _, v in paths if not isinstance(v, (dict, list))] or [None]))
    elif how == "remove":
        del parent[last]
    elif how == "add key" and isinstance(value, dict):
        value[data.draw(st.text(max_size=12))] = data.draw(_VALUES)
    elif how == "rename key" and isinstance(parent, dict):
        parent[data.draw(st.text(max_size=12))] = parent.pop(last)
    elif how == "copy entry" and isinstance(parent, list):
        parent.insert(data.draw(st.integers(0, len(parent))), json.loads(json.dumps(parent[last])))


def _bytes(raw: bytes, data) -> bytes:
    """Now and then, damage the bytes themselves."""
    how = data.draw(st.sampled_from(["none"] * 6 + ["flip", "cut", "insert"]))
    if how == "none" or not raw:
        return raw
    at = data.draw(st.integers(0, len(raw) - 1))
    if how == "flip":
        return raw[:at] + bytes([raw[at] ^ data.draw(st.integers(1, 255))]) + raw[at + 1:]
    if how == "cut":
        return raw[:at]
    return raw[:at] + data.draw(st.binary(min_size=1, max_size=8)) + raw[at:]


def test_any_mutated_export_imports_whole_or_is_refused_with_nothing_written(exported, target):
    stats = Counter()
    started = time.monotonic()

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not FULL,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def run(data):
        doc = json.loads(data.draw(st.sampled_from(exported)))
        for _ in range(data.draw(st.integers(1, 4))):
            _mutate(doc, data)
        raw = _bytes(json.dumps(doc, ensure_ascii=data.draw(st.booleans())).encode("utf-8", "surrogatepass"), data)
        before = target.counts()
        try:
            individual, meeting = interchange.parse(raw)
            records.import_meeting(target.session, individual, meeting)
        except UserFacingError as err:
            text = str(err)
            assert not CLASS_NAME.search(text), text
            assert "Nothing was changed" in text or "not imported" in text, text
            assert target.counts() == before, "a refused import left rows behind"
            stats["refused"] += 1
        else:
            after = target.counts()
            assert after["meetings"] > before["meetings"]
            assert target.session.db.integrity_problems() == []
            stats["imported"] += 1
            target.reset()

    run()
    report("fuzz_import", examples=sum(stats.values()), refused=stats["refused"], imported=stats["imported"],
           crashes=0, partial_imports=0, seconds=round(time.monotonic() - started, 1))
    assert stats["refused"] and stats["imported"]  # both ways were exercised
