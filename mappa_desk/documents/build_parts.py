"""The composite parts of the Minute and RMP: risks with scenarios, the RMP by heading, decisions, sign-off."""

from __future__ import annotations

from mappa_desk.documents.model import Block, Fields, Heading, Paragraph, Signatures, Table
from mappa_desk.documents import context as ctx
from mappa_desk.domain import consistency_meeting, enums, record


def composite(kind: str, b, spec: dict | None = None) -> list[Block]:
    """`b` is the builder of a document for the meeting itself (never one that leaves it); `spec` the block."""
    if b.meeting is None:  # template.py refuses this at load; this is the belt to those braces
        raise ValueError(f"the part '{kind}' needs the full meeting")
    if kind == "rmp":
        return _rmp(b, (spec or {}).get("measure_fields", ()))
    if kind == "step_notes":
        return _step_notes(b, spec or {})
    return {"risks": _risks, "decisions": _decisions, "signatures": _signatures}[kind](b)


def _step_notes(b, spec: dict) -> list[Block]:
    """What the meeting recorded at the agenda steps a section tells (issue 17 item 2): why a step was not
    taken, the chair's summary and the discussion, each with its declared label (the step's title before it when
    the section tells several steps). Nothing when none of them holds anything."""
    rows = [r for r in b.collections["step_notes"] if r["step_key"] in spec["steps"]]
    several = len(rows) > 1
    pairs = []
    for r in rows:
        prefix = f"{r['title']}: " if several else ""
        if r["state"] == "skipped":
            pairs.append((prefix + spec["skipped"], _v(b, r["skip_reason"])))
        for name in ("summary", "discussion"):
            if r[name].strip():
                pairs.append((prefix + record.AGENDA_ITEM[name].label, r[name]))
    return [Fields(tuple(pairs))] if pairs else []


def _v(b, text: str | None) -> str:
    return text if text else b.not_recorded


def _agency(b, code: str | None) -> str:
    return b.agencies.get(code, code) if code else ""


def _risks(b) -> list[Block]:
    risks = b.meeting.risks
    if not risks:
        return [Paragraph(b.none, style="empty")]
    out: list[Block] = []
    r, sc = record.RISK, record.SCENARIO
    for risk in risks:
        out.append(Heading(b.say("risk_heading", number=str(risk.number), kind=risk.kind), level=2))
        out.append(Fields(((r["description"].label, _v(b, risk.description)),
                           (b.say("risk_strategy_rationale"), _v(b, risk.strategy_rationale)))))
        if not risk.scenarios:
            out.append(Paragraph(b.say("no_scenarios", none_recorded=b.none), style="empty"))
        for i, s in enumerate(risk.scenarios, 1):
            out.append(Paragraph(b.say("scenario_heading", risk=str(risk.number), scenario=str(i)), bold=True))
            out.append(Fields(tuple((sc[name].label, _v(b, getattr(s, name)))
                                    for name in ("context", "what", "who_at_risk", "when_likely", "how", "why"))
                              + ((b.say("scenario_seriousness"),
                                  enums.ROSH_LEVELS.get(s.seriousness, b.not_recorded) if s.seriousness
                                  else b.not_recorded),)))
    return out


def _rmp(b, measure_fields=()) -> list[Block]:
    """The measures under each heading. `measure_fields` (the template's) are further declared fields of a
    measure, printed under its timescale, each on a line of its own with its declared label (left out when
    empty), so the table keeps five columns that fit the page."""
    extra = [record.MEASURE[name] for name in measure_fields]

    def when(x) -> str:
        lines = [x.timescale] + [b.say("measure_detail", label=f.label, value=v) for f in extra
                                 if (v := ctx.words(f, getattr(x, f.name), b.agencies, b.words))]
        return "\n".join(line for line in lines if line)

    ms = record.MEASURE
    headings = (ms["description"].label, ms["agency"].label, ms["person_name"].label, b.say("measure_timescale"),
                b.say("measure_risks"))
    out: list[Block] = []
    for heading, label in enums.RMP_HEADINGS.items():
        out.append(Heading(label, level=2))
        rows = [(x.description, _agency(b, x.agency), x.person_name, when(x),
                 ", ".join(str(n) for n in x.risk_numbers))
                for x in b.meeting.rmp_measures if x.heading == heading]
        if rows:
            out.append(Table(headings, tuple(rows), (5.5, 3, 3, 2.8, 1.2)))
        else:
            out.append(Paragraph(b.none, style="empty"))
    return out


def _decisions(b) -> list[Block]:
    decisions = b.meeting.decisions
    if not decisions:
        return [Paragraph(b.none, style="empty")]
    dc, ps, op = record.DECISION, record.POSITION, record.OPTION_NOT_TAKEN
    out: list[Block] = []
    for i, d in enumerate(decisions, 1):
        out.append(Heading(b.say("decision_heading", number=str(i), question=d.question), level=2))
        pairs = [(dc["options_considered"].label, _v(b, d.options_considered)),
                 (dc["outcome"].label, enums.DECISION_OUTCOMES.get(d.outcome, d.outcome)),
                 (dc["decision_text"].label, _v(b, d.decision_text)), (b.say("decision_reasons"), _v(b, d.rationale))]
        dissent = any(p.stance == "disagree" for p in d.positions) or d.outcome == "decided_with_dissent"
        if dissent or d.how_proceeded:
            pairs.append((b.say("decision_how_proceeded"), _v(b, d.how_proceeded)))
        out.append(Fields(tuple(pairs)))
        positions = consistency_meeting.positions_to_print(b.meeting, d.positions)  # none if nobody was present
        if positions:
            out.append(Table((ps["agency"].label, ps["stance"].label, ps["reason"].label),
                             tuple((_agency(b, p.agency), enums.STANCES.get(p.stance, p.stance), p.reason)
                                   for p in positions), (3, 1.6, 7)))
        if d.options_not_taken:
            out.append(Paragraph(b.say("options_not_taken"), bold=True))
            out.append(Table((op["option_text"].label, b.say("option_why_not_taken")),
                             tuple((o.option_text, o.reason) for o in d.options_not_taken), (4, 7)))
    return out


def _signatures(b) -> list[Block]:
    s = b.scalars
    return [Signatures(((record.MEETING["chair"].label, s["meeting.chair"] or b.not_recorded, ""),
                        (b.say("signature_minute_taker"), s["meeting.minute_taker"] or b.not_recorded, "")))]
