"""The interchange format's versions, and the numbered upgrades that bring an older file up to today's.

Every file that comes in (an interchange file, or each meeting in a handover file) is upgraded here, one
step at a time, BEFORE it is checked against the schema, so the schema only ever describes the current
version. `STEPS[n]` turns a version-n document into a version-(n + 1) one: a small pure function on the
parsed JSON, which returns the new document and changes nothing else. The runner sets the version
number after each step.

A field added to the record is the usual change, and it needs no hand-written step: its declaration says the
version that first carries it (`Field.since`, domain/fields.py), and the step to that version gives every object
of its part the field's empty value. CURRENT is the newest version any field names. Any other change (a rename, a
field that moves) gets its own step in STEPS, run before the fields that version adds; then regenerate the
schema (make schema) and keep a file of the old version in tests/fixtures/. A field added after a version was
released names the next version (`since`), never a released one: files of that version are on laptops without
it. Never change a step that has been released.
"""

from __future__ import annotations

import copy
import dataclasses
import typing
from typing import Callable

from mappa_desk.domain import model
from mappa_desk.domain.fields import fields_of

Step = Callable[[dict], dict]


def _added_in() -> dict[int, list]:
    """Version -> the classes and names of the fields declared as first carried by it (after version 1)."""
    added: dict[int, list] = {}
    for cls in _classes(model.Meeting) | _classes(model.Individual):
        for f in fields_of(cls):
            if f.since > 1:
                added.setdefault(f.since, []).append((cls, f.name))
    return added


def _classes(cls, seen=None) -> set:
    """`cls` and every dataclass a file nests in it."""
    seen = set() if seen is None else seen
    if cls in seen:
        return seen
    seen.add(cls)
    for tp in typing.get_type_hints(cls).values():
        for inner in (tp, *typing.get_args(tp)):
            for candidate in (inner, *typing.get_args(inner)):
                if dataclasses.is_dataclass(candidate):
                    _classes(candidate, seen)
    return seen


# Lists of rows a version adds to the meeting (a new part of the record): version -> the lists' names. A file of
# an earlier version gains each, empty.
LISTS_ADDED = {4: ("circulation",), 5: ("protected_persons",)}  # 5: issue 18 item 4


def _adding(version: int) -> Step:
    """The step to `version` that gives each object the fields declared `since=version`, empty (and the meeting
    the lists of rows that version adds, `LISTS_ADDED`)."""
    def step(doc: dict) -> dict:
        doc = copy.deepcopy(doc)
        meeting = doc.get("meeting")
        if isinstance(meeting, dict):
            for name in LISTS_ADDED.get(version, ()):
                meeting.setdefault(name, [])
        _fill(model.Individual, doc.get("individual"), version)
        _fill(model.Meeting, doc.get("meeting"), version)
        return doc
    return step


def _fill(cls, obj, version: int) -> None:
    if not isinstance(obj, dict):
        return
    for f in fields_of(cls):
        if f.since == version and f.name not in obj:
            obj[f.name] = f.empty
    hints = typing.get_type_hints(cls)
    for field in dataclasses.fields(cls):
        value = obj.get(field.name)
        inner = [c for tp in (hints[field.name], *typing.get_args(hints[field.name]))
                 for c in (tp, *typing.get_args(tp)) if dataclasses.is_dataclass(c)]
        if not inner:
            continue
        for item in value if isinstance(value, list) else [value]:
            _fill(inner[0], item, version)


_ADDED = _added_in()
CURRENT = max([1, *_ADDED, *LISTS_ADDED])  # the version this release writes, and the newest it reads

def _numbering_actions(doc: dict) -> dict:
    """Version 4 numbers each meeting's actions (issue 17 item 2): an earlier file's are numbered 1, 2, 3 ... in
    the order it lists them, the order they were made, as schema 0015 numbered a vault's."""
    doc = copy.deepcopy(doc)
    meeting = doc.get("meeting")
    for holder in (meeting, meeting.get("previous") if isinstance(meeting, dict) else None):
        actions = holder.get("actions") if isinstance(holder, dict) else None
        for n, action in enumerate(actions if isinstance(actions, list) else [], 1):
            if isinstance(action, dict) and "number" not in action:
                action["number"] = n
    return doc


# Changes other than added fields, by the version they bring a document to; each runs before that version's
# fields are added.
_OWN_STEPS: dict[int, Step] = {4: _numbering_actions}


def _step_to(version: int) -> Step:
    own, adding = _OWN_STEPS.get(version), _adding(version)
    return adding if own is None else (lambda doc: adding(own(doc)))


# version n -> n + 1: the fields version n + 1 adds (and, for another kind of change, its own step first).
STEPS: dict[int, Step] = {version - 1: _step_to(version) for version in sorted({*_ADDED, *LISTS_ADDED})}


class VersionRefused(ValueError):
    """The file's version cannot be read by this release; `sentence` says why, plainly."""

    def __init__(self, sentence: str, found=None):
        super().__init__(sentence)
        self.sentence = sentence
        self.found = found


def readable() -> str:
    """'version 1' or 'versions 1 to 3': what this release reads."""
    return "version 1" if CURRENT == 1 else f"versions 1 to {CURRENT}"


def newer_sentence(version: int, what: str) -> str:
    """The one sentence for a file from a newer release; `what` begins it ("it", "This handover file")."""
    return (f"{what} was made by a newer MAPPA Desk (format version {version}); this one reads {readable()}. "
            "Update MAPPA Desk, or ask the sender for a file made by the same release as yours.")


def check_version(version) -> int:
    """The version as a whole number this release reads, or VersionRefused."""
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise VersionRefused("its format version is not a positive whole number, so the file is malformed.")
    if version > CURRENT:
        raise VersionRefused(newer_sentence(version, "it"), found=version)
    return version


def upgrade(doc: dict) -> dict:
    """`doc` (a meeting document with a `version`) brought up to CURRENT, step by step, in order."""
    version = check_version(doc.get("version"))
    while version < CURRENT:
        step = STEPS.get(version)
        if step is None:  # a gap in the chain is a bug in this release, never the file's fault
            raise RuntimeError(f"no interchange upgrade from version {version}")
        doc = {**step(doc), "version": version + 1}
        version += 1
    return doc
