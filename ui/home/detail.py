"""The text of the individual's tabs: details with orders and conditions, and the current RMP.

Built as HTML for a read-only QTextBrowser. Every piece of recorded text goes through `_e`
(html.escape), so nothing a user typed is ever read as markup.
"""

from __future__ import annotations

from html import escape

from mappa_desk.domain import dates

NOT_RECORDED = "Not recorded"


def _e(text) -> str:
    return escape(str(text or ""), quote=True).replace("\n", "<br>")


def _para(text: str, style: str = "") -> str:
    return f'<p style="{style}">{text}</p>' if style else f"<p>{text}</p>"


def _heading(text: str) -> str:
    return f'<h3 style="margin-top: 14px; margin-bottom: 4px;">{_e(text)}</h3>'


def _facts_table(facts: list[tuple[str, str]]) -> str:
    cells = "".join(f'<tr><td style="padding: 2px 16px 2px 0;">{_e(label)}</td>'
                    f'<td style="padding: 2px 0;">{value}</td></tr>' for label, value in facts)
    return f'<table cellspacing="0">{cells}</table>'


def period(start: str | None, end: str | None) -> str:
    if start and end:
        return f"From {dates.short(start)} to {dates.short(end)}"
    if start:
        return f"From {dates.short(start)}, no end date"
    if end:
        return f"Until {dates.short(end)}"
    return "Dates not recorded"


def details_html(detail: dict) -> str:
    facts = [
        ("Name", _e(detail["name"])),
        ("Also known as", _e("; ".join(detail["aliases"])) or "None recorded"),
        ("Date of birth", _e(dates.short(detail["date_of_birth"])) or NOT_RECORDED),
        ("ViSOR reference", _e(detail["visor_ref"]) or NOT_RECORDED),
        ("Category", _e(detail["category_label"])),
        ("Level", _e(detail["level_label"])),
        ("Lead agency", _e(detail["lead_agency"]) or NOT_RECORDED),
        ("Risk of serious harm", _e(detail["rosh"]) or NOT_RECORDED),
        ("Order for lifelong restriction", "Yes" if detail["olr"] else "No"),
    ]
    if detail["restricted_patient_order"]:
        facts.append(("Restricted patient order", _e(detail["restricted_patient_order"])))
    facts += [(label, _e(words)) for label, words in detail.get("circumstances", ())]
    parts = [_heading("Details"), _facts_table(facts)]
    if detail["notes"]:
        parts += [_heading("Notes"), _para(_e(detail["notes"]))]
    parts.append(_heading("Orders and conditions"))
    if not detail["orders"]:
        parts.append(_para("No orders or conditions are recorded."))
    for order in detail["orders"]:
        text = f"<b>{_e(order['kind_label'])}</b>"
        if order["description"]:
            text += f"<br>{_e(order['description'])}"
        text += f"<br><i>{_e(period(order['start_date'], order['end_date']))}</i>"
        parts.append(_para(text, "margin-top: 8px;"))
        if order["conditions"]:
            items = "".join(f"<li>{_e(c)}</li>" for c in order["conditions"])
            parts.append(f'<ol style="margin-top: 2px;">{items}</ol>')
    return "".join(parts)


def rmp_source(rmp: dict) -> str:
    """Which meeting the plan comes from, in a sentence."""
    meeting = f"{rmp['meeting_kind'].lower()} meeting of {dates.short(rmp['meeting_date'])}"
    if rmp["held"]:
        return f"The plan agreed at the {meeting} ({rmp['meeting_status'].lower()})."
    return (f"No meeting has been held yet. This is the plan being prepared for the {meeting} "
            f"({rmp['meeting_status'].lower()}).")


def _who(item: dict, *extra: str) -> str:
    return " · ".join(_e(part) for part in (item.get("agency"), item.get("person_name"), *extra) if part)


def rmp_html(rmp: dict | None) -> str:
    if rmp is None:
        return _para("There is no risk management plan yet: no meeting has been recorded for this individual.")
    parts = [_para(f"<i>{_e(rmp_source(rmp))}</i>"), _heading("Risks")]
    if not rmp["risks"]:
        parts.append(_para("No risks are recorded."))
    for risk in rmp["risks"]:
        text = f"<b>{_e(risk['number'])}. {_e(risk['kind'])}</b>"
        if risk["description"]:
            text += f"<br>{_e(risk['description'])}"
        parts.append(_para(text, "margin-top: 6px;"))
    for group in rmp["measures"]:
        parts.append(_heading(group["label"]))
        if not group["measures"]:
            parts.append(_para("None recorded."))
            continue
        items = []
        for measure in group["measures"]:
            numbers = measure["risk_numbers"]
            risks = ("Risk " if len(numbers) == 1 else "Risks ") + ", ".join(map(str, numbers)) if numbers else ""
            who = _who(measure, measure["timescale"], risks)
            items.append(f"<li>{_e(measure['description'])}" + (f"<br><i>{who}</i>" if who else "") + "</li>")
        parts.append(f"<ul>{''.join(items)}</ul>")
    parts.append(_heading("Contingency plan"))
    if not rmp["contingencies"]:
        parts.append(_para("None recorded."))
    else:
        items = []
        for c in rmp["contingencies"]:
            who = _who(c)
            items.append(f"<li><b>If:</b> {_e(c['trigger'])}<br><b>Then:</b> {_e(c['response'])}"
                         + (f"<br><i>{who}</i>" if who else "") + "</li>")
        parts.append(f"<ul>{''.join(items)}</ul>")
    return "".join(parts)
