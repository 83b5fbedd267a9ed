"""Domain dataclasses <-> plain JSON values, driven by the dataclass fields themselves; and the check, at import,
that a file's words of the jurisdiction's vocabularies are the importing vault's (`vocabulary_problem`)."""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import lru_cache

from mappa_desk.domain import record, vocabularies
from mappa_desk.errors import UserFacingError
from mappa_desk.interchange.strict_json import field_path


def to_plain(obj):
    """A dataclass tree as dicts and lists, every field present (None stays None)."""
    return dataclasses.asdict(obj)


@lru_cache(maxsize=None)
def _hints(cls) -> dict:
    return typing.get_type_hints(cls)


def _dataclass_in(tp):
    """The dataclass named by `tp` (X, X | None), or None."""
    if dataclasses.is_dataclass(tp):
        return tp
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        for arg in typing.get_args(tp):
            if dataclasses.is_dataclass(arg):
                return arg
    return None


def from_plain(cls, data: dict):
    """Build `cls` from a dict already validated against the schema."""
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        tp = hints[f.name]
        inner = _dataclass_in(tp)
        if value is None:
            kwargs[f.name] = None
        elif inner is not None:
            kwargs[f.name] = from_plain(inner, value)
        elif typing.get_origin(tp) is list:
            (item_tp,) = typing.get_args(tp)
            item_cls = _dataclass_in(item_tp)
            kwargs[f.name] = [from_plain(item_cls, v) if item_cls else v for v in value]
        else:
            kwargs[f.name] = value
    return cls(**kwargs)


def vocabulary_problem(individual, meeting, profile) -> str:
    """The first value of a jurisdiction's vocabulary (domain.vocabularies) that the vault's profile does not
    hold, as a sentence naming its place in the file; "" when every one is a choice of that jurisdiction.

    The interchange schema checks the form of a file for any vault; which order kinds, categories and tribunal
    words a file may hold depends on the jurisdiction of the vault it is imported into, so that is checked here,
    against its profile, before anything is written."""
    rows = [(["individual"], record.INDIVIDUAL, individual)]
    rows += [(["individual", "orders", i], record.ORDER, order) for i, order in enumerate(individual.orders)]
    rows.append((["meeting"], record.MEETING, meeting))
    for path, part, row in rows:
        for f in part.fields:
            if f.vocabulary in vocabularies.JURISDICTIONAL:
                try:
                    vocabularies.check(f, getattr(row, f.name), profile)
                except UserFacingError as err:
                    return f"{field_path(path + [f.name])}: {err}"
    return ""
