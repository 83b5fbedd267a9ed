"""Cockpit panels for what the meeting hears: opening and attendance, carried actions, information, risks, the RMP."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QPushButton, QWidget

from mappa_desk.domain import dates, record, vocabularies
from ui.cockpit.cards import (PanelContext, add_button, button_row, card, empty_note, form_row, group, panel_page,
                              plain_label, reads, side_by_side)
from ui.cockpit.fields import (agency_field, check_field, choices_field, date_field, text_field, time_field,
                               vocabulary_field)
from ui.cockpit.protected import protected_group
from ui.cockpit.roll_call import roll_call
from ui.common import named


def opening(ctx: PanelContext) -> QWidget:
    page, layout = panel_page()
    box, inner = group("Confidentiality", "confidentialityGroup")
    if ctx.data.confidentiality_statement:
        inner.addWidget(plain_label(ctx.data.confidentiality_statement, "confidentialityStatement",
                                    "Confidentiality statement"))
    ref = ctx.meeting("confidentiality_agreed")
    agreed = check_field(ctx.hub, ref, ctx.value("confidentiality_agreed"), ref.field.label)
    agreed.setObjectName("confidentialityAgreed")
    at = time_field(ctx.hub, ctx.meeting("confidentiality_agreed_at"), ctx.value("confidentiality_agreed_at"),
                    "Time agreed")
    inner.addWidget(side_by_side(("", agreed), ("at", at), stretch_last=False))
    layout.addWidget(box)
    layout.addWidget(_purpose(ctx))

    box, inner = group("The meeting", "meetingGroup")
    form = QFormLayout()
    start, end, place, coordinator = (ctx.meeting(n) for n in ("start_time", "end_time", "location", "coordinator"))
    form_row(form, start, side_by_side(
        ("", time_field(ctx.hub, start, ctx.value("start_time"), "Start time")),
        (end.field.label, time_field(ctx.hub, end, ctx.value("end_time"), "End time")),
        stretch_last=False))
    form_row(form, place, text_field(ctx.hub, place, ctx.value("location"), "Place"))
    form_row(form, coordinator, text_field(ctx.hub, coordinator, ctx.value("coordinator"), "MAPPA co-ordinator"))
    inner.addLayout(form)
    layout.addWidget(box)

    box, inner = group("Attendance", "attendanceGroup")
    rows = ctx.data.rows["attendance"]
    if not rows:
        inner.addWidget(empty_note("No one is on the list yet: add each agency invited.", "attendanceEmpty"))
    else:
        inner.addWidget(roll_call(ctx, rows))
    inner.addWidget(button_row(add_button(ctx, "Add attendee", "addAttendeeButton", "attendance",
                                          {"status": "present"}, "agency_id")))
    layout.addWidget(box)
    layout.addStretch(1)
    return page


def _purpose(ctx: PanelContext) -> QWidget:
    """issue 17 item 2: the purpose of the meeting as 5A asks: initial or review, an emergency meeting, the
    standard purposes ticked and any other; for a review whose earlier meeting is not in the vault (minuted on
    paper), that meeting's date and level as the chair records them."""
    box, inner = group("Purpose of the meeting", "purposeGroup")
    form = QFormLayout()
    kind = ctx.value("kind")
    form.addRow(record.MEETING["kind"].label, plain_label(
        vocabularies.label(record.MEETING["kind"].vocabulary, kind), "meetingKind", "Initial or review"))
    emergency = ctx.meeting("emergency")
    form.addRow("", check_field(ctx.hub, emergency, ctx.value("emergency"), emergency.field.label))
    purposes, other = ctx.meeting("purposes"), ctx.meeting("purpose_other")
    form_row(form, purposes, choices_field(ctx.hub, purposes, ctx.value("purposes"), purposes.field.label))
    form_row(form, other, text_field(ctx.hub, other, ctx.value("purpose_other"), other.field.label, lines=1))
    if kind == "review" and ctx.data.previous is None:
        form.addRow("", plain_label("The meeting this one reviews is not in this vault. Record its date and level "
                                    "as its minute gives them; the Minute prints nothing in their place.",
                                    "reviewedMeetingNote", muted=True))
        date, level = ctx.meeting("reviewed_meeting_date"), ctx.meeting("reviewed_meeting_level")
        form_row(form, date, date_field(ctx.hub, date, ctx.value("reviewed_meeting_date"), date.field.label))
        form_row(form, level, vocabulary_field(ctx.hub, level, ctx.value("reviewed_meeting_level"),
                                               level.field.label, blank="Not stated"))
    inner.addLayout(form)
    return box


def previous_actions(ctx: PanelContext) -> QWidget:
    page, layout = panel_page()
    previous = ctx.data.previous
    if previous is None:
        layout.addWidget(empty_note("This meeting does not review an earlier one.", "previousActionsEmpty"))
    else:
        layout.addWidget(plain_label(
            f"Actions agreed at the meeting of {dates.numeric(previous['meeting_date'])}. Each needs an outcome "
            "before the case can close.", "previousActionsIntro"))
        if not ctx.data.previous_actions:
            layout.addWidget(empty_note("That meeting agreed no actions.", "previousActionsNone"))
    for row in ctx.data.previous_actions:
        n = row["number"]  # its number in that meeting's Minute, never its place in this list
        box, inner = group(f"Action {n}", f"previousAction{n}")
        inner.addWidget(plain_label(row["description"], f"actions:{row['id']}:description", f"Action {n}"))
        who = ", ".join(p for p in (row["person_name"], ctx.data.agency_name(row["agency_id"]),
                                    f"by {dates.numeric(row['due_date'])}" if row["due_date"] else "") if p)
        if who:
            inner.addWidget(plain_label(who, f"actions:{row['id']}:who", f"Action {n} owner", muted=True))
        form = QFormLayout()
        outcome_ref, note = record.ACTION.ref(row["id"], "outcome"), record.ACTION.ref(row["id"], "outcome_note")
        outcome = vocabulary_field(ctx.hub, outcome_ref, row["outcome"], f"Action {n} outcome",
                                   blank="Outcome not recorded")
        carry = named(QPushButton("Carry forward"), f"actions:{row['id']}:carryForward",
                      f"Carry action {n} forward", "Adds it as a new action of this meeting")
        carry.clicked.connect(lambda _c=False, r=row: ctx.actions.carry_forward(r["id"]))
        form_row(form, outcome_ref, side_by_side(("", outcome), ("", carry), stretch_last=False))
        form_row(form, note, text_field(ctx.hub, note, row["outcome_note"], f"Action {n} outcome note"))
        inner.addLayout(form)
        layout.addWidget(box)
    layout.addStretch(1)
    return page


@reads((record.ATTENDANCE, "status"), (record.ATTENDANCE, "agency"), (record.INFORMATION_ITEM, "source_agency"))
def information(ctx: PanelContext) -> QWidget:
    page, layout = panel_page()
    present = {r["agency_id"] for r in ctx.data.rows["attendance"] if r["status"] == "present" and r["agency_id"]}
    heard = {r["source_agency_id"] for r in ctx.data.rows["information_items"]}
    waiting = [a["name"] for a in ctx.data.agencies if a["id"] in present - heard]
    if waiting:
        layout.addWidget(plain_label("Not yet heard from: " + ", ".join(waiting) + ".", "notYetHeard"))
    for n, row in enumerate(ctx.data.rows["information_items"], 1):
        frame, form = card(ctx, "information_items", row["id"], f"Item {n}", f"information item {n}")
        source, shareable, text = (record.INFORMATION_ITEM.ref(row["id"], f)
                                   for f in ("source_agency", "shareable", "text"))
        form_row(form, source, side_by_side(
            ("", agency_field(ctx.hub, source, row["source_agency_id"], f"Item {n} source agency",
                              ctx.data.agencies)),
            ("", check_field(ctx.hub, shareable, row["shareable"], shareable.field.label)),
            stretch_last=False))
        form_row(form, text, text_field(ctx.hub, text, row["text"], f"Item {n} information", lines=2))
        layout.addWidget(frame)
    layout.addWidget(button_row(add_button(ctx, "New information item", "addInformationButton", "information_items",
                                           {}, "source_agency_id", "Ctrl+Shift+I")))
    layout.addStretch(1)
    return page


def risks(ctx: PanelContext) -> QWidget:
    page, layout = panel_page()
    box, inner = group("Overall", "riskOverallGroup")
    form = QFormLayout()
    rosh, victims, diversity = (ctx.meeting(n) for n in ("rosh_level", "victim_issues", "diversity_issues"))
    form_row(form, rosh, vocabulary_field(ctx.hub, rosh, ctx.value("rosh_level"), "RoSH level", blank="Not agreed"))
    form_row(form, victims, text_field(ctx.hub, victims, ctx.value("victim_issues"),
                                       "Victim and potential-victim issues", lines=2))
    form_row(form, diversity, text_field(ctx.hub, diversity, ctx.value("diversity_issues"), "Diversity issues",
                                         lines=2))
    inner.addLayout(form)
    layout.addWidget(box)
    layout.addWidget(protected_group(ctx))  # issue 18 item 4
    scenarios = ctx.data.rows["risk_scenarios"]
    for risk in ctx.data.rows["risks"]:
        n = risk["number"]
        frame, form = card(ctx, "risks", risk["id"], f"Risk {n}", f"risk {n}")
        kind, description, why = (record.RISK.ref(risk["id"], f) for f in ("kind", "description", "strategy_rationale"))
        form_row(form, kind, text_field(ctx.hub, kind, risk["kind"], f"Risk {n} kind",
                                        placeholder="e.g. sexual offending, domestic abuse, stalking"))
        form_row(form, description, text_field(ctx.hub, description, risk["description"], f"Risk {n} description",
                                               lines=2))
        form_row(form, why, text_field(ctx.hub, why, risk["strategy_rationale"], f"Risk {n} strategy rationale",
                                       lines=1))
        own = [s for s in scenarios if s["risk_id"] == risk["id"]]
        for m, scenario in enumerate(own, 1):
            form.addRow(_scenario(ctx, n, m, scenario))
        form.addRow(button_row(add_button(ctx, "Add scenario", f"risks:{risk['id']}:addScenario", "risk_scenarios",
                                          {"risk_id": risk["id"]}, "context", "Ctrl+Shift+S")))
        layout.addWidget(frame)
    layout.addWidget(button_row(add_button(ctx, "New risk", "addRiskButton", "risks", {}, "kind", "Ctrl+Shift+R")))
    layout.addStretch(1)
    return page


def _scenario(ctx: PanelContext, n: int, m: int, row: dict) -> QWidget:
    frame, form = card(ctx, "risk_scenarios", row["id"], f"Scenario {n}.{m}", f"scenario {n}.{m}")
    for name in ("context", "what", "who_at_risk", "when_likely", "how", "why"):
        ref = record.SCENARIO.ref(row["id"], name)
        form_row(form, ref, text_field(ctx.hub, ref, row[ref.column],
                                       f"Scenario {n}.{m} {ref.field.label.lower()}"))
    ref = record.SCENARIO.ref(row["id"], "seriousness")
    form_row(form, ref, vocabulary_field(ctx.hub, ref, row["seriousness"], f"Scenario {n}.{m} seriousness",
                                         blank="Not stated"))
    return frame


@reads((record.MEASURE, "heading"))
def rmp(ctx: PanelContext) -> QWidget:
    page, layout = panel_page()
    links: dict[int, set[int]] = {}
    for link in ctx.data.rows["rmp_measure_risks"]:
        links.setdefault(link["measure_id"], set()).add(link["risk_number"])
    numbers = [r["number"] for r in ctx.data.rows["risks"]]
    for heading, title in vocabularies.words(record.MEASURE["heading"].vocabulary).items():
        box, inner = group(title, f"rmpGroup_{heading}")
        measures = [x for x in ctx.data.rows["rmp_measures"] if x["heading"] == heading]
        for n, row in enumerate(measures, 1):
            inner.addWidget(_measure(ctx, title, n, row, numbers, links.get(row["id"], set())))
        inner.addWidget(button_row(add_button(ctx, f"Add {title.lower()} measure", f"addMeasure_{heading}",
                                              "rmp_measures", {"heading": heading}, "description")))
        layout.addWidget(box)
    box, inner = group("Contingency plan", "contingencyGroup")
    for n, row in enumerate(ctx.data.rows["contingencies"], 1):
        frame, form = card(ctx, "contingencies", row["id"], f"Contingency {n}", f"contingency {n}")
        b = lambda name, r=row: record.CONTINGENCY.ref(r["id"], name)  # noqa: E731
        form_row(form, b("trigger"), text_field(ctx.hub, b("trigger"), row["trigger"], f"Contingency {n} trigger",
                                                placeholder="Warning sign or trigger"))
        form_row(form, b("response"), text_field(ctx.hub, b("response"), row["response"],
                                                 f"Contingency {n} response"))
        form.addRow("Who", side_by_side(
            ("", agency_field(ctx.hub, b("agency"), row["agency_id"], f"Contingency {n} agency", ctx.data.agencies)),
            ("", text_field(ctx.hub, b("person_name"), row["person_name"], f"Contingency {n} person"))))
        inner.addWidget(frame)
    inner.addWidget(button_row(add_button(ctx, "Add contingency", "addContingencyButton", "contingencies", {},
                                          "trigger")))
    layout.addWidget(box)
    box, inner = group("Orders and conditions in force", "conditionsGroup")
    if not ctx.data.orders:
        inner.addWidget(empty_note("None recorded for this individual.", "conditionsEmpty"))
    for order in ctx.data.orders:
        text = vocabularies.label("order_kinds", order["kind"], ctx.data.profile)
        if order["description"]:
            text += f": {order['description']}"
        inner.addWidget(plain_label(text, f"order{order['id']}"))
        for m, condition in enumerate(order["conditions"], 1):
            inner.addWidget(plain_label(f"    {m}. {condition}", f"order{order['id']}Condition{m}"))
    layout.addWidget(box)
    layout.addStretch(1)
    return page


def housing(ctx: PanelContext) -> QWidget:
    page, layout = panel_page()
    box, inner = group("Housing", "housingGroup")
    inner.addWidget(text_field(ctx.hub, ctx.meeting("housing_notes"), ctx.value("housing_notes"), "Housing", lines=2,
                               placeholder="Suitability of the address; environmentally risk-assessed properties"))
    layout.addWidget(box)
    layout.addStretch(1)
    return page


def _measure(ctx: PanelContext, title: str, n: int, row: dict, numbers: list[int], linked: set[int]) -> QWidget:
    label = f"{title} measure {n}"
    frame, form = card(ctx, "rmp_measures", row["id"], f"Measure {n}", label.lower())
    b = lambda name: record.MEASURE.ref(row["id"], name)  # noqa: E731
    form_row(form, b("description"), text_field(ctx.hub, b("description"), row["description"],
                                                f"{label} description", lines=1))
    form.addRow("Who", side_by_side(
        ("", agency_field(ctx.hub, b("agency"), row["agency_id"], f"{label} agency", ctx.data.agencies)),
        ("", text_field(ctx.hub, b("person_name"), row["person_name"], f"{label} person")),
        (b("timescale").field.label, text_field(ctx.hub, b("timescale"), row["timescale"], f"{label} timescale"))))
    boxes = QHBoxLayout()
    for number in numbers:
        box = named(QCheckBox(f"Risk {number}"), f"rmp_measures:{row['id']}:risk{number}",
                    f"{label} addresses risk {number}")
        box.setChecked(number in linked)
        box.toggled.connect(lambda on, k=number: ctx.actions.link_risk(row["id"], k, on))
        boxes.addWidget(box)
    boxes.addStretch(1)
    holder = QWidget()
    holder.setLayout(boxes)
    boxes.setContentsMargins(0, 0, 0, 0)
    form.addRow("Addresses", holder if numbers else empty_note("No risks recorded yet.", f"rmp_measures:{row['id']}:norisks"))
    return frame
