"""分流设置: the X1 thresholds and the criteria texts, edited as data."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from gui.models.criteria_model import TEXT, CriteriaTableModel
from gui.widgets.messages import error_label, save_cancel
from model.entities import Track
from model.errors import UserError
from model.triage.criteria import add_criterion, list_criteria, save_triage_settings, thresholds


class TriageSettingsDialog(QDialog):
    """Edit the thresholds and the criteria; recorded triage keeps its own texts."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        parent: QWidget | None = None,
        actor_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._actor_id = actor_id
        self.changed_anything = False
        self.setWindowTitle("分流设置")
        self.resize(900, 620)
        large, many = thresholds(sessions)
        self.large_edit = QLineEdit(format(large.normalize(), "f"))
        self.many_edit = QLineEdit(str(many))
        form = QFormLayout()
        form.addRow("标的额较大的标准（元，达到即预选 X1）：", self.large_edit)
        form.addRow("申请执行人数较多的标准（人，达到即预选 X1）：", self.many_edit)

        self.model = CriteriaTableModel(self._criteria(), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        # Rows follow their wrapped text as the 内容 column takes its width.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.track_combo = QComboBox()
        for track in Track:
            self.track_combo.addItem(track.label, track.value)
        self.new_text = QLineEdit()
        self.new_text.setPlaceholderText("新分流标准的内容")
        add_button = QPushButton("新增标准")
        add_button.clicked.connect(self.add)
        adder = QHBoxLayout()
        adder.addWidget(self.track_combo)
        adder.addWidget(self.new_text, 1)
        adder.addWidget(add_button)

        note = QLabel(
            "修改只影响今后的分流；已登记案件保留当时的标准原文。停用的标准不再出现在勾选表中。"
        )
        note.setProperty("role", "hint")
        note.setWordWrap(True)
        self.error_label = error_label()
        self.error_label.show()  # an empty line: the table above keeps its height
        buttons = save_cancel(self._save_and_close, self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(adder)
        layout.addWidget(note)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    @classmethod
    def ask(
        cls,
        sessions: sessionmaker[Session],
        parent: QWidget | None = None,
        actor_id: int | None = None,
    ) -> bool:
        """Show the dialog; True when anything was saved. Tests replace this seam."""
        dialog = cls(sessions, parent, actor_id)
        dialog.exec()
        return dialog.changed_anything

    def _criteria(self) -> list:
        with self._sessions() as session:
            return list_criteria(session, include_inactive=True)

    def add(self) -> bool:
        """Add the typed criterion to the chosen track at once."""
        try:
            add_criterion(
                self._sessions,
                Track(self.track_combo.currentData()),
                self.new_text.text(),
                actor_id=self._actor_id,
            )
        except UserError as error:
            self.error_label.setText(error.message)
            return False
        self.changed_anything = True
        self.new_text.clear()
        self.error_label.clear()
        self.model.set_criteria(self._criteria())
        return True

    def apply(self) -> bool:
        """Save thresholds and edits in one transaction; False (and a message) when refused."""
        texts, active = self.model.changes()
        try:
            save_triage_settings(
                self._sessions,
                self.large_edit.text(),
                self.many_edit.text(),
                texts,
                active,
                actor_id=self._actor_id,
            )
        except UserError as error:
            self.error_label.setText(error.message)
            return False
        self.changed_anything = True
        self.error_label.clear()
        return True

    def _save_and_close(self) -> None:
        if self.apply():
            self.accept()
