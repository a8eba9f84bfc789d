"""The shared small-table base: rows, headers, cells, lookup by id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from gui.models.row_table_model import RowTableModel


@dataclass
class Item:
    id: int
    name: str


class Names(RowTableModel):
    headers = ("编号", "名称")

    def cell(self, item: Item, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (str(item.id), item.name)[column]


def test_rows_headers_cells_and_lookup(qtmodeltester) -> None:
    model = Names()
    model.set_rows([Item(7, "第一办案组"), Item(9, "第二办案组")])
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == 2
    assert model.headerData(1, Qt.Orientation.Horizontal) == "名称"
    assert model.data(model.index(1, 1)) == "第二办案组"
    assert model.row_of(9) == 1 and model.row_of(8) == -1
    assert model.row_at(0).name == "第一办案组"
    model.set_rows([])
    assert model.rowCount() == 0
