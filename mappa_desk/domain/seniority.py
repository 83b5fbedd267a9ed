"""Minimum chair seniority (guidance 11.32-11.33), checked against the profile's list of chair ranks.

A rank the list does not know gets a warning, never a refusal: areas use other titles, and "or equivalent"
is part of the guidance.
"""

from __future__ import annotations

from mappa_desk.domain.profile import ChairRank

_GUIDANCE = "guidance 11.32-11.33"


def _normalised(text: str) -> str:
    return " ".join(text.split()).casefold()


def ranks_for(agency: str | None, ranks: tuple[ChairRank, ...]) -> tuple[str, ...]:
    """The rank names listed for an agency, in the profile's order (every agency's when `agency` is None)."""
    names: list[str] = []
    for r in ranks:
        if (agency is None or r.agency == agency) and r.rank not in names:
            names.append(r.rank)
    return tuple(names)


def _may_chair(rank: ChairRank, level: int, category: int) -> bool:
    return rank.level >= level and (not rank.categories or category in rank.categories)


def _lowest_qualified(level: int, category: int, ranks: tuple[ChairRank, ...]) -> list[str]:
    """Per agency, the least senior rank that may chair this level and category (profile order breaks ties)."""
    lowest: dict[str, ChairRank] = {}
    for r in ranks:
        if _may_chair(r, level, category) and (r.agency not in lowest or r.level < lowest[r.agency].level):
            lowest[r.agency] = r
    return [r.rank for r in lowest.values()]


def _who_should(level: int, category: int, ranks: tuple[ChairRank, ...]) -> str:
    names = _lowest_qualified(level, category, ranks)
    if not names:
        return f"A Level {level} meeting needs a more senior chair ({_GUIDANCE})"
    listed = ", ".join(names)
    article = "an" if listed[0].lower() in "aeiou" else "a"
    return f"A Level {level} meeting should be chaired by {article} {listed} or equivalent ({_GUIDANCE})"


def chair_warning(rank: str | None, agency: str | None, level: int, category: int,
                  ranks: tuple[ChairRank, ...]) -> str | None:
    """None when the chair's rank may chair this level and category; otherwise the sentence to show.

    `rank` None means no chair is recorded. The rank is matched ignoring case and spacing, among the ranks
    listed for the chair's agency (any agency's when the chair has none recorded). A rank listed without
    categories may chair every category.
    """
    if rank is None:
        return "No chair is recorded."
    if not rank.strip():
        return "The chair's rank is not recorded, so their seniority cannot be checked."
    wanted = _normalised(rank)
    matches = [r for r in ranks if _normalised(r.rank) == wanted and (agency is None or r.agency == agency)]
    shown = " ".join(rank.split())
    if not matches:
        return (f"The rank {shown} is not in the profile's list of chair ranks for the chair's agency, so the "
                "chair's seniority cannot be checked.")
    if any(_may_chair(r, level, category) for r in matches):
        return None
    if all(r.level >= level for r in matches):  # senior enough, but listed for other categories only
        categories = sorted({c for r in matches for c in r.categories})
        listed = " and ".join(str(c) for c in categories)
        return (f"{_who_should(level, category, ranks)}; the profile lists {shown} to chair category {listed} "
                f"cases only, and this individual is category {category}.")
    return f"{_who_should(level, category, ranks)}; {shown} is below that."
