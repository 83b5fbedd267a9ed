"""How a field of the record is declared: its kind, label, vocabulary, empty value and where it may go.

The declarations themselves are on the domain's dataclasses (domain/model.py), each field written with
`declare(...)`; domain/record.py lists the parts of the record and their tables. See record.py for what every
attribute means and what derives from it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field as dc_field
from typing import Any

REQUIRED = object()  # `Field.empty` of a field that must always hold a value

_KINDS = frozenset({"line", "name", "prose", "flag", "number", "seconds", "date", "time", "choice", "choices",
                    "level", "agency", "person", "uid"})
_DEFAULT_EMPTY = {"line": "", "name": "", "prose": "", "flag": False, "number": 0, "seconds": 0, "date": None,
                  "time": "", "choice": None, "choices": "", "level": None, "agency": None, "person": None,
                  "uid": REQUIRED}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    label: str
    vocabulary: str = ""
    empty: Any = "default"  # "default": the kind's usual empty value (_DEFAULT_EMPTY)
    editable: bool = True
    searchable: bool = False
    releasable: bool = False
    column: str = ""
    search_kind: int = 0
    short: str = ""
    panel: str = ""
    since: int = 1
    help: str = ""

    def __post_init__(self):
        if self.kind not in _KINDS:
            raise ValueError(f"field {self.name}: unknown kind {self.kind!r}")
        if self.kind in ("choice", "choices", "level") and not self.vocabulary:
            raise ValueError(f"field {self.name}: a {self.kind} field names its vocabulary")
        if self.since > 1 and self.empty is REQUIRED:
            raise ValueError(f"field {self.name}: a field added to the interchange format after version 1 may be "
                             "empty (a file made before it cannot hold it)")
        if self.panel and (not self.editable or self.kind in ("person", "uid", "number", "seconds")):
            raise ValueError(f"field {self.name}: only an editable field of a kind the cockpit can edit by itself "
                             "(text, date, time, flag, choice, level, agency) is shown by its declaration")
        if self.empty == "default":
            object.__setattr__(self, "empty", _DEFAULT_EMPTY[self.kind])
        if not self.column:
            stored = f"{self.name}_id" if self.kind in ("agency", "person") else self.name
            object.__setattr__(self, "column", stored)

    @property
    def required(self) -> bool:
        return self.empty is REQUIRED

    @property
    def nullable(self) -> bool:
        """Stored as NULL when empty (dates, choices without an empty word, agencies, people)."""
        return self.empty is None

    @property
    def short_label(self) -> str:
        """The words beside it where its group already names the subject (a cockpit form row)."""
        return self.short or self.label

    @property
    def row_key(self) -> str:
        """What its value is called in a row read for the screen (and in its editor's widget name): the column,
        except a person field, which is shown and edited as the person's name, read as `<name>_name`."""
        return f"{self.name}_name" if self.kind == "person" else self.column

    def ticked(self, value) -> list[str]:
        """A "choices" field's codes, in the order stored (empty for no value)."""
        return [code for code in (value or "").split(",") if code]

    @property
    def spell_checked(self) -> bool:
        return self.kind in ("line", "prose")


@dataclass(frozen=True)
class Part:
    """A kind of row in the record. `parent` names the part it hangs from ("" for the meeting itself and for
    the individual), through `parent_column`; `order` is how its rows are listed."""

    name: str
    table: str
    label: str
    fields: tuple[Field, ...]
    parent: str = "meeting"
    parent_column: str = "meeting_id"
    order: str = "position"
    children: tuple[str, ...] = ()
    search_kind: int = 0
    _by_name: dict = dc_field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self):
        self._by_name.update({f.name: f for f in self.fields})
        if len(self._by_name) != len(self.fields):
            raise ValueError(f"part {self.name}: a field is declared twice")

    def __getitem__(self, name: str) -> Field:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"{self.name} has no field {name!r}") from None

    def field_by_column(self, column: str) -> Field | None:
        return next((f for f in self.fields if f.column == column), None)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.column for f in self.fields)

    @property
    def editable(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.editable)

    @property
    def searchable(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.searchable)

    def ref(self, row_id: int, name: str) -> "Ref":
        """A typed reference to one field of one row (what the cockpit edits): fails at once on a name that
        is not declared."""
        return Ref(self, row_id, self[name])


@dataclass(frozen=True)
class Ref:
    """One field of one row of the record."""

    part: Part
    row_id: int
    field: Field

    @property
    def table(self) -> str:
        return self.part.table

    @property
    def column(self) -> str:
        return self.field.column

    @property
    def object_name(self) -> str:
        """The widget name a field's editor carries (tests and the keyboard walk find fields by it):
        `table:id:column`, or `table:id:<name>_name` for a person field (see `Field.row_key`)."""
        return f"{self.part.table}:{self.row_id}:{self.field.row_key}"


def declare(kind: str, label: str, *, default: Any = dataclasses.MISSING, **spec) -> Any:
    """A dataclass field of the record: `x: str = declare("prose", "What", searchable=True)`.

    The dataclass default is `default` when given, else the kind's empty value; a REQUIRED field has none."""
    probe = Field("probe", kind, label, **spec)  # checks the declaration now, where it is written
    if default is dataclasses.MISSING and not probe.required:
        default = probe.empty
    return dataclasses.field(default=default, metadata={"record": (kind, label, spec)})


def fields_of(cls) -> tuple[Field, ...]:
    """The declared fields of a domain dataclass, in its order (its lists of child rows are not declared)."""
    found = []
    for f in dataclasses.fields(cls):
        if "record" in f.metadata:
            kind, label, spec = f.metadata["record"]
            found.append(Field(f.name, kind, label, **spec))
    return tuple(found)
