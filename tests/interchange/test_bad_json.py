"""Bad JSON everywhere (issue 14, item 10): every command that reads a JSON file from outside refuses a nasty one
with one sentence, exit code 2, and changes nothing; none says "something went wrong".

The commands run in this process through `mappa_desk.cli.main`, as the console script runs them: `import`, `check`
and `render` over an interchange file, `handover-import` (and its preview) over a handover file that holds the
same nasty bytes as its (authenticated, decrypted) contents.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile

import pytest

from mappa_desk import cli
from mappa_desk.domain.profile import load_profile
from mappa_desk.domain.working_days import load_local_holidays
from mappa_desk.errors import UserFacingError
from mappa_desk.interchange import strict_json
from mappa_desk.services import backup, handover, records, session as sessions
from tests.conftest import FAST_KDF, PASSPHRASE, snapshot

AGREED = "blue heron at the harbour"
BROKE = re.compile(r"something went wrong|Traceback|Error\b|Exception\b")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad-json")
    _, session = sessions.create(root / "vault", PASSPHRASE, kdf=FAST_KDF)
    records.load_demo(session)
    meeting_id = session.db.scalar("SELECT id FROM meetings ORDER BY id LIMIT 1")
    interchange_file = records.export_meeting(session, meeting_id).decode("utf-8")
    payload = handover.payload_for(session, meeting_id).decode("utf-8")
    session.close()
    return root, interchange_file, payload


def _nasty(text: str, where: str) -> dict[str, tuple[bytes, str]]:
    """name -> (bytes, what the sentence must say). `text` is a good file; `where` is the path to its individual."""
    individual = re.search(r'"individual":\s*\{', text).end()
    given = re.search(r'"given_names":\s*"', text).end()
    version = re.search(r'"version":\s*\d+\b', text)
    return {
        "deep array": (b"[" * 100_000 + b"]" * 100_000, "nested more than 16 levels deep"),
        "deep object": (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "nested more than 16 levels deep"),
        "deep inside a string is fine but not outside": (b'["[[[[' + b"[" * 50 + b'",' + b"[" * 40 + b"]" * 41,
                                                          "nested more than 16 levels deep"),
        "5,000-digit integer": (b'{"version": ' + b"9" * 5000 + b"}", "whole number of 5,000 digits"),
        "5,000-digit fraction": (b'{"version": 0.' + b"3" * 5000 + b"}", "written with 5,002 characters"),
        "1e999": (b'{"version": 1e999}', "the number 1e999, which is too large"),
        "NaN": (b'{"version": NaN}', "holds NaN, which is not a number JSON allows"),
        "-Infinity": (b'{"version": -Infinity}', "holds -Infinity"),
        "duplicate key": ((text[:version.end()] + ", " + version.group() + text[version.end():]).encode(),
                          'the field "version" appears twice'),
        "lone surrogate in a key": ((text[:individual] + '"\\ud800x": 1, ' + text[individual:]).encode(),
                                    f'a field name in {where}individual ("\\ud800x") holds a broken character'),
        "lone surrogate in a value": ((text[:given] + "\\udfff" + text[given:]).encode(),
                                      f"{where}individual.given_names holds a broken character"),
        "invalid UTF-8": (text.encode()[:200] + b"\xff\xfe" + text.encode()[200:], "not UTF-8 text"),
        "empty file": (b"", "is empty"),
        "only spaces": (b" \n\t\n", "is empty"),
        "not JSON": (b'{"format": "mappa-desk-meeting",', "not valid JSON (line 1"),
    }


def _run(args: list, monkeypatch, capsys, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _commands(root, path, sealed):
    vault = ["--data-dir", root / "vault", "--passphrase-stdin"]
    both = f"{PASSPHRASE}\n{AGREED}\n"
    return {
        "import": (["import", path, *vault], PASSPHRASE + "\n", "The file was not imported: "),
        "check": (["check", path], "", "The file was not imported: "),
        "render": (["render", path, "--out", path.parent / "out"], "", "The file was not imported: "),
    }, {
        "handover-import": (["handover-import", sealed, *vault], both, "what it holds is not usable ("),
        "handover-import --preview": (["handover-import", sealed, "--preview", *vault], both,
                                      "what it holds is not usable ("),
    }


CASES = list(_nasty('{"version": 1, "individual": {"given_names": "A"}}', ""))


@pytest.mark.parametrize("case", CASES)
@pytest.mark.attack("A JSON file with {case} given to import, check, render and handover-import",
                    "refused with a sentence; nothing changed")
def test_every_reader_refuses_a_nasty_file_in_a_sentence_and_changes_nothing(case, world, tmp_path, monkeypatch,
                                                                             capsys):
    root, text, payload = world
    before = snapshot(root / "vault")
    plain_file, sealed_file = tmp_path / "meeting.json", tmp_path / "meeting.mdhandover"
    data, says = _nasty(text, "")[case]
    plain_file.write_bytes(data)
    payload_data, payload_says = _nasty(payload, "meetings[0].record.")[case]
    sealed_file.write_bytes(handover.seal(payload_data, AGREED, FAST_KDF))
    on_files, on_handover = _commands(root, plain_file, sealed_file)
    for name, (args, stdin, opening) in [*on_files.items(), *on_handover.items()]:
        code, out, err = _run(args, monkeypatch, capsys, stdin)
        expected = payload_says if name.startswith("handover") else says
        assert code == 2, (name, code, out, err)
        assert err.startswith("mappa-desk: ") and opening in err and expected in err, (name, err)
        assert err.rstrip().endswith("."), (name, err)
        assert not BROKE.search(err), (name, err)
        assert err.count("\n") == 1, (name, err)  # one sentence's line, nothing more
    assert not (tmp_path / "out").exists()
    assert snapshot(root / "vault") == before


@pytest.mark.attack("A 2 GB JSON file", "refused by its size before it is read")
def test_a_file_claiming_two_gigabytes_is_refused_by_its_size_before_it_is_read(world, tmp_path, monkeypatch, capsys):
    root, _, _ = world
    for name, size, limit in (("meeting.json", 2 * 1024 ** 3, "larger than 20 MB"),
                              ("meeting.mdhandover", 2 * 1024 ** 3, "larger than 200 MB")):
        path = tmp_path / name
        with open(path, "wb") as handle:
            handle.truncate(size)  # sparse: no disk is used
        commands = _commands(root, path, path)
        for command, (args, stdin, _) in (commands[1] if name.endswith("handover") else commands[0]).items():
            code, _, err = _run(args, monkeypatch, capsys, stdin)
            assert code == 2 and limit in err and not BROKE.search(err), (command, err)


def test_a_byte_order_mark_is_read_as_the_same_file(world, tmp_path, monkeypatch, capsys):
    """Some Windows editors start a UTF-8 file with a byte order mark: the file means the same, so it is read."""
    root, text, _ = world
    path = tmp_path / "meeting.json"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    code, out, err = _run(["check", path], monkeypatch, capsys)
    assert code in (0, 1) and out.startswith("Self-audit of the"), err
    code, out, err = _run(["render", path, "--out", tmp_path / "out"], monkeypatch, capsys)
    assert code == 0 and "Wrote" in out, err


def test_the_limits_leave_room_for_every_real_file(world):
    """The largest real nesting and numbers pass well inside the bounds (so the bounds refuse only nonsense)."""
    _, text, payload = world
    for data in (text, payload):
        assert strict_json._too_deep(data.encode(), 2) and not strict_json._too_deep(data.encode(), 10)
        assert strict_json.loads(data.encode(), max_bytes=len(data.encode()))


@pytest.mark.parametrize("depth", [1, 15, 16, 17, 1000])
def test_the_depth_scan_counts_both_kinds_of_bracket_and_skips_strings(depth):
    opening = "".join('{"a": ' if i % 2 else '["[[{", ' for i in range(depth))
    closing = "".join("}" if i % 2 else "]" for i in reversed(range(depth)))
    data = (opening + '"x"' + closing).encode()
    assert strict_json._too_deep(data, 16) == (depth > 16)
    if depth <= 16:
        assert strict_json.loads(data, max_bytes=1 << 20)


def test_bounds_are_checked_before_parsing(monkeypatch):
    """A file nested too deep never reaches the parser (where Python's recursion limit would be the only bound)."""
    def parser_reached(*args, **kwargs):
        raise AssertionError("the parser was reached")
    monkeypatch.setattr(strict_json.json, "loads", parser_reached)
    with pytest.raises(strict_json.JsonRefused, match="nested more than 16 levels deep"):
        strict_json.loads(b"[" * 100_000, max_bytes=1 << 20)
    with pytest.raises(strict_json.JsonRefused, match="larger than 1 MB"):
        strict_json.loads(b"[]" + b" " * (1 << 20), max_bytes=1 << 20)


# -- the other JSON files from outside: a backup's manifest and key file, the vault's key file, local holidays --

INSIDE = ["deep array", "deep object", "5,000-digit integer", "1e999", "NaN", "duplicate key",
          "lone surrogate in a key", "lone surrogate in a value", "invalid UTF-8", "empty file"]


@pytest.fixture(scope="module")
def a_backup(world):
    root, _, _ = world
    session = sessions.unlock(root / "vault", PASSPHRASE)
    try:
        made = backup.make_backup(session, root / "backups")
    finally:
        session.close()
    with zipfile.ZipFile(made) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.mark.parametrize("member", ["manifest.json", "vault.key"])
@pytest.mark.attack("A backup with a hostile {member}", "refused; vault untouched")
def test_restore_refuses_a_backup_whose_json_is_nasty_and_leaves_the_vault_alone(world, a_backup, member, tmp_path,
                                                                               monkeypatch, capsys):
    root, _, _ = world
    before = snapshot(root / "vault")
    good = a_backup[member].decode("utf-8")
    for case in INSIDE:
        data, _ = _nasty(good.replace("{", '{"individual": {"given_names": "A"}, ', 1), "")[case]
        path = tmp_path / f"nasty-{INSIDE.index(case)}.mdbackup"
        with zipfile.ZipFile(path, "w") as zf:
            for name, content in a_backup.items():
                zf.writestr(name, data if name == member else content)
        code, _, err = _run(["restore", path, "--data-dir", root / "vault", "--passphrase-stdin"], monkeypatch,
                            capsys, PASSPHRASE + "\n")
        assert code == 2 and "is damaged or has been changed" in err and not BROKE.search(err), (case, err)
    assert snapshot(root / "vault") == before


def test_a_nasty_key_file_in_the_data_folder_is_named_as_damage(tmp_path, monkeypatch, capsys):
    good = '{"individual": {"given_names": "A"}, "version": 1, "format": "mappa-desk-keyfile"}'
    for case in INSIDE:
        folder = tmp_path / f"vault-{INSIDE.index(case)}"
        folder.mkdir()
        (folder / "vault.key").write_bytes(_nasty(good, "")[case][0])
        code, _, err = _run(["doctor", "--data-dir", folder, "--passphrase-stdin"], monkeypatch, capsys,
                            PASSPHRASE + "\n")
        assert code == 2 and "key file is damaged" in err and not BROKE.search(err), (case, err)


@pytest.mark.parametrize("case", INSIDE)
def test_a_nasty_local_holidays_file_is_refused_naming_the_file(case, tmp_path):
    path = tmp_path / "local_holidays.json"
    data, says = _nasty('{"version": 1, "individual": {"given_names": "A"}, "holidays": []}', "")[case]
    path.write_bytes(data)
    with pytest.raises(UserFacingError) as refused:
        load_local_holidays(path)
    assert str(path) in str(refused.value) and says in str(refused.value)


@pytest.mark.parametrize("case", INSIDE)
def test_a_nasty_jurisdiction_profile_is_refused_naming_the_file(case, tmp_path):
    path = tmp_path / "profile.json"
    path.write_bytes(_nasty('{"version": 1, "individual": {"given_names": "A"}, "agencies": []}', "")[case][0])
    with pytest.raises(UserFacingError, match="The jurisdiction profile .* could not be read"):
        load_profile(path=path)
