"""Reading and writing interchange files: validate everything first, name the bad field by its path."""

from __future__ import annotations

import datetime as _dt
import json
import re
from functools import lru_cache
from pathlib import Path

from mappa_desk import paths
from mappa_desk.domain import clocks, text_check
from mappa_desk.domain.model import Individual, Meeting
from mappa_desk.errors import ImportRejected, describe_os_error
from mappa_desk.files import atomic_write
from mappa_desk.interchange import strict_json, upgrades
from mappa_desk.interchange.codec import from_plain, to_plain, vocabulary_problem
from mappa_desk.interchange.strict_json import JsonRefused, field_path as json_path

FORMAT = "mappa-desk-meeting"
MAX_BYTES = 20 * 1024 * 1024


@lru_cache(maxsize=1)
def _validator():
    """The schema's validator. `jsonschema` is imported here, on first use, not at start-up (~50 ms)."""
    import jsonschema

    schema = json.loads(paths.interchange_schema_path().read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _describe(error) -> str:
    """A plain sentence for one schema error. Never echoes the offending value."""
    where = json_path(error.absolute_path)
    kind, expected = error.validator, error.validator_value
    if kind == "required":
        missing = [k for k in expected if isinstance(error.instance, dict) and k not in error.instance]
        field = json_path(list(error.absolute_path) + missing[:1])
        return f"{field} is missing."
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"{json_path(list(error.absolute_path) + extra[:1])} is not a field this format knows."
    if kind == "type":
        wanted = " or ".join(expected) if isinstance(expected, list) else expected
        return f"{where} should be {_a(wanted)}."
    if kind == "enum":
        allowed = ", ".join("null" if v is None else str(v) for v in expected)
        return f"{where} has a value this format does not know (allowed: {allowed})."
    if kind == "const":
        return f"{where} should be {json.dumps(expected)}."
    if kind == "maxLength":
        return f"{where} is too long (at most {expected:,} characters)."
    if kind == "minLength":
        return f"{where} must not be empty."
    if kind == "maxItems":
        return f"{where} has too many entries (at most {expected:,})."
    if kind in ("minimum", "maximum"):
        return f"{where} is out of range."
    if kind == "pattern":
        return f"{where} is not in the expected form{_example(error.absolute_path)}."
    return f"{where} is not valid here."


def _a(word: str) -> str:
    names = {"string": "text", "integer": "a whole number", "boolean": "true or false", "object": "an object",
             "array": "a list", "null": "null", "number": "a number"}
    return " or ".join(names.get(w, w) for w in word.split(" or "))


def _example(path) -> str:
    last = str(list(path)[-1]) if list(path) else ""
    if last.endswith(("date", "date_of_birth", "by_when")):
        return " (a date like 2026-11-21)"
    if last in ("start_time", "end_time", "arrived_at", "left_at", "confidentiality_agreed_at"):
        return " (a time like 14:30, or empty)"
    if last == "uid" or last.endswith("_uid"):
        return " (a uid like 1b4e28ba-2fa1-11d2-883f-0016d3cca427)"
    return ""


class NewerFormat(ImportRejected):
    """The file was made by a newer MAPPA Desk; `found` is its format version."""

    def __init__(self, message: str, found: int):
        super().__init__(message)
        self.found = found


def _reject(sentence: str) -> ImportRejected:
    return ImportRejected(f"The file was not imported: {sentence} Nothing was changed.")


def _check_dates(doc: dict) -> None:
    """The schema checks the form of dates; this checks they exist (no 31 February)."""
    def walk(value, path):
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", item) and (
                        key.endswith("date") or key in ("date_of_birth", "by_when")):
                    try:
                        _dt.date.fromisoformat(item)
                    except ValueError:
                        raise _reject(f"{json_path(path + [key])} is not a real date.") from None
                walk(item, path + [key])
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, path + [i])
    walk(doc, [])


def _check_text(value, path=()) -> None:
    """Every text of the file holds only characters the documents can print (domain.text_check)."""
    if isinstance(value, str):
        problem = text_check.problem(value)
        if problem is not None:
            raise _reject(f"{json_path(list(path))}: {problem}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_text(item, (*path, i))


def parse(data: bytes) -> tuple[Individual, Meeting]:
    """Bytes of an interchange file -> domain values, or ImportRejected naming the field."""
    try:
        doc = strict_json.loads(data, max_bytes=MAX_BYTES)
    except JsonRefused as err:
        raise _reject(f"{err.reason}.") from None
    if isinstance(doc, dict) and doc.get("format") == FORMAT and "version" in doc:
        try:
            doc = upgrades.upgrade(doc)  # older versions step by step to today's, before the schema sees it
        except upgrades.VersionRefused as refused:
            if refused.found is not None:
                raise NewerFormat(str(_reject(refused.sentence)), refused.found) from None
            raise _reject(refused.sentence) from None
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(doc), key=_error_order)
    if error is not None:
        raise _reject(_describe(error))
    _check_dates(doc)
    _check_text(doc)
    problem = clocks.end_before_start_problem(doc["meeting"]["start_time"], doc["meeting"]["end_time"])
    if problem:
        raise _reject(problem)
    return from_plain(Individual, doc["individual"]), from_plain(Meeting, doc["meeting"])


def _error_order(error):
    # Prefer the deepest error: it names the actual field, not its container.
    return (len(error.absolute_path), -len(error.context or ()))


def read(path: str | Path) -> tuple[Individual, Meeting]:
    path = Path(path)
    try:
        data = strict_json.read_bounded(path, MAX_BYTES)
    except JsonRefused as err:
        raise _reject(f"{err.reason}.") from None
    except FileNotFoundError:
        raise ImportRejected(f"There is no file at {path}. Check the name and try again.") from None
    except IsADirectoryError:
        raise ImportRejected(f"{path} is a folder, not an interchange file.") from None
    except PermissionError:
        raise ImportRejected(f"MAPPA Desk is not allowed to read {path}.") from None
    return parse(data)


def read_for(path: str | Path, profile) -> tuple[Individual, Meeting]:
    """`read`, then refuse a file holding a word of a jurisdiction's vocabulary (an order kind, a category, a
    tribunal word) that `profile` lacks: its documents would print a code nobody chose there."""
    individual, meeting = read(path)
    problem = vocabulary_problem(individual, meeting, profile)
    if problem:
        raise ImportRejected(f"The file cannot be used with the {profile.name} templates: {problem} "
                             "Nothing was written.")
    return individual, meeting


def dumps(individual: Individual, meeting: Meeting, exported_at: str) -> bytes:
    doc = {"format": FORMAT, "version": upgrades.CURRENT, "exported_at": exported_at,
           "individual": to_plain(individual), "meeting": to_plain(meeting)}
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write(path: str | Path, data: bytes) -> None:
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise describe_os_error(err, "the export") from err
    atomic_write(Path(path), data, what="the export")
