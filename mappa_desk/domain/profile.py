"""The jurisdiction profile: the editable data file that names agencies (and, later, clocks)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from mappa_desk import paths
from mappa_desk.domain.enums import AGENCY_KINDS
from mappa_desk.errors import UserFacingError


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    kind: str


@dataclass(frozen=True)
class Profile:
    jurisdiction: str
    name: str
    agencies: tuple[Agency, ...]


def load_profile(jurisdiction: str = "scotland", path: Path | None = None) -> Profile:
    path = path or paths.jurisdiction_dir(jurisdiction) / "profile.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        agencies = tuple(Agency(str(a["code"]), str(a["name"]), str(a["kind"])) for a in doc["agencies"])
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise UserFacingError(f"The jurisdiction profile {path} could not be read. Restore it from the MAPPA Desk installation.") from err
    codes = [a.code for a in agencies]
    bad = [a.code for a in agencies if a.kind not in AGENCY_KINDS or not a.code or not a.name]
    if bad or len(set(codes)) != len(codes):
        raise UserFacingError(f"The jurisdiction profile {path} lists an agency twice or with a missing name or unknown kind ({', '.join(bad) or 'duplicate code'}).")
    return Profile(str(doc.get("jurisdiction", jurisdiction)), str(doc.get("name", jurisdiction)), agencies)
