"""issue 18 item 4: the people and places the record protects from release (victims, children, partners, their
addresses, schools and workplaces), kept beside the victim issues in the risks step: one short line each, its
name or place, what it is, and the other ways it is written. Every mention of them is masked in whatever leaves
the Minute and RMP (domain/protect.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from mappa_desk.domain import record
from ui.cockpit.cards import PanelContext, add_button, button_row, empty_note, group, line_row, plain_label
from ui.cockpit.fields import text_field, vocabulary_field


def protected_group(ctx: PanelContext) -> QWidget:
    box, inner = group("Protected from release", "protectedGroup")
    inner.addWidget(plain_label("Every mention of these people and places is withheld from the Executive Summary, "
                                "letters, the tribunal statement and the shared screen, in any form.",
                                "protectedNote", "Protected from release", muted=True))
    rows = ctx.data.rows.get("protected_persons", [])
    if not rows:
        inner.addWidget(empty_note("No one is protected from release yet.", "protectedEmpty"))
    for n, row in enumerate(rows, 1):
        b = lambda name, r=row: record.PROTECTED.ref(r["id"], name)  # noqa: E731
        name = text_field(ctx.hub, b("name"), row["name"], f"Protected {n} name or place",
                          placeholder=b("name").field.label)
        kind = vocabulary_field(ctx.hub, b("kind"), row["kind"], f"Protected {n} who or what", blank="Not recorded")
        forms = text_field(ctx.hub, b("other_forms"), row["other_forms"], f"Protected {n} other forms",
                           placeholder="Other forms, e.g. a nickname; separated by ;")
        inner.addWidget(line_row(ctx, "protected_persons", row["id"], f"protected {n}", ("", name), ("", kind),
                                 ("", forms)))
    inner.addWidget(button_row(add_button(ctx, "Protect a person or place", "addProtectedButton",
                                          "protected_persons", {}, "name")))
    return box
