"""职责: the duties of one role, numbered as the seed's sections 三、四、五 list them."""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from model.entities import Role
from model.roster.overview import RosterOverview


class DutiesPanel(QGroupBox):
    """A role chooser and the role's duties, wrapped to the panel's width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("职责（《执行团队建设实施办法》三、四、五）", parent)
        self._overview: RosterOverview | None = None
        self.role_box = QComboBox()
        for role in Role:
            self.role_box.addItem(role.label, role)
        self.text_view = QTextBrowser()
        self.text_view.setOpenLinks(False)
        role_row = QHBoxLayout()
        role_row.addWidget(QLabel("角色："))
        role_row.addWidget(self.role_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(role_row)
        layout.addWidget(self.text_view)
        self.role_box.currentIndexChanged.connect(lambda _: self._show())

    def set_overview(self, overview: RosterOverview) -> None:
        """Take the duties from this roster."""
        self._overview = overview
        self._show()

    def role(self) -> Role:
        """The role whose duties are shown."""
        return Role(self.role_box.currentData())

    def set_role(self, role: Role) -> None:
        """Show the duties of this role."""
        self.role_box.setCurrentIndex(self.role_box.findData(role))

    def _show(self) -> None:
        if self._overview is None:
            return
        role = self.role()
        parts = []
        preamble = self._overview.duty_preambles.get(role)
        if preamble:
            parts.append(f"<p>{html.escape(preamble)}</p>")
        items = "".join(f"<li>{html.escape(text)}</li>" for text in self._overview.duties[role])
        parts.append(f"<ol>{items}</ol>")
        self.text_view.setHtml("".join(parts))
