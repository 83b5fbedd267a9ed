"""The interchange format's versions, and the numbered upgrades that bring an older file up to today's.

Every file that comes in (an interchange file, or each meeting in a handover file) is upgraded here, one
step at a time, BEFORE it is checked against the schema, so the schema only ever describes the current
version. `STEPS[n]` turns a version-n document into a version-(n + 1) one: a small pure function on the
parsed JSON, which returns the new document and changes nothing else. The runner sets the version
number after each step.

To change the format: add the next step here, raise CURRENT, change the schema and docs/interchange.md,
keep a file of the old version in tests/fixtures/, and bring the demo records (mappa_desk/demo) up to the
new version. Never change a step that has been released: files made with it are on laptops.
"""

from __future__ import annotations

from typing import Callable

CURRENT = 1  # the version this release writes, and the newest it reads

Step = Callable[[dict], dict]

# version n -> n + 1. Empty while CURRENT is 1.
STEPS: dict[int, Step] = {}


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
