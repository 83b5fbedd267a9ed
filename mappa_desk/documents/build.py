"""Build step: meeting + template -> immutable Document. The only module here that knows MAPPA."""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mappa_desk import paths
from mappa_desk.documents import build_parts, context as ctx, masking
from mappa_desk.documents.model import Block, Bullets, Document, Fields, Heading, PageMarks, Paragraph, Table
from mappa_desk.documents.template import (NONE_KEY, TEMPLATE_KINDS, Template, TemplateError,
                                           field_rows, fill, load_common, load_template, placeholders)
from mappa_desk.domain import consistency_meeting, dates, enums, model as m
from mappa_desk.domain.model import Individual, Meeting
from mappa_desk.errors import UserFacingError


RESTRICTED_PATIENT_CATEGORY = 2  # MAPPA category 2: restricted patients (the "restricted_patient" condition)
REFERENCE_DOCX = "reference.docx"  # beside the templates: the jurisdiction's DOCX styles and page set-up


@dataclass(frozen=True)
class Request:
    """Who asked for the Minute, for the reply letter. Blank parts become bracketed prompts to fill in."""

    requester: str = ""
    salutation: str = ""
    received: str = ""  # ISO date
    signatory: str = ""
    withheld: str = ""  # what the full Minute holds that cannot be released, in words (the chair's choice)


def _keys(context: dict) -> dict:
    return {"scalars": set(context["scalars"]),
            "collections": {name: set(rows[0]) if rows else set() for name, rows in context["collections"].items()}}


@lru_cache(maxsize=1)
def registry() -> dict[str, dict]:
    """Every field name a template may use, per audience, read off a sample meeting."""
    sample_individual = Individual("Sample", 1, 2)
    sample = Meeting(sample_individual.uid, "initial", 2, "2026-01-01")
    _fill_samples(sample, sample_individual)
    return {"full": _keys(ctx.full_context(sample_individual, sample, {}, said=defaultdict(str))),
            "shareable": _keys(ctx.shareable_context(sample_individual, sample, {})),
            "tribunal": _keys(ctx.tribunal_context(sample_individual, sample, {}))}


def _fill_samples(meeting: Meeting, individual: Individual) -> None:
    """One row in every collection, so each collection's columns are known."""
    individual.orders = [m.Order("sonr")]
    meeting.attendance = [m.Attendance("present"), m.Attendance("apologies")]
    meeting.information = [m.InformationItem("x", shareable=True)]
    meeting.contingencies = [m.Contingency("x", "y")]
    meeting.disclosures = [m.Disclosure(False)]
    meeting.agenda = [m.AgendaItem("x", "x")]
    earlier = m.Action("x", number=1)
    meeting.actions = [m.Action("x", number=1, carried_from_uid=earlier.uid)]
    meeting.purposes = "x"
    meeting.circulation = [m.Circulation("x")]
    meeting.protected_persons = [m.ProtectedPerson("x", "victim")]
    meeting.previous = m.PreviousMeeting("p", "initial", 2, "2025-12-01", actions=[earlier])


# Template folder -> (its files' versions, its templates): reading and checking them is most of the time
# of building a meeting's documents.
_loaded: dict[str, tuple[tuple, dict[str, Template]]] = {}


def load_templates(jurisdiction: str) -> dict[str, Template]:
    """Every template of a jurisdiction, read and checked; read again whenever one of its files changed."""
    folder = paths.jurisdiction_dir(jurisdiction)
    stamp = tuple(_file_version(folder / f"{name}.toml") for name in ("common", *TEMPLATE_KINDS))
    found = _loaded.get(str(folder))
    if found is not None and found[0] == stamp:
        return dict(found[1])
    common = load_common(folder)  # read once: each template holds it
    templates = {kind: load_template(kind, registry(), folder=folder, common=common) for kind in TEMPLATE_KINDS}
    _loaded[str(folder)] = (stamp, templates)
    return dict(templates)


def _file_version(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None  # load_template names a missing file
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


class _Builder:
    def __init__(self, template: Template, context: dict, conditions: set[str], meeting: Meeting | None,
                 agencies: dict[str, str], request: Request, recorded: dict | None = None):
        self.t = template
        self.recorded = recorded or {}  # "individual", "meeting": what a choice block picks its text by
        self.scalars = dict(context["scalars"])
        self.collections = context["collections"]
        self.conditions = conditions
        self.meeting = meeting  # None for documents that leave the meeting: they get the shareable context only
        self.agencies = agencies
        self.none = template.common.get("none_recorded", "None recorded")
        self.not_recorded = template.common.get("not_recorded", "Not recorded")
        self.words = template.common.get("words", {})  # checked at load: every key template.WORDS names
        self.values = {**self.scalars,
                       **{f"common.{k}": v.strip() for k, v in template.common.items() if isinstance(v, str)},
                       **_request_values(request, self.words)}

    def say(self, key: str, **values: str) -> str:
        """The jurisdiction's words for `key` (common.toml's [words]), their placeholders filled from `values`."""
        text = self.words[key]
        return fill(text, {name: values[name] for name in placeholders(text)})

    def value(self, name: str) -> str:
        value = self.values[name]
        if isinstance(value, ctx.Missing):
            raise TemplateError(f"The template {self.t.path.name} names '{name}', which this meeting does not have "
                                f"({value.why}). Limit that part with `when = ...` or remove it.")
        return value if value else self.not_recorded

    def empty(self, name: str) -> bool:
        """True when a field has no value (an optional row of it is then left out)."""
        value = self.values[name]
        return not isinstance(value, ctx.Missing) and not str(value).strip()

    def text(self, text: str) -> str:
        return fill(text, {name: self.value(name) for name in placeholders(text)})

    def blocks(self) -> list[Block]:
        out: list[Block] = []
        number = 0
        for section in self.t.sections:
            when = section.get("when", "always")
            if when != "always" and when not in self.conditions:
                continue
            if section.get("heading"):
                heading = self.text(section["heading"])
                if self.t.numbering:
                    number += 1
                    heading = fill(self.t.numbering, {"number": str(number), "heading": heading})
                out.append(Heading(heading))
            for block in section.get("blocks", []):
                out.extend(self.block(block))
        return out

    def choice(self, spec: dict) -> str:
        """A choice block's text for the value recorded in its field (checked at load: one text per value)."""
        prefix, _, name = spec["field"].partition(".")
        value = getattr(self.recorded[prefix], name)
        texts = dict(spec["texts"])
        key = NONE_KEY if value is None or value == "" else str(value)
        if key not in texts:  # a value the vocabulary does not hold: never print a guess
            raise TemplateError(f"The record holds “{value}” for {spec['field']}, which is not one of its choices. "
                                "Correct the record; the document was not made.")
        when_empty = spec.get("when_empty", {})
        text = texts[key]
        return fill(text, {name: self.text(when_empty[name]) if name in when_empty and self.empty(name)
                           else self.value(name) for name in placeholders(text)})

    def block(self, spec: dict) -> list[Block]:
        kind = spec["kind"]
        if kind == "choice":
            return [Paragraph(self.choice(spec), style=spec.get("style", "body"), bold=bool(spec.get("bold", False)))]
        if kind in ("text", "statement"):
            style = "statement" if kind == "statement" else spec.get("style", "body")
            return [Paragraph(self.text(spec["text"]), style=style, bold=bool(spec.get("bold", False)))]
        if kind == "fields":
            pairs = tuple((self.text(label), self.choice(field) if isinstance(field, dict) else self.value(field))
                          for label, field, optional in field_rows(spec) if not (optional and self.empty(field)))
            return [Fields(pairs)] if pairs else []
        if kind in ("table", "bullets"):
            rows = self.collections[spec["source"]]
            if not rows:
                return [] if spec.get("if_empty") == "omit" else [Paragraph(self.none, style="empty")]
            if kind == "bullets":
                return [Bullets(tuple(fill(spec["pattern"], row) for row in rows))]
            columns = spec["columns"]
            return [Table(tuple(self.text(label) for label, _ in columns),
                          tuple(tuple(row[col] for _, col in columns) for row in rows),
                          tuple(float(w) for w in spec.get("widths", ())))]
        return build_parts.composite(kind, self, spec)


def _request_values(request: Request, words: dict) -> dict[str, str]:
    """The request's parts for the reply letter; a blank part is the jurisdiction's prompt to fill it in
    (common.toml [words] reply_prompt_...)."""
    return {
        "request.requester": request.requester or words["reply_prompt_requester"],
        "request.salutation": request.salutation or words["reply_prompt_salutation"],
        "request.received": dates.long(request.received) or words["reply_prompt_received"],
        "request.today": words["reply_prompt_today"],
        "request.signatory": request.signatory or words["reply_prompt_signatory"],
        "request.withheld": request.withheld or words["reply_prompt_withheld"],
    }


def identity(template: Template, context: dict) -> str:
    s = context["scalars"]
    name = s.get("individual.name", s.get("shareable.name", ""))
    ref = s.get("individual.visor_ref", s.get("shareable.visor_ref", ""))
    words = template.common["words"]
    if template.common.get("page_identity") == "visor_ref" and ref:
        return fill(words["identity_visor_ref"], {"visor_ref": ref})
    return fill(words["identity_name_and_visor_ref"], {"name": name, "visor_ref": ref}) if ref else name


def refusal(kind: str, individual: Individual, meeting: Meeting) -> str:
    """Why the document `kind` is not made for this meeting, in one sentence; "" when it is. Only the statement for
    a Mental Health Tribunal (guidance 11.20) is limited: to a restricted patient's meeting that recorded the
    Responsible Medical Officer's recommendation and the MAPPA group's position on it. A cancelled meeting has no
    document at all (issue 18 item 2, domain.consistency_meeting)."""
    cancelled = consistency_meeting.cancelled_refusal(meeting.status)
    if cancelled:
        return cancelled
    if kind != "tribunal_statement":
        return ""
    if individual.category != RESTRICTED_PATIENT_CATEGORY:
        return ("The statement for a Mental Health Tribunal is made only for a restricted patient (category 2), "
                "and this meeting is about an individual in another category. Nothing was made.")
    if not meeting.tribunal_recommendation or not meeting.tribunal_position:
        return ("The statement for a Mental Health Tribunal needs the Responsible Medical Officer's recommendation "
                "and the MAPPA group's position on it, and this meeting has not recorded both. Record them under "
                "Decisions in the cockpit first. Nothing was made.")
    return ""


def build(template: Template, individual: Individual, meeting: Meeting, agencies: dict[str, str], *,
          version: int | None, request: Request = Request(), profile=None) -> Document:
    """The document for one meeting. version=None builds the final (no DRAFT mark). `profile` is the open
    vault's (the words of its vocabularies); None for the default jurisdiction's."""
    refused = refusal(template.kind, individual, meeting)
    if refused:
        raise UserFacingError(refused)
    conditions = {meeting.kind}
    recorded = {"individual": individual, "meeting": meeting}
    if individual.category == RESTRICTED_PATIENT_CATEGORY:
        conditions.add("restricted_patient")
    if template.audience == "tribunal":
        context = ctx.tribunal_context(individual, meeting, agencies, profile)
        builder = _Builder(template, context, conditions, None, agencies, request, {})
    elif template.audience == "shareable":
        context = ctx.shareable_context(individual, meeting, agencies, profile)
        builder = _Builder(template, context, conditions, None, agencies, request, recorded)
    else:
        context = ctx.full_context(individual, meeting, agencies, profile, said=template.common["words"])
        builder = _Builder(template, context, conditions, meeting, agencies, request, recorded)
    marks = PageMarks(marking=template.common.get("marking", "OFFICIAL-SENSITIVE"),
                      identity=identity(template, context),
                      meeting_date=dates.long(meeting.meeting_date),
                      draft_label=None if version is None else builder.say("draft_mark", version=str(version)),
                      page_number=template.common["words"]["page_number"])
    reference = template.path.parent / REFERENCE_DOCX
    document = Document(title=builder.text(template.title), subject=builder.text(template.subject), marks=marks,
                        blocks=tuple(builder.blocks()), reference=reference if reference.is_file() else None)
    # issue 18 item 4: whatever leaves the Minute and RMP is masked as a whole (documents/masking.py)
    return masking.masked(document, masking.masker_for(template.kind, template.audience, individual, meeting,
                                                       template.common["words"], profile))


def file_stem(template: Template, individual: Individual, meeting: Meeting, version: int | None) -> str:
    ref = ctx.file_ref(individual, meeting)
    values = {"individual.file_ref": ref, "shareable.file_ref": ref, "tribunal.file_ref": ctx.meeting_ref(meeting),
              "meeting.date_iso": meeting.meeting_date, "shareable.date_iso": meeting.meeting_date,
              "tribunal.date_iso": meeting.meeting_date,
              "meeting.level": str(meeting.level), "meeting.kind": enums.MEETING_KINDS.get(meeting.kind, meeting.kind)}
    suffix = "FINAL" if version is None else f"DRAFT-v{version}"
    return f"{fill(template.file_name, values)}_{suffix}"
