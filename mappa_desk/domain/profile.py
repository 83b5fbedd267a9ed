"""The jurisdiction profile: the editable data file that names agencies, the clocks, the chair ranks and the
closed word lists of the jurisdiction's law (`vocabularies`: MAPPA categories, order kinds, restricted-patient
orders, tribunal recommendations and positions; read them through domain.vocabularies)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mappa_desk import paths
from mappa_desk.domain import consistency_individual
from mappa_desk.domain.enums import AGENCY_KINDS, LEVELS, MEETING_LEVELS
from mappa_desk.errors import UserFacingError
from mappa_desk.interchange import strict_json
from mappa_desk.interchange.strict_json import JsonRefused

# The jurisdiction (a folder under templates/) of a vault made without naming one, and of a vault made before
# vaults recorded theirs. The only default: every other caller passes the open vault's jurisdiction.
DEFAULT_JURISDICTION = "scotland"

# The vocabularies every profile gives (code -> words). Categories are numbered (their codes are whole numbers,
# written as text keys in the file); the others are text codes, "" being the empty choice where a list has one.
# `withheld_information`: the reasons a reply to a request for the Minute may give for not releasing it in full
# (document 9: third-party, confidential, sensitive information); the chair keeps those that apply.
JURISDICTIONAL_VOCABULARIES = ("categories", "order_kinds", "restricted_patient_orders", "tribunal_recommendations",
                               "tribunal_positions", "disclosure_routes", "meeting_purposes",
                               "withheld_information")


def has_jurisdiction(name: str) -> bool:
    """Whether this installation has templates/<name> (a plain folder name, never a path)."""
    return (bool(name) and Path(name).name == name and "\\" not in name and name not in (".", "..")
            and paths.jurisdiction_dir(name).is_dir())


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    kind: str
    # issue 18 item 4: an agency whose presence would reveal a victim's involvement (e.g. a domestic abuse service):
    # never named in a release (profile.json "never_named_in_releases": true)
    never_named: bool = False


@dataclass(frozen=True)
class Clocks:
    """The timescales of guidance 11.15 and 11.30 (domain brief section 4). Weeks, months and plain days are
    calendar; working days skip weekends and the public holidays of `holiday_country`/`holiday_subdivision`
    (codes of the `holidays` library) plus the local holidays in `local_holidays_file` (beside the profile)."""

    review_weeks_by_level: dict[int, int] = field(hash=False)
    olr_review_months: int
    draft_minute_working_days: int
    final_minute_working_days: int  # counted from the meeting, not from the draft (10 in all, 11.15)
    initial_meeting_working_days_by_level: dict[int, int] = field(hash=False)
    # The later fields have defaults so that a Clocks built by hand with the five above still works.
    notification_days_after_sentence: int = 3  # calendar days
    referral_working_days_after_notification: int = 5
    referral_working_days_after_sentence: int = 8
    holiday_country: str = "GB"
    holiday_subdivision: str = "SCT"
    local_holidays_file: str = "local_holidays.json"


# What guidance 11.15 and 11.30 say today. load_profile always reads the file; this only keeps
# `Profile(jurisdiction, name, agencies)` working for callers (and tests) that build one by hand.
GUIDANCE_CLOCKS = Clocks(review_weeks_by_level={2: 12, 3: 6}, olr_review_months=12, draft_minute_working_days=5,
                         final_minute_working_days=10, initial_meeting_working_days_by_level={2: 20, 3: 5},
                         notification_days_after_sentence=3, referral_working_days_after_notification=5,
                         referral_working_days_after_sentence=8, holiday_country="GB", holiday_subdivision="SCT",
                         local_holidays_file="local_holidays.json")


@dataclass(frozen=True)
class ChairRank:
    """A rank that may chair meetings up to `level`; `categories` limits it to those categories (empty: all)."""

    rank: str
    agency: str
    level: int
    categories: tuple[int, ...] = ()


@dataclass(frozen=True)
class Profile:
    jurisdiction: str
    name: str
    agencies: tuple[Agency, ...]
    clocks: Clocks = GUIDANCE_CLOCKS
    chair_ranks: tuple[ChairRank, ...] = ()
    # name -> {code: words}; None (a profile built by hand) means the default jurisdiction's (domain.vocabularies)
    vocabularies: dict[str, dict] | None = field(default=None, hash=False, compare=False)
    # domain.consistency_individual.Rules (the profile's individual_rules); None: the default jurisdiction's
    individual_rules: object | None = field(default=None, hash=False, compare=False)

    def agency_name(self, code: str | None) -> str:
        """The agency's name as the profile gives it (the code itself for one the profile no longer lists)."""
        return next((a.name for a in self.agencies if a.code == code), code or "")


class _Invalid(Exception):
    """One part of the profile is missing or has the wrong type; the message names it."""


def load_profile(jurisdiction: str | None = None, path: Path | None = None) -> Profile:
    """The profile of templates/<jurisdiction> (or the file at `path`). The folder names the jurisdiction: a
    profile copied into a new folder is that folder's, whatever its own "jurisdiction" says."""
    named = path is None
    if named:
        if not jurisdiction:
            raise TypeError("load_profile needs the jurisdiction (or the profile's path)")
        path = paths.jurisdiction_dir(jurisdiction) / "profile.json"
    jurisdiction = jurisdiction or path.parent.name
    try:
        doc = strict_json.loads(strict_json.read_bounded(path, 1024 * 1024), max_bytes=1024 * 1024)
        agencies = tuple(Agency(str(a["code"]), str(a["name"]), str(a["kind"]), _never_named(a))
                         for a in doc["agencies"])
    except (OSError, ValueError, KeyError, TypeError, JsonRefused) as err:
        raise UserFacingError(f"The jurisdiction profile {path} could not be read. Restore it from the MAPPA Desk installation.") from err
    codes = [a.code for a in agencies]
    bad = [a.code for a in agencies if a.kind not in AGENCY_KINDS or not a.code or not a.name]
    if bad or len(set(codes)) != len(codes):
        raise UserFacingError(f"The jurisdiction profile {path} lists an agency twice or with a missing name or unknown kind ({', '.join(bad) or 'duplicate code'}).")
    try:
        clocks = _clocks(doc.get("clocks"))
        vocabularies = _vocabularies(doc.get("vocabularies"))
        chair_ranks = _chair_ranks(doc.get("chair_ranks"), set(codes), set(vocabularies["categories"]))
        individual_rules = consistency_individual.parse_rules(doc.get("individual_rules"), set(codes),
                                                              set(vocabularies["categories"]))
    except (_Invalid, consistency_individual.RulesInvalid) as err:
        raise UserFacingError(f"The jurisdiction profile {path} has {err}. Correct it or restore it from the MAPPA "
                              "Desk installation.") from err
    return Profile(jurisdiction if named else str(doc.get("jurisdiction", jurisdiction)),
                   str(doc.get("name", jurisdiction)), agencies,
                   clocks, chair_ranks, vocabularies, individual_rules)


def _never_named(agency: dict) -> bool:
    """An agency's "never_named_in_releases": true or false (false when left out); anything else is refused."""
    value = agency.get("never_named_in_releases", False)
    if not isinstance(value, bool):
        raise ValueError("never_named_in_releases is not true or false")
    return value


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)  # JSON true/false are not numbers here


def _whole(value, what: str) -> int:
    """A positive whole number."""
    if not _is_int(value) or value < 1:
        raise _Invalid(f"no valid {what} (it must be a whole number of 1 or more)")
    return value


def _by_level(value, what: str) -> dict[int, int]:
    """A number for each meeting level, keyed by the level as text ({"2": 12, "3": 6})."""
    if not isinstance(value, dict):
        raise _Invalid(f"no valid {what} (it must give a number for Levels 2 and 3)")
    try:
        by_level = {int(level): _whole(number, what) for level, number in value.items()}
    except ValueError as err:
        raise _Invalid(f"no valid {what} (each key must be a level number)") from err
    if any(level not in LEVELS for level in by_level) or any(level not in by_level for level in MEETING_LEVELS):
        raise _Invalid(f"no valid {what} (it must give a number for Levels 2 and 3, and only for Levels 1 to 3)")
    return by_level


def _clocks(value) -> Clocks:
    if not isinstance(value, dict):
        raise _Invalid("no valid clocks section")
    draft = _whole(value.get("draft_minute_working_days"), "clocks draft_minute_working_days")
    final = _whole(value.get("final_minute_working_days"), "clocks final_minute_working_days")
    if final < draft:
        raise _Invalid("a final minute clock shorter than the draft minute clock (both count from the meeting)")
    after_notification = _whole(value.get("referral_working_days_after_notification"),
                                "clocks referral_working_days_after_notification")
    after_sentence = _whole(value.get("referral_working_days_after_sentence"),
                            "clocks referral_working_days_after_sentence")
    if after_sentence < after_notification:
        raise _Invalid("clocks referral_working_days_after_sentence shorter than "
                       "referral_working_days_after_notification (the notification comes after the sentence)")
    return Clocks(
        review_weeks_by_level=_by_level(value.get("review_weeks_by_level"), "clocks review_weeks_by_level"),
        olr_review_months=_whole(value.get("olr_review_months"), "clocks olr_review_months"),
        draft_minute_working_days=draft, final_minute_working_days=final,
        initial_meeting_working_days_by_level=_by_level(value.get("initial_meeting_working_days_by_level"),
                                                        "clocks initial_meeting_working_days_by_level"),
        notification_days_after_sentence=_whole(value.get("notification_days_after_sentence"),
                                                "clocks notification_days_after_sentence"),
        referral_working_days_after_notification=after_notification,
        referral_working_days_after_sentence=after_sentence,
        holiday_country=_code(value.get("holiday_country"), "clocks holiday_country"),
        holiday_subdivision=_code(value.get("holiday_subdivision"), "clocks holiday_subdivision"),
        local_holidays_file=_file_name(value.get("local_holidays_file"), "clocks local_holidays_file"))


def _code(value, what: str) -> str:
    """A code of the `holidays` library ("GB", "SCT"); whether the library knows it is checked when the
    working-day calendar is built (mappa_desk.domain.working_days)."""
    if not isinstance(value, str) or not value.strip() or not value.strip().isalnum():
        raise _Invalid(f"no valid {what} (it must be a code such as GB or SCT)")
    return value.strip().upper()


def _file_name(value, what: str) -> str:
    """A plain file name in the jurisdiction's folder: no folders, so the profile cannot point anywhere else."""
    if (not isinstance(value, str) or not value.strip() or Path(value).name != value or "\\" in value
            or value in (".", "..")):
        raise _Invalid(f"no valid {what} (it must be a file name beside the profile, such as "
                       "local_holidays.json)")
    return value


def _vocabularies(value) -> dict[str, dict]:
    """Each of JURISDICTIONAL_VOCABULARIES: a non-empty table of code -> the words a user sees."""
    if not isinstance(value, dict):
        raise _Invalid("no valid vocabularies section")
    found = {}
    for name in JURISDICTIONAL_VOCABULARIES:
        table = value.get(name)
        if (not isinstance(table, dict) or not table
                or any(not isinstance(words, str) or not words.strip() for words in table.values())):
            raise _Invalid(f"no valid vocabulary {name} (it must give the words for each code)")
        if name == "categories":
            if any(not code.isdigit() for code in table):
                raise _Invalid("no valid vocabulary categories (each code must be a whole number)")
            table = {int(code): words for code, words in table.items()}
        found[name] = dict(table)
    return found


def _chair_ranks(value, codes: set[str], known_categories: set[int]) -> tuple[ChairRank, ...]:
    rows = value.get("ranks") if isinstance(value, dict) else None
    if not isinstance(rows, list):
        raise _Invalid("no valid chair_ranks section (it needs a list of ranks)")
    ranks = []
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not isinstance(row.get("rank"), str) or not row["rank"].strip():
            raise _Invalid(f"a chair rank (number {n}) without a rank name")
        name = " ".join(row["rank"].split())
        if row.get("agency") not in codes:
            raise _Invalid(f"a chair rank ({name}) whose agency is not one of the profile's agency codes")
        level = row.get("level")
        if not _is_int(level) or level not in LEVELS:
            raise _Invalid(f"a chair rank ({name}) without a level from 1 to 3")
        categories = row.get("categories", [])
        if not isinstance(categories, list) or any(not _is_int(c) or c not in known_categories for c in categories):
            raise _Invalid(f"a chair rank ({name}) whose categories are not a list of category numbers")
        ranks.append(ChairRank(name, row["agency"], level, tuple(categories)))
    keys = [(r.rank.casefold(), r.agency) for r in ranks]
    if len(set(keys)) != len(keys):
        raise _Invalid("a chair rank listed twice for the same agency")
    return tuple(ranks)
