"""The deadlines list: cases fetched page by page from SQL, coloured by urgency.

A row's urgency is worked out when its page is read and its texts when it is first
painted, then kept: painting a screen asks for a dozen roles of every cell, and
answering from what is kept keeps typing in the search box quick. Rows are shown as of
the day the list was read.

Not a ``RowTableModel``: that one shows a whole list handed to it, and the deadlines
list must not be a Python copy of every case (a million at a court's scale). This model
reads its rows from SQL a page at a time as the view scrolls (``canFetchMore`` /
``fetchMore``), sorts in SQL, and keeps each row's texts once painted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from sqlalchemy.orm import Session, sessionmaker

from gui.models.urgency_colours import URGENCY_COLOURS
from model.cases.queries import CaseFilter, CaseRow, fetch_case_rows
from model.entities import CaseStatus

PAGE = 100  # four screens of rows; the view asks for the next page as it scrolls

COLUMNS: tuple[tuple[str, str], ...] = (
    ("number", "案号"),
    ("applicants", "申请执行人"),
    ("respondents", "被执行人"),
    ("track", "分流类型"),
    ("team", "承办团队"),
    ("group", "办案组"),
    ("judge", "承办法官"),
    ("filing_date", "立案日期"),
    ("due_date", "到期日"),
    ("statutory_due_date", "法定到期日"),
    ("days_left", "剩余天数"),
    ("statutory_days_left", "法定剩余天数"),
    ("status", "状态"),
)

URGENCY_LABELS = {"overdue": "超期", "week": "7日内到期", "month": "30日内到期"}

Index = QModelIndex | QPersistentModelIndex


def urgency(row: CaseRow, today: dt.date) -> str | None:
    """overdue / week / month / None, by the earlier of the two due dates of a pending case."""
    nearer = nearer_limit(row)
    if nearer is None:
        return None
    left = (nearer[1] - today).days
    if left < 0:
        return "overdue"
    if left <= 7:
        return "week"
    if left <= 30:
        return "month"
    return None


def nearer_limit(row: CaseRow) -> tuple[str, dt.date] | None:
    """The limit a pending case is due for first: (团队期限 / 法定期限, its date).

    On a tie the statutory limit is named: it is the one the law sets.
    """
    if row.status is not CaseStatus.PENDING:
        return None
    limits = [
        (day, name)
        for name, day in (("法定期限", row.statutory_due_date), ("团队期限", row.due_date))
        if day is not None
    ]
    if not limits:
        return None
    day, name = min(limits, key=lambda item: item[0])
    return name, day


def urgency_tip(row: CaseRow, level: str, today: dt.date) -> str:
    """The tooltip of a coloured row: which limit the colour follows, and its date."""
    nearer = nearer_limit(row)
    assert nearer is not None
    name, day = nearer
    left = (day - today).days
    if left < 0:
        past = "超审限" if name == "法定期限" else "超期"
        both = (
            row.due_date is not None
            and row.statutory_due_date is not None
            and max(row.due_date, row.statutory_due_date) < today
        )
        return f"{'超期、超审限' if both else past}：{name}于 {day:%Y-%m-%d} 届满，已超 {-left} 日"
    return f"{URGENCY_LABELS[level]}（按{name}）：{name} {day:%Y-%m-%d} 届满，剩 {left} 日"


def _date(day: dt.date | None) -> str:
    return "" if day is None else day.isoformat()


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.UserRole,
    }
)


class DeadlineTableModel(QAbstractTableModel):
    """Cases matching a filter, sorted in SQL, fetched ``PAGE`` rows at a time."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        today: Callable[[], dt.date] = dt.date.today,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._sessions = sessions
        self._today = today
        self._as_of = today()
        self._filter = CaseFilter()
        self._sort = "urgency"
        self._descending = False
        self._rows: list[CaseRow] = []
        self._cells: list[tuple[str, ...] | None] = []  # worked out when first shown
        self._levels: list[str | None] = []
        self._more = False
        self._loaded = False  # read once; until then a sort only sets the order

    # --- loading ---------------------------------------------------------------

    @property
    def case_filter(self) -> CaseFilter:
        """The filter the list shows."""
        return self._filter

    def set_filter(self, case_filter: CaseFilter) -> None:
        """Show the cases of another filter, from the top."""
        self._filter = case_filter
        self.reload()

    def reload(self) -> None:
        """Read the first page again (after data changed)."""
        self._loaded = True
        self.beginResetModel()
        self._as_of = self._today()
        self._rows, self._cells, self._levels = [], [], []
        self._append(self._read(0))
        self.endResetModel()

    def _read(self, offset: int) -> list[CaseRow]:
        """One page, and one row more to know whether another page follows."""
        with self._sessions() as s:
            page = fetch_case_rows(s, self._filter, offset, PAGE + 1, self._sort, self._descending)
        self._more = len(page) > PAGE
        return page[:PAGE]

    def _append(self, page: list[CaseRow]) -> None:
        today = self._as_of
        self._rows.extend(page)
        self._cells.extend([None] * len(page))
        self._levels.extend(urgency(row, today) for row in page)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        """More rows wait in the database."""
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        """Read the next page."""
        if parent.isValid() or not self._more:
            return
        page = self._read(len(self._rows))
        if not page:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._append(page)
        self.endInsertRows()

    def fetch_all(self) -> None:
        """Load every page (to bring a case far down into view)."""
        while self.canFetchMore():
            self.fetchMore()

    # --- access ----------------------------------------------------------------

    def case_id(self, row: int) -> int:
        """The case shown on a row."""
        return self._rows[row].id

    def row_of(self, case_id: int) -> int | None:
        """The loaded row showing a case, if any."""
        for row, item in enumerate(self._rows):
            if item.id == case_id:
                return row
        return None

    # --- Qt model ----------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Loaded rows."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """The fixed columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, urgency colours and alignment."""
        if role not in _ROLES:  # the view asks for a dozen roles per cell: answer fast
            return None
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            cells = self._cells[row]
            if cells is None:
                cells = self._cells[row] = _cells(self._rows[row], self._as_of)
            return cells[index.column()]
        level = self._levels[row]
        if role == Qt.ItemDataRole.BackgroundRole:
            return _BRUSHES[level] if level else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return _INK if level else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return urgency_tip(self._rows[row], level, self._as_of) if level else None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in _NUMBERS:
            return _RIGHT
        if role == Qt.ItemDataRole.UserRole:
            return self._rows[row].id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL; 剩余天数 sorts like 到期日."""
        if not 0 <= column < len(COLUMNS):
            self._sort, self._descending = "urgency", False
        else:
            key = COLUMNS[column][0]
            self._sort = {
                "days_left": "due_date",
                "statutory_days_left": "statutory_due_date",
            }.get(key, key)
            self._descending = order == Qt.SortOrder.DescendingOrder
        # The view sorts as soon as sorting is enabled on it, before the tab has set its
        # filter: that first read would be thrown away (two wasted reads at every start).
        if self._loaded:
            self.reload()


_BRUSHES = {level: QBrush(colour) for level, colour in URGENCY_COLOURS.items()}
_INK = QBrush(QColor("#1a1a1a"))
_KEYS = [key for key, _ in COLUMNS]
_NUMBERS = (_KEYS.index("days_left"), _KEYS.index("statutory_days_left"))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _cells(row: CaseRow, today: dt.date) -> tuple[str, ...]:
    """The texts of one row, column by column."""
    return tuple(_text(row, key, today) for key, _ in COLUMNS)


def _text(row: CaseRow, key: str, today: dt.date) -> str:
    """The text of one cell."""
    if key == "track":
        return row.track.label
    if key == "status":
        return row.status.label
    if key == "days_left":
        if row.status is CaseStatus.SUSPENDED:
            left = row.days_left_at_suspension
            return f"中止（剩 {left} 日）" if left is not None else "中止"
        if row.status is CaseStatus.CLOSED or row.due_date is None:
            return ""
        return str((row.due_date - today).days)
    if key == "statutory_days_left":
        if row.status is not CaseStatus.PENDING or row.statutory_due_date is None:
            return ""
        return str((row.statutory_due_date - today).days)
    value = getattr(row, key)
    if isinstance(value, dt.date):
        return _date(value)
    return str(value)
