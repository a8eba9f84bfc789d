"""当前操作人: the person doing the work, chosen once from the roster and remembered."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QComboBox, QWidget
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.entities import Person

SETTING = "operator/person_id"


class OperatorBox(QComboBox):
    """A combo box of the active people; the choice is kept in QSettings."""

    operator_changed = Signal(int)

    def __init__(
        self, sessions: sessionmaker[Session], settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._settings = settings
        self.setMinimumContentsLength(8)
        self.setToolTip("当前操作人：记录在每一项决定和操作上")
        self.refresh()
        self.currentIndexChanged.connect(self._remember)

    def refresh(self) -> None:
        """Reload the active people, keeping the current choice when it is still there."""
        wanted = self.current_id() or int(self._settings.value(SETTING, 0) or 0)
        self.blockSignals(True)
        self.clear()
        with self._sessions() as session:
            people = session.scalars(
                select(Person).where(Person.active).order_by(Person.role, Person.id)
            ).all()
            for person in people:
                self.addItem(f"{person.name}（{person.role.label}）", person.id)
        index = self.findData(wanted)
        self.setCurrentIndex(index if index >= 0 else 0)
        self.blockSignals(False)

    def current_id(self) -> int | None:
        """The chosen person's id, or None when the roster is empty."""
        value = self.currentData()
        return int(value) if value is not None else None

    def _remember(self) -> None:
        person_id = self.current_id()
        if person_id is not None:
            self._settings.setValue(SETTING, person_id)
            self.operator_changed.emit(person_id)
