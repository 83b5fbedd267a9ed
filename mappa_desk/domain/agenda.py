"""The agenda of one case, read from the jurisdiction's template data (templates/<j>/agenda.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from mappa_desk import paths
from mappa_desk.domain.enums import MEETING_KINDS
from mappa_desk.errors import UserFacingError

# The cockpit panels a step may name; each records one part of the meeting (domain brief section 3).
PANELS = ("opening", "previous_actions", "information", "risks", "rmp", "housing", "decisions", "disclosure",
          "level", "actions", "review")
# Step keys of records made before the agenda was template data (or imported from elsewhere) and the
# panel that records them; any other unknown key opens the review panel, which lists what is missing.
_OLDER_KEYS = {"welcome": "opening", "confidentiality": "opening", "information_sharing": "information",
               "risk_assessment": "risks", "victims_diversity": "risks", "review_date": "review"}


@dataclass(frozen=True)
class AgendaStep:
    key: str
    title: str
    panel: str
    minutes: int
    prompts: tuple[str, ...]
    kinds: tuple[str, ...] = tuple(MEETING_KINDS)

    @property
    def allocated_seconds(self) -> int:
        return self.minutes * 60


def load_agenda(jurisdiction: str, path: Path | None = None) -> tuple[AgendaStep, ...]:
    path = path or paths.jurisdiction_dir(jurisdiction) / "agenda.toml"
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        steps = tuple(
            AgendaStep(key=str(s["key"]), title=str(s["title"]), panel=str(s["panel"]),
                       minutes=int(s.get("minutes", 0)), prompts=tuple(str(p) for p in s.get("prompts", ())),
                       kinds=tuple(str(k) for k in s.get("kinds", MEETING_KINDS)))
            for s in doc["step"])
    except (OSError, ValueError, KeyError, TypeError, tomllib.TOMLDecodeError) as err:
        raise UserFacingError(f"The agenda template {path} could not be read. Restore it from the MAPPA Desk "
                              "installation.") from err
    keys = [s.key for s in steps]
    bad = [s.key for s in steps if s.panel not in PANELS or s.minutes < 0 or not s.title
           or any(k not in MEETING_KINDS for k in s.kinds)]
    if not steps or bad or len(set(keys)) != len(keys):
        raise UserFacingError(f"The agenda template {path} has a step with an unknown panel, kind or a repeated key "
                              f"({', '.join(bad) or 'repeated key'}). Correct it or restore it from the installation.")
    return steps


def steps_for(kind: str, steps: tuple[AgendaStep, ...]) -> tuple[AgendaStep, ...]:
    """The steps of an initial or a review meeting, in order (`steps`: the jurisdiction's agenda)."""
    return tuple(s for s in steps if kind in s.kinds)


def panel_for(step_key: str, steps: dict[str, AgendaStep]) -> str:
    """The cockpit panel for a meeting's agenda step, also for keys the current template no longer has."""
    if step_key in steps:
        return steps[step_key].panel
    if step_key in PANELS:
        return step_key
    return _OLDER_KEYS.get(step_key, "review")


CASE_MINUTES_RANGE = (5, 240)  # the time a chair may allow for one case; a typical case takes 15 to 30 minutes


def share_allowance(allocated: list[int], total_seconds: int) -> list[int]:
    """The steps' allocations (seconds) scaled to a new time allowed for the case, in proportion, whole
    seconds, adding up exactly to `total_seconds` (the last step takes the rounding)."""
    if not allocated:
        return []
    before = sum(allocated)
    if before <= 0:
        shares = [total_seconds // len(allocated)] * len(allocated)
    else:
        shares = [seconds * total_seconds // before for seconds in allocated]
    shares[-1] += total_seconds - sum(shares)
    return shares
