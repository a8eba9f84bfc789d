"""Read-only table views as the roster and other lists use them: rows selected, sized to fit."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QPushButton, QTableView


def make_table_view(model: QAbstractItemModel, stretch_last: bool = True) -> QTableView:
    """A read-only view that selects one whole row at a time."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    view.setWordWrap(False)
    return view


def fit_table(view: QTableView, rows: bool = False, minimum_rows: int = 0) -> None:
    """Columns as wide as their texts; with rows, no taller than the rows."""
    view.resizeColumnsToContents()
    if rows:
        count = view.model().rowCount()
        row_height = view.rowHeight(0) if count else view.verticalHeader().defaultSectionSize()
        height = view.horizontalHeader().height() + 2 * view.frameWidth() + 2
        # At most as tall as the rows; at least one row, so a small window still fits.
        view.setMaximumHeight(height + row_height * max(count, minimum_rows))
        view.setMinimumHeight(height + row_height)


def select_row(view: QTableView, row: int) -> None:
    """Select a row, or clear the selection and the current row when row is -1."""
    if row >= 0:
        view.selectRow(row)
    else:
        view.selectionModel().clear()
        view.selectionModel().setCurrentIndex(
            view.model().index(-1, -1), QItemSelectionModel.SelectionFlag.NoUpdate
        )


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    """Buttons side by side, pushed to the left."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row
