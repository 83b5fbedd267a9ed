"""The one reader of JSON that comes from outside the vault: bounded before parsing, strict while parsing.

Every file a person hands MAPPA Desk (an interchange file for `import`, `check`
and `render`, the contents of a handover file) goes through `loads`. It refuses,
with a plain reason that names the field where there is one:

- a file larger than the caller's ceiling (checked before anything is decoded);
- nesting deeper than MAX_DEPTH (checked by a scan of the brackets outside strings,
  before the parser runs, so a file of 100,000 `[` never reaches Python's recursion
  limit);
- an integer of more than MAX_INT_DIGITS digits, a number written with more than
  MAX_NUMBER_CHARS characters, a number too large to hold (1e999), and NaN or
  Infinity (not JSON at all, though Python's parser takes them);
- the same key twice in one object (JSON leaves the meaning open; a reader could
  take either value, so neither is taken);
- a lone UTF-16 surrogate (`"\\ud800"`), which is not a character and cannot be
  written to a document or the database;
- bytes that are not UTF-8, and an empty file. A UTF-8 byte order mark, as some
  Windows editors write, is accepted and skipped.
"""

from __future__ import annotations

import json
import math
import os
import re

from mappa_desk.errors import UserFacingError

MAX_DEPTH = 16  # an interchange file nests 5 deep, a handover payload 7; each level is a pass of the scan
MAX_INT_DIGITS = 15  # below 2**53, so every such integer is exact in any JSON reader
MAX_NUMBER_CHARS = 32

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_ONE_KIND = bytes.maketrans(b"{}", b"[]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


class JsonRefused(UserFacingError):
    """A JSON file was refused. `reason` is a clause ("it is empty") for the caller's own sentence."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(f"The file was not read: {reason}.")


def field_path(parts) -> str:
    """`meeting.actions[2].text` for the parts ["meeting", "actions", 2, "text"]; "the file" for none."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the file"


def _shown(key: str) -> str:
    """A key as it may be printed: at most 40 characters, a broken character written as its escape."""
    key = key if len(key) <= 40 else key[:40] + "…"
    return key.encode("utf-8", "backslashreplace").decode("utf-8")


def _too_deep(data: bytes, max_depth: int) -> bool:
    """Whether the brackets outside strings nest deeper than `max_depth` (a broken string can only make this
    larger). Each pass removes the innermost pairs, one level everywhere at once, and a run of more than
    `max_depth` opening brackets ends the search: at most max_depth passes, each at C speed."""
    brackets = _STRING.sub(b"", data).translate(_ONE_KIND, _NOT_BRACKETS)
    too_many = re.compile(rb"\[{%d}" % (max_depth + 1))
    for _ in range(max_depth):
        if brackets.count(b"[") <= max_depth:
            return False
        if too_many.search(brackets):
            return True
        brackets = brackets.replace(b"[]", b"")
    return b"[]" in brackets


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise JsonRefused(f"it holds a whole number of {len(text.lstrip('-')):,} digits; MAPPA Desk reads numbers "
                          f"of at most {MAX_INT_DIGITS} digits")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise JsonRefused(f"it holds a number written with {len(text):,} characters; MAPPA Desk reads numbers of "
                          f"at most {MAX_NUMBER_CHARS}")
    value = float(text)
    if not math.isfinite(value):
        raise JsonRefused(f"it holds the number {text}, which is too large to hold")
    return value


def _constant(name: str):
    raise JsonRefused(f"it holds {name}, which is not a number JSON allows")


def _object(pairs: list) -> dict:
    doc = dict(pairs)
    if len(doc) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise JsonRefused(f'the field "{_shown(key)}" appears twice in one object, so it is not clear '
                                  f"which value is meant")
            seen.add(key)
    return doc


def _check_text(value, path: list) -> None:
    """Refuse a lone surrogate anywhere, naming the field that holds it (or holds the broken key)."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            raise JsonRefused(f"{field_path(path)} holds a broken character (a lone UTF-16 surrogate), so it is "
                              "not text")
    elif isinstance(value, dict):
        for key, item in value.items():
            if _SURROGATE.search(key):
                raise JsonRefused(f'{"a field name in " + field_path(path) if path else "a field name"} '
                                  f'("{_shown(key)}") holds a broken character (a lone UTF-16 surrogate)')
            _check_text(item, path + [key])
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_text(item, path + [i])


def loads(data: bytes, *, max_bytes: int, max_depth: int = MAX_DEPTH):
    """Bytes of a JSON file -> the value, or JsonRefused with the reason."""
    if len(data) > max_bytes:
        raise JsonRefused(too_large(max_bytes))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        raise JsonRefused("it is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise JsonRefused(f"it is not UTF-8 text (the first bad byte is byte {err.start + 1:,})") from None
    if _too_deep(data, max_depth):
        raise JsonRefused(f"it is nested more than {max_depth} levels deep, which no meeting record needs")
    try:
        doc = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant,
                         object_pairs_hook=_object)
    except json.JSONDecodeError as err:
        raise JsonRefused(f"it is not valid JSON (line {err.lineno:,}, column {err.colno:,})") from None
    if _SURROGATE_ESCAPE.search(data):  # only an escape can make a surrogate: UTF-8 cannot hold one
        _check_text(doc, [])
    return doc


def too_large(max_bytes: int) -> str:
    return f"it is larger than {max_bytes // (1024 * 1024)} MB, which no meeting record needs"


def read_bounded(path, max_bytes: int) -> bytes:
    """A file's bytes, refused (JsonRefused) past `max_bytes` by its size and by what is really read (a file that
    grows, a pipe). OSError is left to the caller, which knows what the file is for."""
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size > max_bytes:
            raise JsonRefused(too_large(max_bytes))
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise JsonRefused(too_large(max_bytes))
    return data
