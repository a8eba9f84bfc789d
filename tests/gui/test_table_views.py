"""The table view helpers: row selection and fitting a short table to its rows."""

from __future__ import annotations

from PySide6.QtGui import QStandardItem, QStandardItemModel

from gui.table_views import fit_table, make_table_view, select_row


def _model(rows: int) -> QStandardItemModel:
    model = QStandardItemModel()
    for row in range(rows):
        model.appendRow([QStandardItem(f"第{row + 1}行"), QStandardItem("内容")])
    return model


def test_select_and_clear(qtbot) -> None:
    model = _model(3)
    view = make_table_view(model)
    qtbot.addWidget(view)
    select_row(view, 2)
    assert view.currentIndex().row() == 2
    assert [i.row() for i in view.selectionModel().selectedRows()] == [2]
    select_row(view, -1)
    assert not view.currentIndex().isValid()
    assert view.selectionModel().selectedRows() == []


def test_fit_rows_limits_the_height(qtbot) -> None:
    short, long = make_table_view(_model(2)), make_table_view(_model(8))
    for view in (short, long):
        qtbot.addWidget(view)
        fit_table(view, rows=True)
    assert short.maximumHeight() < long.maximumHeight()
    assert short.minimumHeight() == long.minimumHeight()
    assert short.maximumHeight() - short.minimumHeight() == short.rowHeight(0)
