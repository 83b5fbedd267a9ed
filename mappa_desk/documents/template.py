"""Document templates: TOML files per jurisdiction, checked in full when loaded."""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from pathlib import Path

from mappa_desk import paths
from mappa_desk.documents.context import declared_field, declared_label
from mappa_desk.domain import record, vocabularies
from mappa_desk.errors import UserFacingError

DOCUMENT_KINDS = ("minute", "rmp", "executive_summary", "reply_letter", "covering_note")  # a meeting's documents
# Documents made on their own, not with a meeting's documents: the statement for a Mental Health Tribunal
# (guidance 11.20), only for a restricted patient's meeting that can have one (documents.build.refusal).
STATEMENT_KINDS = ("tribunal_statement",)
TEMPLATE_KINDS = DOCUMENT_KINDS + STATEMENT_KINDS
SIMPLE_KINDS = {"text", "statement", "fields", "table", "bullets", "choice"}
COMPOSITE_KINDS = {"risks", "rmp", "decisions", "signatures", "step_notes"}
CONDITIONS = {"review", "initial", "restricted_patient"}
PARAGRAPH_STYLES = {"body", "statement", "note"}
# File names leave the encrypted store: they may name only these, never a person.
FILE_NAME_FIELDS = {"individual.file_ref", "shareable.file_ref", "tribunal.file_ref", "meeting.date_iso",
                    "shareable.date_iso", "tribunal.date_iso", "meeting.level", "meeting.kind"}


# The words the documents print around what the meeting recorded, kept in the [words] table of the jurisdiction's
# common.toml (issue 17: wording lives in the templates, never in code): each key, with the {placeholders} its
# text may name (filled when the document is built). A common.toml without one of them is refused at load.
WORDS = {
    "risk_heading": {"number", "kind"},
    "risk_strategy_rationale": set(),
    "no_scenarios": {"none_recorded"},
    "scenario_heading": {"risk", "scenario"},
    "scenario_seriousness": set(),
    "decision_heading": {"number", "question"},
    "decision_reasons": set(),
    "decision_how_proceeded": set(),
    "options_not_taken": set(),
    "option_why_not_taken": set(),
    "measure_timescale": set(),
    "measure_risks": set(),
    "measure_detail": {"label", "value"},
    "page_number": {"number", "total"},
    "identity_visor_ref": {"visor_ref"},
    "identity_name_and_visor_ref": {"name", "visor_ref"},
    "draft_mark": {"version"},
    "reply_prompt_requester": set(),
    "reply_prompt_salutation": set(),
    "reply_prompt_received": set(),
    "reply_prompt_today": set(),
    "reply_prompt_signatory": set(),
    "reply_prompt_withheld": set(),
    "flag_yes": set(),
    "withheld_name": set(),  # issue 18 item 4: what a protected person or place is masked with (domain/protect.py)
    "withheld_place": set(),
    "withheld_other": set(),
    "flag_no": set(),
    "flag_yes_at": {"time"},
    "confidentiality_not_agreed_by": {"names"},
    "action_not_yet_recorded": set(),
    "signature_minute_taker": set(),
}


class TemplateError(UserFacingError):
    """A template names something MAPPA Desk does not know, or is not valid TOML."""


@dataclass(frozen=True)
class Template:
    kind: str
    path: Path
    title: str
    subject: str
    file_name: str
    audience: str  # "full", "shareable" or "tribunal" (guidance 11.20's statement: date, level, position only)
    sections: tuple[dict, ...]
    common: dict
    # How a section heading is numbered, e.g. "{number}. {heading}"; "" leaves headings as written. Numbers
    # are given when the document is built, counting only the sections it prints, so they never skip.
    numbering: str = ""


def placeholders(text: str) -> list[str]:
    try:
        return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as err:
        raise ValueError(f"unbalanced braces in {text[:60]!r}") from err


def fill(text: str, values: dict[str, str]) -> str:
    """Replace {field} by its value; `values` must hold every placeholder (checked at load)."""
    out = []
    for literal, name, _, _ in string.Formatter().parse(text):
        out.append(literal)
        if name is not None:
            out.append(values[name])
    return "".join(out)


def field_rows(block: dict) -> list[tuple[str, str | dict, bool]]:
    """A fields block's rows as (label, field name, optional). A row is [label, field], a field's name alone
    (its declared label), or a table { field = ..., label = ... (or the declared one), optional = true }; an
    optional row is left out when its value is empty (checked by load_template). A row whose value is a choice's
    text, { choice = ..., texts = [...], label = ... (or the choice field's declared one), when_empty = {...} },
    gives in place of the field's name the choice as a choice block would: { field, texts, when_empty }."""
    rows = []
    for row in block.get("fields", []):
        if isinstance(row, str):
            rows.append((declared_label(row), row, False))
        elif isinstance(row, dict) and "choice" in row:
            rows.append((row.get("label") or declared_label(row["choice"]), _choice_of_row(row), False))
        elif isinstance(row, dict):
            rows.append((row.get("label") or declared_label(row.get("field")), row.get("field"),
                         row.get("optional", False)))
        else:
            rows.append((*row, False))
    return rows


def _choice_of_row(row: dict) -> dict:
    """A fields row's choice as a choice block's spec."""
    return {"field": row.get("choice"), "texts": row.get("texts"), "when_empty": row.get("when_empty", {})}


NONE_KEY = "none"  # a choice block's text for a field with no value recorded


def choice_keys(name: str) -> set[str] | None:
    """The keys a choice block on the declared field `name` must give a text for: each word of its vocabulary,
    and "none" where the field may hold no value; None if `name` is not a declared field with a vocabulary."""
    field = declared_field(name)
    if field is None or field.kind != "choice":
        return None
    keys = {str(code) for code in vocabularies.words(field.vocabulary) if code not in (None, "")}
    return keys | ({NONE_KEY} if not field.required else set())


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TemplateError(f"The template {path} is missing. Restore it from the MAPPA Desk installation.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise TemplateError(f"The template {path} cannot be read: {err}. Fix it or restore the original.") from None


def load_template(kind: str, registry: dict[str, dict], jurisdiction: str | None = None,
                  folder: Path | None = None, common: dict | None = None) -> Template:
    """Load and check one template against the fields MAPPA Desk knows.

    `registry` maps audience -> {"scalars": set of field names, "collections": {name: set of columns}}.
    `common`: the folder's common.toml as load_common read it, when the caller loads several templates.
    """
    if folder is None:
        if not jurisdiction:
            raise TypeError("load_template needs the jurisdiction (or the template folder)")
        folder = paths.jurisdiction_dir(jurisdiction)
    if common is None:
        common = load_common(folder)
    path = folder / f"{kind}.toml"
    doc = _read_toml(path)

    def bad(where: str, what: str) -> TemplateError:
        return TemplateError(f"The template {path.name} ({where}) {what}. Fix the template or restore the original.")

    audience = doc.get("audience", "full")
    if audience not in registry:
        raise bad("audience", f"names an audience '{audience}' MAPPA Desk does not know")
    known = registry[audience]
    scalars = set(known["scalars"]) | {f"common.{k}" for k, v in common.items() if isinstance(v, str)} | {
        f"request.{k}" for k in ("requester", "salutation", "received", "today", "signatory", "withheld")}

    def check_text(where: str, text) -> None:
        if not isinstance(text, str):
            raise bad(where, "should be text")
        try:
            names = placeholders(text)
        except ValueError as err:
            raise bad(where, str(err)) from None
        for name in names:
            if name not in scalars:
                raise bad(where, f"names a field '{name}' that MAPPA Desk does not know")

    for key in ("title", "subject", "file_name"):
        check_text(key, doc.get(key))
    for name in placeholders(doc["file_name"]):
        if name not in FILE_NAME_FIELDS:
            raise bad("file_name", f"uses '{name}'; file names may only use {', '.join(sorted(FILE_NAME_FIELDS))}")
    numbering = doc.get("numbering", "")
    try:
        named = set(placeholders(numbering)) if isinstance(numbering, str) else None
    except ValueError:
        named = None
    if numbering != "" and named != {"number", "heading"}:
        raise bad("numbering", "should be text naming {number} and {heading}, e.g. \"{number}. {heading}\"")
    sections = doc.get("section")
    if not isinstance(sections, list) or not sections:
        raise bad("section", "has no [[section]]")
    for i, section in enumerate(sections, 1):
        where = f"section {i}"
        if "heading" in section:
            check_text(f"{where} heading", section["heading"])
        if section.get("when", "always") not in CONDITIONS | {"always"}:
            raise bad(where, f"has when = '{section.get('when')}', which is not one of {', '.join(sorted(CONDITIONS))}")
        for j, block in enumerate(section.get("blocks", []), 1):
            _check_block(f"{where}, block {j}", block, known, audience, check_text, bad)
    return Template(kind, path, doc["title"], doc["subject"], doc["file_name"], audience, tuple(sections), common,
                    numbering)


def load_common(folder: Path) -> dict:
    """A template folder's common.toml, read and checked (its [words])."""
    common = _read_toml(folder / "common.toml")
    _check_words(folder / "common.toml", common)
    return common


def _check_words(path: Path, common: dict) -> None:
    """Every word WORDS names is in the [words] table of common.toml, as text naming only its placeholders."""
    words = common.get("words", {})
    if not isinstance(words, dict):
        raise TemplateError(f"The file {path} has \"words\" that is not a [words] table. Fix it or restore the "
                            "original.")
    for key, allowed in WORDS.items():
        text = words.get(key)
        if not isinstance(text, str):
            raise TemplateError(f"The file {path} has no words for '{key}' in its [words] table, which the documents "
                                "need. Add them or restore the original.")
        try:
            named = set(placeholders(text))
        except ValueError as err:
            raise TemplateError(f"The file {path} ([words] {key}) has {err}. Fix it or restore the original.") from None
        for name in sorted(named - allowed):
            raise TemplateError(f"The file {path} ([words] {key}) names '{name}', which MAPPA Desk does not fill there"
                                f" (it can name {', '.join('{' + a + '}' for a in sorted(allowed)) or 'nothing'}). "
                                "Fix it or restore the original.")


def _check_block(where, block, known, audience, check_text, bad) -> None:
    kind = block.get("kind")
    if kind in COMPOSITE_KINDS:
        if audience != "full":
            raise bad(where, f"uses '{kind}', which may not appear in a document for people outside the meeting")
        for name in block.get("measure_fields", []) if kind == "rmp" else []:
            if name not in {f.name for f in record.MEASURE.fields} or record.MEASURE[name].kind == "uid":
                raise bad(where, f"names '{name}', which is not a declared field of a risk management measure")
        if kind == "step_notes":
            steps, skipped = block.get("steps"), block.get("skipped")
            if not isinstance(steps, list) or not steps or not all(isinstance(k, str) and k for k in steps):
                raise bad(where, "needs steps = [...], the keys of the agenda steps whose notes it prints")
            if not isinstance(skipped, str) or not skipped.strip():
                raise bad(where, "needs skipped = \"...\", the words before the reason a step was not taken")
        return
    if kind not in SIMPLE_KINDS:
        raise bad(where, f"has kind '{kind}', which is not one of {', '.join(sorted(SIMPLE_KINDS | COMPOSITE_KINDS))}")
    if kind == "choice" and audience == "tribunal":
        raise bad(where, "uses 'choice', which may not appear in the statement for a Mental Health Tribunal")
    if kind == "choice":
        _check_choice(where, block, audience, check_text, bad)
    elif kind in ("text", "statement"):
        check_text(where, block.get("text"))
        if block.get("style", "body") not in PARAGRAPH_STYLES:
            raise bad(where, f"has style '{block.get('style')}'")
    elif kind == "fields":
        for row in block.get("fields", []):
            if isinstance(row, dict) and "choice" in row:  # { label = ..., choice = ..., texts = [...] }
                if audience == "tribunal":
                    raise bad(where, "has a choice row, which may not appear in the statement for a Mental Health "
                                     "Tribunal")
                if set(row) - {"choice", "label", "texts", "when_empty"}:
                    raise bad(where, "has a choice row that is not { label = \"...\", choice = \"...\", "
                                     "texts = [...], when_empty = {...} } (label and when_empty may be left out)")
                if "label" in row:
                    check_text(where, row["label"])
                _check_choice(f"{where}, row {row.get('choice')}", _choice_of_row(row), audience, check_text, bad)
                continue
            if isinstance(row, dict):  # { field = ..., label = ..., optional = true }
                if set(row) - {"field", "label", "optional"} or not isinstance(row.get("field"), str) \
                        or not isinstance(row.get("optional", False), bool):
                    raise bad(where, "has a fields row table that is not { field = \"...\", label = \"...\", "
                                     "optional = true } (label and optional may be left out)")
                row = [row["label"], row["field"]] if "label" in row else row["field"]
            if isinstance(row, str):  # a declared field by name alone: its label is the declaration's
                row = [declared_label(row), row]
                if row[0] is None:
                    raise bad(where, f"names '{row[1]}' alone, which is not a declared field of the individual "
                                     "or the meeting (give its label too)")
            if not isinstance(row, list) or len(row) != 2:
                raise bad(where, "has a fields row that is neither [label, field] nor a field's name")
            label, field = row
            check_text(where, label)
            if field not in known["scalars"]:
                raise bad(where, f"names a field '{field}' that MAPPA Desk does not know")
    else:
        source = block.get("source")
        if source not in known["collections"]:
            raise bad(where, f"names a list '{source}' that MAPPA Desk does not know")
        columns = known["collections"][source]
        if block.get("if_empty", "omit") != "omit":
            raise bad(where, f"has if_empty = '{block.get('if_empty')}', which can only be 'omit'")
        if kind == "table":
            for label, column in block.get("columns", []):
                check_text(where, label)
                if column not in columns:
                    raise bad(where, f"names a column '{column}' that the list '{source}' does not have")
            widths = block.get("widths", [])
            if widths and len(widths) != len(block.get("columns", [])):
                raise bad(where, "gives a different number of widths and columns")
        else:
            pattern = block.get("pattern", "")
            for name in placeholders(pattern):
                if name not in columns:
                    raise bad(where, f"names a column '{name}' that the list '{source}' does not have")


def _check_choice(where, block, audience, check_text, bad) -> None:
    """A choice block prints one of its texts, picked by the recorded value of a declared field of the individual
    or the meeting that has a vocabulary; it gives a text for every value the field may hold, and no other.
    `when_empty` may give, for a field its texts name, the words printed in its place when it holds nothing
    (else the common "not recorded" words)."""
    name, texts = block.get("field"), block.get("texts")
    keys = choice_keys(name) if isinstance(name, str) else None
    if keys is None:
        raise bad(where, f"picks its text by '{name}', which is not a declared choice of the individual or the "
                         "meeting")
    field = declared_field(name)
    if audience != "full" and not field.releasable:
        raise bad(where, f"picks its text by '{name}', which may not leave the meeting")
    if not isinstance(texts, list) or not all(isinstance(t, list) and len(t) == 2 for t in texts):
        raise bad(where, "gives its texts otherwise than as [value, text] pairs")
    given = [key for key, _ in texts]
    for key in given:
        if given.count(key) > 1:
            raise bad(where, f"gives two texts for '{key}'")
        if key not in keys:
            raise bad(where, f"gives a text for '{key}', which {field.label.lower()} cannot be (it can be "
                             f"{', '.join(sorted(keys))})")
    for key in sorted(keys - set(given)):
        raise bad(where, f"gives no text for '{key}'")
    for key, text in texts:
        check_text(f"{where}, {key}", text)
    when_empty = block.get("when_empty", {})
    if not isinstance(when_empty, dict):
        raise bad(where, "gives when_empty otherwise than as { \"field\" = \"words\" }")
    named = {name for _, text in texts for name in placeholders(text)}
    for name, words in when_empty.items():
        if name not in named:
            raise bad(where, f"gives when_empty words for '{name}', which none of its texts names")
        check_text(f"{where}, when_empty {name}", words)
    if block.get("style", "body") not in PARAGRAPH_STYLES:
        raise bad(where, f"has style '{block.get('style')}'")
