"""Cockpit panels for what the meeting decides: decisions, disclosure, level, actions, and the review date."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QListWidget, QPushButton, QVBoxLayout, QWidget

from mappa_desk.domain import dates, record
from mappa_desk.domain.enums import LEVELS
from ui.cockpit.cards import (PanelContext, add_button, button_row, card, empty_note, form_row, group, line_row,
                              panel_page, plain_label, side_by_side)
from ui.cockpit.circulation import circulation_group
from ui.cockpit.fields import agency_field, check_field, choice_field, date_field, text_field, vocabulary_field
from ui.common import error_label, named


def decisions(ctx: PanelContext) -> QWidget:
    page, layout = panel_page()
    positions = ctx.data.rows["decision_positions"]
    not_taken = ctx.data.rows["options_not_taken"]
    for n, row in enumerate(ctx.data.rows["decisions"], 1):
        frame, form = card(ctx, "decisions", row["id"], f"Decision {n}", f"decision {n}")
        b = lambda name, r=row: record.DECISION.ref(r["id"], name)  # noqa: E731
        form_row(form, b("question"), text_field(ctx.hub, b("question"), row["question"], f"Decision {n} question"))
        form_row(form, b("options_considered"), text_field(ctx.hub, b("options_considered"),
                                                           row["options_considered"],
                                                           f"Decision {n} options considered", lines=1))
        form_row(form, b("outcome"), vocabulary_field(ctx.hub, b("outcome"), row["outcome"], f"Decision {n} outcome"))
        form_row(form, b("decision_text"), text_field(ctx.hub, b("decision_text"), row["decision_text"],
                                                      f"Decision {n} decision", lines=1))
        form_row(form, b("rationale"), text_field(ctx.hub, b("rationale"), row["rationale"], f"Decision {n} reasons",
                                                  lines=1))
        form_row(form, b("how_proceeded"), text_field(
            ctx.hub, b("how_proceeded"), row["how_proceeded"], f"Decision {n} how the meeting proceeds",
            placeholder="Where an agency disagrees: how the meeting agreed to proceed"))
        own = [p for p in positions if p["decision_id"] == row["id"]]
        for m, position in enumerate(own, 1):
            form.addRow(f"Position {m}", _position(ctx, n, m, position))
        # Which agencies are present and which have a position is read from the record when a button is
        # pressed, never kept from when this panel was built (attendance or a position's agency may change).
        add_position = named(QPushButton("Add position"), f"decisions:{row['id']}:addPosition", "Add position")
        add_position.clicked.connect(lambda _c=False, d=row["id"]: ctx.actions.add_position(d))
        buttons = side_by_side(("", add_position), ("", _every_agency_button(ctx, row["id"])), stretch_last=False)
        form.addRow("", buttons)
        for m, option in enumerate([o for o in not_taken if o["decision_id"] == row["id"]], 1):
            form.addRow(f"Not taken {m}", _option_not_taken(ctx, n, m, option))
        form.addRow("", button_row(add_button(
            ctx, "Add option not taken", f"decisions:{row['id']}:addOptionNotTaken", "options_not_taken",
            {"decision_id": row["id"]}, "option_text", "A course of action considered but not taken, with the reasons")))
        layout.addWidget(frame)
    layout.addWidget(button_row(add_button(ctx, "New decision", "addDecisionButton", "decisions", {}, "question")))
    if ctx.data.individual["category"] == 2:
        box, inner = group("Mental Health Tribunal", "tribunalGroup")
        form = QFormLayout()
        recommends, position = ctx.meeting("tribunal_recommendation"), ctx.meeting("tribunal_position")
        form_row(form, recommends, vocabulary_field(ctx.hub, recommends, ctx.value("tribunal_recommendation"),
                                                    "RMO recommendation"))
        form_row(form, position, vocabulary_field(ctx.hub, position, ctx.value("tribunal_position"),
                                                  "Meeting's position"))
        inner.addLayout(form)
        layout.addWidget(box)
    layout.addStretch(1)
    return page


def _every_agency_button(ctx: PanelContext, decision_id: int) -> QPushButton:
    button = named(QPushButton("Add every agency present"), f"decisions:{decision_id}:addEveryAgency",
                   "Add a position for every agency present", "Each starts as Agree; change those that differ")
    button.clicked.connect(lambda: ctx.actions.add_every_agency_present(decision_id))
    return button


def _position(ctx: PanelContext, n: int, m: int, row: dict) -> QWidget:
    b = lambda name: record.POSITION.ref(row["id"], name)  # noqa: E731
    agency = choice_field(ctx.hub, b("agency"), row["agency_id"], f"Decision {n} position {m} agency",
                          [(a["id"], a["name"]) for a in ctx.data.agencies])
    stance = vocabulary_field(ctx.hub, b("stance"), row["stance"], f"Decision {n} position {m} stance")
    agency.setMaximumWidth(260)
    stance.setMaximumWidth(120)
    reason = text_field(ctx.hub, b("reason"), row["reason"], f"Decision {n} position {m} reason",
                        placeholder="Reason (required where the agency disagrees)")
    return line_row(ctx, "decision_positions", row["id"], f"position {m} of decision {n}",
                    ("", agency), ("", stance), ("", reason))


def _option_not_taken(ctx: PanelContext, n: int, m: int, row: dict) -> QWidget:
    b = lambda name: record.OPTION_NOT_TAKEN.ref(row["id"], name)  # noqa: E731
    return line_row(ctx, "options_not_taken", row["id"], f"option not taken {m} of decision {n}",
                    ("", text_field(ctx.hub, b("option_text"), row["option_text"], f"Decision {n} option {m}",
                                    placeholder="Option")),
                    ("because", text_field(ctx.hub, b("reason"), row["reason"], f"Decision {n} option {m} reason",
                                           placeholder="Why it was not taken")))


def disclosure(ctx: PanelContext) -> QWidget:
    page, layout = panel_page()
    if not ctx.data.rows["disclosures"]:
        layout.addWidget(empty_note("No disclosure decision recorded yet. Record one whether or not disclosure is "
                                    "to be made, or record below that none is needed, and why.", "disclosureEmpty"))
    for n, row in enumerate(ctx.data.rows["disclosures"], 1):
        frame, form = card(ctx, "disclosures", row["id"], f"Disclosure decision {n}", f"disclosure decision {n}")
        b = lambda name, r=row: record.DISCLOSURE.ref(r["id"], name)  # noqa: E731
        form.addRow("", check_field(ctx.hub, b("made"), row["made"], b("made").field.label))
        form_row(form, b("to_whom"), text_field(ctx.hub, b("to_whom"), row["to_whom"], f"Disclosure {n} to whom"))
        form_row(form, b("what"), text_field(ctx.hub, b("what"), row["what"], f"Disclosure {n} what", lines=1))
        form.addRow("By", side_by_side(
            ("", agency_field(ctx.hub, b("by_agency"), row["by_agency_id"], f"Disclosure {n} agency",
                              ctx.data.agencies)),
            ("", text_field(ctx.hub, b("by_person"), row["by_person"], f"Disclosure {n} person")),
            (b("by_when").field.label, date_field(ctx.hub, b("by_when"), row["by_when"], f"Disclosure {n} by when")),
            stretch_last=False))
        form_row(form, b("reason_not_made"), text_field(ctx.hub, b("reason_not_made"), row["reason_not_made"],
                                                        f"Disclosure {n} reason not made", lines=1))
        layout.addWidget(frame)
    layout.addWidget(button_row(add_button(ctx, "Record a disclosure decision", "addDisclosureButton", "disclosures",
                                           {}, "to_whom")))
    layout.addStretch(1)
    return page


def level(ctx: PanelContext) -> QWidget:
    page, layout = panel_page()
    box, inner = group(f"Level decision (this meeting: {LEVELS[ctx.value('level')]})", "levelGroup")
    form = QFormLayout()
    decision, after, rationale = (ctx.meeting(n) for n in ("level_decision", "level_after", "level_rationale"))
    form_row(form, decision, vocabulary_field(ctx.hub, decision, ctx.value("level_decision"), "Level decision",
                                              blank="Not decided"))
    form_row(form, after, vocabulary_field(ctx.hub, after, ctx.value("level_after"), "Level from now",
                                           blank="Not set"))
    form_row(form, rationale, text_field(ctx.hub, rationale, ctx.value("level_rationale"), "Level rationale",
                                         lines=3))
    inner.addLayout(form)
    layout.addWidget(box)
    layout.addStretch(1)
    return page


def actions(ctx: PanelContext) -> QWidget:
    page, layout = panel_page()
    carried_from = {a["uid"]: a["number"] for a in ctx.data.previous_actions}
    for row in ctx.data.rows["actions"]:
        n = row["number"]  # its number in the Minute, kept when another action is removed
        frame, form = card(ctx, "actions", row["id"], f"Action {n}", f"action {n}")
        b = lambda name, r=row: record.ACTION.ref(r["id"], name)  # noqa: E731
        if row["carried_from_uid"] in carried_from:
            form.addRow(plain_label(
                f"Carried forward from action {carried_from[row['carried_from_uid']]} of the meeting of "
                f"{dates.numeric(ctx.data.previous['meeting_date'])}.", f"actions:{row['id']}:carriedFrom",
                muted=True))
        form_row(form, b("description"), text_field(ctx.hub, b("description"), row["description"],
                                                    f"Action {n} what"))
        form.addRow("Who", side_by_side(
            ("", text_field(ctx.hub, b("person_name"), row["person_name"], f"Action {n} person")),
            ("", agency_field(ctx.hub, b("agency"), row["agency_id"], f"Action {n} agency", ctx.data.agencies)),
            ("By", date_field(ctx.hub, b("due_date"), row["due_date"], f"Action {n} due date")),
            stretch_last=False))
        layout.addWidget(frame)
    layout.addWidget(button_row(add_button(ctx, "New action", "addActionButton", "actions", {}, "description",
                                           "Ctrl+Shift+A")))
    layout.addStretch(1)
    return page


class ReviewPanel(QWidget):
    """The review date against its clock, who tells the individual, and what the record still lacks."""

    def __init__(self, ctx: PanelContext):
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(10)
        box, inner = group("Review", "reviewGroup")
        form = QFormLayout()
        review, next_meeting, informed = (ctx.meeting(n) for n in ("review_date", "next_meeting_date",
                                                                   "individual_informed_by"))
        form_row(form, review, date_field(ctx.hub, review, ctx.value("review_date"), "Review date"))
        self.latest = plain_label("", "latestReviewDate", "Latest allowed review date")
        form.addRow("", self.latest)
        self.problem = error_label("reviewDateProblem")
        form.addRow("", self.problem)
        form_row(form, next_meeting, date_field(ctx.hub, next_meeting, ctx.value("next_meeting_date"),
                                                "Next meeting date"))
        form_row(form, informed, text_field(ctx.hub, informed, ctx.value("individual_informed_by"),
                                            "Who tells the individual about the meeting"))
        inner.addLayout(form)
        layout.addWidget(box)
        layout.addWidget(circulation_group(ctx))  # issue 17 item 2
        box, inner = group("What the record still lacks", "gapsGroup")
        self.gap_list = named(QListWidget(), "gapList", "What the record still lacks",
                              "Activate an entry to go to its step")
        self.gap_list.setMinimumHeight(160)
        # A long gap wraps at larger text: read whole, never scrolled sideways.
        self.gap_list.setWordWrap(True)
        self.gap_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner.addWidget(self.gap_list)
        self.close_error = error_label("closeCaseError")
        inner.addWidget(self.close_error)
        self.close_button = named(QPushButton("Close the case"), "closeCaseButton", "Close the case",
                                  "Marks the case held, ready for its documents")
        self.generate_button = named(QPushButton("Generate documents…"), "cockpitGenerateButton",
                                     "Generate documents")
        self.read_back_button = named(QPushButton("Read back…"), "readBackButton", "Read back",
                                      "Decisions, actions, disclosure, level, review date and the plan's changes, "
                                      "to read aloud (F6)")
        inner.addWidget(side_by_side(("", self.read_back_button), ("", self.close_button),
                                     ("", self.generate_button), stretch_last=False))
        layout.addWidget(box)
        layout.addStretch(1)
