"""The count chips above the deadlines list: 超期 / 7日内到期 / 8至30日内到期, each a button
that narrows the list to its cases (Alt+1, Alt+2, … in order), pressed again to show all."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


class UrgencyChips(QWidget):
    """Today's date and one checkable chip per urgency band; says which was chosen."""

    chosen = Signal(object)  # the chip's key, or None: show every case again

    def __init__(self, bands: list[tuple[str, str, QColor]], parent: QWidget | None = None) -> None:
        """``bands``: (key, label, colour) in order; the n-th chip answers Alt+n."""
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.today_label = QLabel()
        layout.addWidget(self.today_label)
        self._labels: dict[str, str] = {}
        self.chips: dict[str, QPushButton] = {}
        for number, (key, label, colour) in enumerate(bands, start=1):
            chip = QPushButton()
            chip.setCheckable(True)
            chip.setStyleSheet(
                f"QPushButton {{ background: {colour.name()}; color: #1a1a1a; border: 1px solid "
                f"{colour.darker(130).name()}; border-radius: 3px; padding: 2px 8px; }}"
                "QPushButton:checked { border: 2px solid #1a1a1a; font-weight: bold; }"
            )
            chip.setToolTip(f"只看{label}的在办案件（Alt+{number}）；再按一次显示全部")
            chip.clicked.connect(lambda _on=False, k=key: self._clicked(k))
            layout.addWidget(chip)
            self.chips[key] = chip
            self._labels[key] = f"{label}|{number}"
        layout.addStretch(1)
        self.set_counts(None, {})

    def set_counts(self, today: dt.date | None, counts: dict[str, int]) -> None:
        """Show the day and each band's count ("…" while they are read)."""
        self.today_label.setText(f"今天 {today:%Y-%m-%d}" if today else "")
        for key, chip in self.chips.items():
            label, number = self._labels[key].split("|")
            count = counts.get(key)
            shown = "…" if count is None else str(count)
            chip.setText(f"{label} {shown} 件(&{number})")

    def set_current(self, key: str | None) -> None:
        """Mark the chip whose band the list shows (None: no chip)."""
        for chip_key, chip in self.chips.items():
            chip.setChecked(chip_key == key)

    def _clicked(self, key: str) -> None:
        chip = self.chips[key]
        self.chosen.emit(key if chip.isChecked() else None)
