"""Patient and visit details, bound two ways to the Consultation through the Document."""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QComboBox, QDateEdit, QFormLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QVBoxLayout, QWidget)

from desktop_app.document import Change, Document
from desktop_app.infra.qtnames import named
from desktop_app.ui import theme

VARIANT_LABELS = {"female": "Female anatomy", "male": "Male anatomy"}
LANGUAGE_LABELS = {"en": "English", "es": "Español (Spanish)"}


def _valid_iso(text: str) -> bool:
    try:
        return len(text) == 10 and bool(_dt.date.fromisoformat(text))
    except ValueError:
        return False


class PatientPanel(QWidget):
    def __init__(self, document: Document, parent=None):
        super().__init__(parent)
        self.document = document
        self.setObjectName("patient_panel")
        self._syncing = False
        outer = QVBoxLayout(self)
        hint = QLabel("All patient details are optional. They appear only in the saved file "
                      "and the patient's own summary.")
        hint.setObjectName("patient_hint")
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color:{theme.muted()};")
        outer.addWidget(hint)
        form = QFormLayout()
        outer.addLayout(form)

        self.name = named(QLineEdit(placeholderText="Optional"), "patient_name")
        self.dob = named(QLineEdit(placeholderText="YYYY-MM-DD (optional)"), "patient_dob")
        self.dob.setMaxLength(10)
        self.record = named(QLineEdit(placeholderText="Optional"), "patient_record")
        self.visit = named(QDateEdit(), "visit_date")
        self.visit.setCalendarPopup(True)
        self.visit.setDisplayFormat("yyyy-MM-dd")
        self.clinician = named(QLineEdit(placeholderText="Surgeon's name"), "clinician")
        self.variant = named(QComboBox(), "variant")
        for key, label in VARIANT_LABELS.items():
            self.variant.addItem(label, key)
        self.language = named(QComboBox(), "language")
        for key, label in LANGUAGE_LABELS.items():
            self.language.addItem(label, key)
        self.notes = named(QPlainTextEdit(), "notes")
        self.notes.setPlaceholderText("Notes for the patient's summary (plain words)")
        self.notes.setMinimumHeight(90)
        self.dob_error = named(QLabel(""), "dob_error")
        self.dob_error.setStyleSheet(f"color:{theme.error()};")
        self.dob_error.hide()

        form.addRow("Patient &name", self.name)
        form.addRow("&Date of birth", self.dob)
        form.addRow("", self.dob_error)
        form.addRow("&Record number", self.record)
        form.addRow("&Visit date", self.visit)
        form.addRow("&Clinician", self.clinician)
        form.addRow("&Anatomy", self.variant)
        form.addRow("Patient &language", self.language)
        notes_label = QLabel("&Notes from your surgeon")
        notes_label.setBuddy(self.notes)
        outer.addWidget(notes_label)
        outer.addWidget(self.notes, 1)
        for w, text in ((self.name, "Patient name"), (self.dob, "Date of birth"),
                        (self.record, "Record number"), (self.visit, "Visit date"),
                        (self.clinician, "Clinician"), (self.variant, "Anatomy variant"),
                        (self.language, "Patient language"), (self.notes, "Notes")):
            w.setAccessibleName(text)

        self.name.textEdited.connect(lambda t: self._patient("name", t, "Edit patient name"))
        self.record.textEdited.connect(
            lambda t: self._patient("record_number", t, "Edit record number"))
        self.dob.textEdited.connect(self._on_dob)
        self.visit.dateChanged.connect(self._on_visit)
        self.clinician.textEdited.connect(
            lambda t: self._field("clinician", t, "Edit clinician"))
        self.variant.activated.connect(
            lambda _i: self._field("variant", self.variant.currentData(), "Change anatomy",
                                   kind=Change.DIAGRAM))
        self.language.activated.connect(
            lambda _i: self._field("language", self.language.currentData(),
                                   "Change patient language"))
        self.notes.textChanged.connect(self._on_notes)
        document.changed.connect(self._on_changed)
        self.sync_from_model()

    # widget -> model
    def _patient(self, attr, value, text):
        if not self._syncing:
            self.document.set_patient_field(attr, value, text)

    def _field(self, attr, value, text, kind=Change.FIELDS):
        if not self._syncing:
            self.document.set_field(attr, value, text, kind)

    def _on_dob(self, text: str) -> None:
        text = text.strip()
        ok = text == "" or _valid_iso(text)
        self.dob_error.setText("" if ok else "Use the form YYYY-MM-DD, e.g. 1975-04-30")
        self.dob_error.setVisible(not ok)
        if ok:
            self._patient("date_of_birth", text, "Edit date of birth")

    def _on_visit(self, date: QDate) -> None:
        self._field("visit_date", date.toString("yyyy-MM-dd"), "Change visit date")

    def _on_notes(self) -> None:
        self._field("notes", self.notes.toPlainText(), "Edit notes")

    # model -> widgets
    def _on_changed(self, kind: Change) -> None:
        if kind in (Change.PATIENT, Change.FIELDS, Change.DIAGRAM, Change.ALL):
            self.sync_from_model()

    def sync_from_model(self) -> None:
        c = self.document.consultation
        self._syncing = True
        try:
            for widget, value in ((self.name, c.patient.name), (self.record,
                                  c.patient.record_number), (self.clinician, c.clinician)):
                if widget.text() != value:
                    widget.setText(value)
            if self.dob.text() != c.patient.date_of_birth and not self.dob_error.isVisible():
                self.dob.setText(c.patient.date_of_birth)
            date = QDate.fromString(c.visit_date, "yyyy-MM-dd")
            if date.isValid() and self.visit.date() != date:
                self.visit.setDate(date)
            self.variant.setCurrentIndex(max(0, self.variant.findData(c.variant)))
            self.language.setCurrentIndex(max(0, self.language.findData(c.language)))
            if self.notes.toPlainText() != c.notes:
                self.notes.setPlainText(c.notes)
        finally:
            self._syncing = False
