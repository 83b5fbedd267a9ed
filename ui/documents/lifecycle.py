"""The record strip of the documents page: the lifecycle's steps with who and when, the audio warning, the
buttons for the next steps, the self-audit's blocking gaps; and the sign-off and addendum dialogs."""

from __future__ import annotations

import datetime as _dt
import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QDialog, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QSizePolicy, QStyle, QVBoxLayout,
                               QWidget)

from mappa_desk.domain import dates
from mappa_desk.services.documents import ISSUED, STATEMENT_KINDS
from mappa_desk.services.lifecycle import Finding, RecordState
from ui.common import body_label, enter_never_accepts, error_label, field_label, named
from ui.spelling import check_spelling

STEPS = (("drafted", "stepDraft", "Draft"), ("cleared", "stepCleared", "Cleared by the chair"),
         ("circulated", "stepCirculated", "Circulated for comment"), ("made_final", "stepFinal", "Final"))
FINDINGS_TITLE = "The record cannot be {what} yet. Put each of these right in the cockpit, then try again:"
FINDING_HINT = "Open the meeting in the cockpit and go to the step “{title}” to put this right."


def local_time(at: str) -> str:
    """An ISO UTC time as the user's clock shows it: '21 Nov 2026, 14:02'."""
    try:
        when = _dt.datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=_dt.timezone.utc).astimezone()
    except ValueError:
        return at
    return f"{dates.short(when.date().isoformat())}, {when:%H:%M}"


def versions_text(state: RecordState) -> str:
    drafts = [v.version for v in state.versions if v.status == "draft"]
    parts = []
    if drafts:
        parts.append(f"{'draft' if len(drafts) == 1 else 'drafts'} {', '.join(f'v{n}' for n in drafts)}")
    if state.final_version:
        parts.append(f"final v{state.final_version}")
    if state.addenda:
        parts.append(f"{len(state.addenda)} {'addendum' if len(state.addenda) == 1 else 'addenda'}")
    # The tribunal's statement only: a request's letter and summary are issued too, and listed in the requests log.
    statements = [v.version for v in state.versions if v.status == ISSUED and v.kind in STATEMENT_KINDS]
    if statements:
        parts.append(f"{'statement' if len(statements) == 1 else 'statements'} for a tribunal "
                     f"{', '.join(f'v{n}' for n in statements)}")
    return ("Versions: " + "; ".join(parts) + ".") if parts else "No documents generated yet."


# The statuses in which each step has been taken for the current draft.
_REACHED = {"cleared": ("cleared", "circulated", "final"), "circulated": ("circulated", "final"),
            "made_final": ("final",)}


def step_text(state: RecordState, event: str, title: str) -> tuple[str, str, bool]:
    """(the step's heading, the line under it, whether the step is done).

    A clearance of an earlier draft is not this draft's: after a new draft the step reads "Not yet" again.
    """
    done = state.last(event)
    reached = done is not None if event == "drafted" else state.status in _REACHED[event]
    if not reached:
        again = f" for draft v{state.latest_draft}" if done is not None and state.latest_draft else ""
        return title, f"Not yet{again}", False
    if done is None:  # e.g. imported as final, before the lifecycle was recorded here
        return f"✓ {title}", "No details recorded", True
    version = f" v{done.version}" if done.version and event in ("drafted", "made_final") else ""
    who = "" if event == "drafted" else f" by {done.by}"
    return f"✓ {title}{version}", f"{local_time(done.at)}{who}", True


class RecordPanel(QFrame):
    """Shows a RecordState and asks for the next step; the controller does the work."""

    sig_clear_requested = Signal()
    sig_circulate_requested = Signal()
    sig_make_final_requested = Signal()
    sig_addendum_requested = Signal()
    sig_attach_audio_requested = Signal()
    sig_remove_audio_requested = Signal()
    sig_visor_export_requested = Signal()
    sig_tribunal_statement_requested = Signal()
    sig_finding_activated = Signal(str)  # the step (cockpit panel) where the gap is put right

    def __init__(self):
        super().__init__()
        named(self, "recordPanel", "The record")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 8, 12, 8)
        box.setSpacing(6)

        top = QHBoxLayout()
        self.status_label = named(QLabel(), "recordStatus", "Status of the record")
        font = QFont(self.status_label.font())
        font.setWeight(QFont.Weight.DemiBold)
        self.status_label.setFont(font)
        self.versions_label = named(QLabel(), "recordVersions", "Versions")
        top.addWidget(self.status_label)
        top.addSpacing(16)
        top.addWidget(self.versions_label, 1)
        box.addLayout(top)

        steps = QHBoxLayout()
        steps.setSpacing(6)
        self.step_labels: dict[str, QLabel] = {}
        for event, object_name, title in STEPS:
            label = named(QLabel(), object_name, title)
            label.setTextFormat(Qt.TextFormat.RichText)  # a bold heading; the names in it are escaped
            label.setFrameShape(QFrame.Shape.StyledPanel)
            label.setMargin(6)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self.step_labels[event] = label
            steps.addWidget(label, 1)
        box.addLayout(steps)

        audio_row = QHBoxLayout()
        self.audio_icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.audio_icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size))
        self.audio_label = body_label("", "audioWarning", "Audio recording")
        self.audio_label.setTextFormat(Qt.TextFormat.PlainText)
        self.remove_audio_button = named(QPushButton("Remove recording…"), "removeAudioButton", "Remove recording",
                                         "Destroys the audio recording now, before the record is final")
        audio_row.addWidget(self.audio_icon)
        audio_row.addWidget(self.audio_label, 1)
        audio_row.addWidget(self.remove_audio_button)
        self.audio_row = QWidget()
        self.audio_row.setLayout(audio_row)
        audio_row.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.audio_row)

        self.next_label = body_label("", "recordNextStep", "Next step")
        self.next_label.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(self.next_label)

        buttons = QHBoxLayout()
        self.clear_button = named(QPushButton("C&lear as chair…"), "clearButton", "Clear as chair",
                                  "The chair clears the latest draft; the self-audit runs first")
        self.circulate_button = named(QPushButton("C&irculate…"), "circulateButton", "Circulate",
                                      "Records that the cleared draft went out for comment")
        self.final_button = named(QPushButton("&Make final…"), "makeFinalButton", "Make final",
                                  "Writes the final documents; the record cannot be changed afterwards")
        self.addendum_button = named(QPushButton("Add adden&dum…"), "addAddendumButton", "Add addendum",
                                     "A correction to the final record, with its reason")
        self.audio_button = named(QPushButton("Attach a&udio…"), "attachAudioButton", "Attach audio",
                                  "Keeps a recording of the meeting in the vault until the record is final")
        self.visor_button = named(QPushButton("Export for &ViSOR…"), "visorExportButton", "Export for ViSOR",
                                  "Writes the final Minute and RMP with a manifest into a folder")
        self.tribunal_button = named(QPushButton("S&tatement for a tribunal…"), "tribunalStatementButton",
                                     "Statement for a Mental Health Tribunal",
                                     "A restricted patient's final record: writes the statement for a Mental Health "
                                     "Tribunal (the date, the level and the group's position only)")
        # Two rows, the record's own steps and then what is done with it: in one, the seven were cut short at the
        # largest text size on a 1366-pixel laptop (the last one down to "tement for a tribuna").
        others = QHBoxLayout()
        for row, members in ((buttons, (self.clear_button, self.circulate_button, self.final_button,
                                        self.addendum_button)),
                             (others, (self.audio_button, self.visor_button, self.tribunal_button))):
            for button in members:
                row.addWidget(button)
            row.addStretch(1)
            box.addLayout(row)

        self.findings_title = body_label("", "auditFindingsTitle", "Why the step was refused")
        self.findings_title.setTextFormat(Qt.TextFormat.PlainText)
        self.findings = named(QListWidget(), "auditFindings", "Blocking gaps",
                              "Each gap names the step of the cockpit where it is put right")
        self.findings.setWordWrap(True)
        self.finding_hint = body_label("", "auditFindingHint", "Where to put it right")
        self.finding_hint.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(self.findings_title)
        box.addWidget(self.findings)
        box.addWidget(self.finding_hint)
        self.message = body_label("", "recordMessage", "What was done")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.error = error_label("recordError")
        box.addWidget(self.message)
        box.addWidget(self.error)

        self.clear_button.clicked.connect(self.sig_clear_requested)
        self.circulate_button.clicked.connect(self.sig_circulate_requested)
        self.final_button.clicked.connect(self.sig_make_final_requested)
        self.addendum_button.clicked.connect(self.sig_addendum_requested)
        self.audio_button.clicked.connect(self.sig_attach_audio_requested)
        self.remove_audio_button.clicked.connect(self.sig_remove_audio_requested)
        self.visor_button.clicked.connect(self.sig_visor_export_requested)
        self.tribunal_button.clicked.connect(self.sig_tribunal_statement_requested)
        self.findings.itemActivated.connect(self._on_finding_activated)
        self.findings.itemClicked.connect(self._on_finding_activated)
        self._state: RecordState | None = None
        self._busy = False
        self.show_state(None)

    # -- state -------------------------------------------------------------------------
    def show_state(self, state: RecordState | None) -> None:
        self._state = state
        if state is None:
            self.status_label.setText("Status: …")
            self.versions_label.clear()
            for (_event, _name, title), label in zip(STEPS, self.step_labels.values()):
                label.setText(f"{html.escape(title)}<br>&nbsp;")
                label.setAccessibleDescription("")
            self.next_label.clear()
            self.audio_row.hide()
            self.clear_findings()
            self.show_message("")
            self.clear_error()
        else:
            self.status_label.setText(f"Status: {state.status_label}")
            self.versions_label.setText(versions_text(state))
            for (event, _name, title), label in zip(STEPS, self.step_labels.values()):
                heading, line, done = step_text(state, event, title)
                heading = f"<b>{html.escape(heading)}</b>" if done else html.escape(heading)
                label.setText(f"{heading}<br>{html.escape(line)}")
                label.setAccessibleDescription(f"{step_text(state, event, title)[0]}: {line}")
            self.next_label.setText(state.next_step)
            self.audio_label.setText(state.audio_warning)
            self.audio_row.setVisible(bool(state.audio_warning))
        self._update_buttons()

    def state(self) -> RecordState | None:
        return self._state

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        if busy:
            self.clear_error()
        self._update_buttons()

    def _update_buttons(self) -> None:
        s, free = self._state, not self._busy and self._state is not None
        self.clear_button.setEnabled(free and s.can_clear)
        self.circulate_button.setEnabled(free and s.can_circulate)
        self.final_button.setEnabled(free and s.can_make_final)
        self.addendum_button.setEnabled(free and s.can_add_addendum)
        self.audio_button.setEnabled(free and s.can_attach_audio)
        self.remove_audio_button.setEnabled(free and s.audio is not None)
        self.visor_button.setEnabled(free and s.status == "final")
        self.tribunal_button.setEnabled(free and s.status == "final")

    # -- messages and findings -----------------------------------------------------------
    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def show_findings(self, findings: list[Finding], what: str) -> None:
        self.findings.clear()
        for finding in findings:
            item = QListWidgetItem(f"{finding.step_title}: {finding.text}")
            item.setData(Qt.ItemDataRole.UserRole, finding.step)
            item.setData(Qt.ItemDataRole.UserRole + 1, finding.step_title)
            item.setToolTip(FINDING_HINT.format(title=finding.step_title))
            self.findings.addItem(item)
        self.findings_title.setText(FINDINGS_TITLE.format(what=what))
        rows = min(len(findings), 5)
        self.findings.setFixedHeight(rows * max(self.findings.sizeHintForRow(0), 18) + 2 * self.findings.frameWidth() + 2)
        for widget in (self.findings_title, self.findings):
            widget.show()
        self.finding_hint.hide()

    def clear_findings(self) -> None:
        self.findings.clear()
        for widget in (self.findings_title, self.findings, self.finding_hint):
            widget.hide()

    def _on_finding_activated(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.finding_hint.setText(FINDING_HINT.format(title=item.data(Qt.ItemDataRole.UserRole + 1)))
        self.finding_hint.show()
        self.sig_finding_activated.emit(item.data(Qt.ItemDataRole.UserRole))


class SignOffDialog(QDialog):
    """Asks the name of the person taking a step (clearance, circulation, the final), with what it means."""

    def __init__(self, parent: QWidget | None, title: str, explanation: str, name_label: str, button: str,
                 name: str = ""):
        super().__init__(parent)
        named(self, "signOffDialog", title)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        box = QVBoxLayout(self)
        box.addWidget(body_label(explanation, "signOffExplanation", "What this step does"))
        self.name_field = named(QLineEdit(name), "signOffName", name_label)
        form = QFormLayout()
        form.addRow(field_label(f"&{name_label}:", "signOffNameLabel", self.name_field), self.name_field)
        box.addLayout(form)
        self.confirm_button = named(QPushButton(button), "signOffButton", button.rstrip("…"))
        self.cancel_button = named(QPushButton("Cancel"), "signOffCancelButton", "Cancel")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.confirm_button)
        box.addLayout(row)
        self.confirm_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.name_field.textChanged.connect(self._on_name_changed)
        self._on_name_changed(self.name_field.text())
        enter_never_accepts(self, self.confirm_button)  # Enter in the name never signs off; the button or Ctrl+Enter
        self.name_field.selectAll()

    def _on_name_changed(self, text: str) -> None:
        self.confirm_button.setEnabled(bool(text.strip()))

    def name(self) -> str:
        return self.name_field.text().strip()


class AddendumDialog(QDialog):
    """The reason for a correction to a final record, its text, and who adds it."""

    def __init__(self, parent: QWidget | None, number: int, name: str = ""):
        super().__init__(parent)
        named(self, "addendumDialog", f"Addendum {number}")
        self.setWindowTitle(f"Addendum {number} to the final record")
        self.setMinimumWidth(520)
        box = QVBoxLayout(self)
        box.addWidget(body_label(
            "The final Minute stays as it is. The addendum says what changes and why; the Minute is written "
            "again with every addendum after it.", "addendumExplanation", "About addenda"))
        self.reason_field = check_spelling(named(QLineEdit(), "addendumReason", "Reason"))
        self.text_field = check_spelling(named(QPlainTextEdit(), "addendumText", "Text of the addendum"))
        self.text_field.setTabChangesFocus(True)
        self.by_field = named(QLineEdit(name), "addendumBy", "Your name")
        form = QFormLayout()
        form.addRow(field_label("&Reason:", "addendumReasonLabel", self.reason_field), self.reason_field)
        form.addRow(field_label("&Correction:", "addendumTextLabel", self.text_field), self.text_field)
        form.addRow(field_label("Your &name:", "addendumByLabel", self.by_field), self.by_field)
        box.addLayout(form)
        self.save_button = named(QPushButton("Add and write the Minute…"), "addendumSaveButton", "Add addendum")
        self.cancel_button = named(QPushButton("Cancel"), "addendumCancelButton", "Cancel")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.save_button)
        box.addLayout(row)
        self.save_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        for field in (self.reason_field, self.by_field):
            field.textChanged.connect(self._update)
        self.text_field.textChanged.connect(self._update)
        enter_never_accepts(self, self.save_button)  # Enter neither adds nor cancels; the button or Ctrl+Enter adds
        self._update()

    def _update(self) -> None:
        self.save_button.setEnabled(all(self.values()))

    def values(self) -> tuple[str, str, str]:
        """(reason, text, by), stripped."""
        return (self.reason_field.text().strip(), self.text_field.toPlainText().strip(), self.by_field.text().strip())
