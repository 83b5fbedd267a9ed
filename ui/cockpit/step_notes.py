"""The chair's summary and the discussion of the agenda step a panel records (issue 17 item 2): two text boxes at
the panel's foot, saved as each declared field of the step's agenda item is. The Minute prints them under the
step's section (templates/<jurisdiction>/minute.toml, `step_notes`)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QWidget

from mappa_desk.domain import agenda, record
from ui.cockpit.cards import PanelContext, form_row, group
from ui.cockpit.fields import text_field

NOTES = ("summary", "discussion")


def add_step_notes(ctx: PanelContext, key: str, page: QWidget) -> None:
    """Adds, for each agenda step recorded in panel `key`, its summary and discussion in a group of their own,
    before the panel's closing stretch."""
    layout = page.layout()
    if layout is None:
        return
    for item in ctx.data.rows.get("agenda_items", []):
        if agenda.panel_for(item["step_key"], ctx.data.steps) != key:
            continue
        box, inner = group(f"{item['title']}: summary and discussion", f"stepNotes_{item['step_key']}")
        form = QFormLayout()
        for name in NOTES:
            ref = record.AGENDA_ITEM.ref(item["id"], name)
            form_row(form, ref, text_field(ctx.hub, ref, item[ref.column], f"{item['title']}: {ref.field.label}",
                                           lines=2))
        inner.addLayout(form)
        last = layout.itemAt(layout.count() - 1) if layout.count() else None
        if last is not None and last.spacerItem() is not None:  # the panel's closing stretch stays last
            layout.insertWidget(layout.count() - 1, box)
        else:
            layout.addWidget(box)
