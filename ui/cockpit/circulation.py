"""issue 17 item 2: the Minute's distribution as national document 5A asks: the date the chair approved
it, and its circulation list (who received which document and version, and when), one short line each, kept in
the review step where the case is closed."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QWidget

from mappa_desk.domain import record
from ui.cockpit.cards import PanelContext, add_button, button_row, empty_note, form_row, group, line_row
from ui.cockpit.fields import agency_field, date_field, text_field


def circulation_group(ctx: PanelContext) -> QWidget:
    box, inner = group("Distribution of the Minute", "circulationGroup")
    form = QFormLayout()
    approved = ctx.meeting("approved_date")
    form_row(form, approved, date_field(ctx.hub, approved, ctx.value("approved_date"), approved.field.label))
    inner.addLayout(form)
    rows = ctx.data.rows.get("circulation", [])
    if not rows:
        inner.addWidget(empty_note("The Minute has not been sent to anyone yet.", "circulationEmpty"))
    for n, row in enumerate(rows, 1):
        b = lambda name, r=row: record.CIRCULATION.ref(r["id"], name)  # noqa: E731
        recipient = text_field(ctx.hub, b("recipient"), row["recipient"], f"Recipient {n}",
                               placeholder=b("recipient").field.label)
        agency = agency_field(ctx.hub, b("agency"), row["agency_id"], f"Recipient {n} agency", ctx.data.agencies)
        organisation = text_field(ctx.hub, b("organisation"), row["organisation"], f"Recipient {n} organisation",
                                  placeholder=b("organisation").field.label)
        document = text_field(ctx.hub, b("document"), row["document"], f"Recipient {n} document",
                              placeholder="e.g. Minute, version 2")
        sent = date_field(ctx.hub, b("sent_date"), row["sent_date"], f"Recipient {n} date sent")
        inner.addWidget(line_row(ctx, "circulation", row["id"], f"recipient {n}", ("", recipient), ("", agency),
                                 ("", organisation), ("", document), ("Sent", sent)))
    inner.addWidget(button_row(add_button(ctx, "Add recipient", "addRecipientButton", "circulation", {},
                                          "recipient")))
    return box
