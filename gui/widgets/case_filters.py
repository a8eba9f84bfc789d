"""The 期限 list's filters: team, group, judge, type, status, the chief's lists, the
limits, the due band and the search; what they describe is a ``CaseFilter``."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from model.cases.queries import (
    CHIEF_LIST_LABELS,
    PAST_LABELS,
    SOON_LABELS,
    CaseFilter,
    ChiefList,
    FilterChoices,
)
from model.entities import OPEN_STATUSES, CaseStatus, Track

STATUS_CHOICES: tuple[tuple[str, frozenset[CaseStatus] | None], ...] = (
    ("未结（在办+中止）", frozenset(OPEN_STATUSES)),
    ("在办", frozenset({CaseStatus.PENDING})),
    ("中止", frozenset({CaseStatus.SUSPENDED})),
    ("已结", frozenset({CaseStatus.CLOSED})),
    ("全部", None),
)
SCOPE_TIP = "员额法官只看本人承办的案件，司法警察只看本组的案件。"


class CaseFilters(QWidget):
    """Two rows of shrinkable controls, so the window still fits a small screen.

    ``buttons`` end the second row. ``changed`` says a choice changed, ``typed`` that
    the search text did (the tab waits for a pause in typing).
    """

    changed = Signal()
    typed = Signal()

    def __init__(self, buttons: tuple[QWidget, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scope: tuple[int | None, int | None] | None = None
        self.team_box = QComboBox()
        self.group_box = QComboBox()
        self.judge_box = QComboBox()
        self.track_box = QComboBox()
        self.track_box.addItem("全部类型", None)
        for track in Track:
            self.track_box.addItem(track.label, track)
        self.status_box = QComboBox()
        for label, statuses in STATUS_CHOICES:
            self.status_box.addItem(label, statuses)
        self.due_box = QComboBox()
        self.due_box.setToolTip("按两个到期日中较早的一个筛选在办案件（即上方的计数）")
        self.due_box.addItem("全部期限", None)
        for key, label in SOON_LABELS.items():
            self.due_box.addItem(label, key)
        self.list_box = QComboBox()
        self.list_box.addItem("全部案件", None)
        for chief_list in ChiefList:
            self.list_box.addItem(CHIEF_LIST_LABELS[chief_list], chief_list)
        self.past_box = QComboBox()
        self.past_box.setToolTip("只看已超团队期限（超期）或已超法定期限（超审限）的在办案件")
        self.past_box.addItem("不限期限", None)
        for key, label in PAST_LABELS.items():
            self.past_box.addItem(label, key)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("搜索案号或当事人")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.typed)
        for box in self.boxes():
            box.currentIndexChanged.connect(self.changed)

        filters = QHBoxLayout()
        for label, widget in (
            ("团队", self.team_box), ("办案组", self.group_box), ("法官", self.judge_box),
            ("类型", self.track_box), ("状态", self.status_box),
        ):  # fmt: skip
            widget.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            widget.setMinimumContentsLength(4)
            filters.addWidget(QLabel(label))
            filters.addWidget(widget, 1)
        lists = QHBoxLayout()
        lists.addWidget(QLabel("清单"))
        lists.addWidget(self.list_box)
        lists.addWidget(self.past_box)
        lists.addWidget(self.due_box)
        lists.addWidget(self.search_edit, 1)
        for button in buttons:
            lists.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addLayout(lists)

    def boxes(self) -> tuple[QComboBox, ...]:
        """Every drop-down, in the order they are laid out."""
        return (self.team_box, self.group_box, self.judge_box, self.track_box,
                self.status_box, self.list_box, self.past_box, self.due_box)  # fmt: skip

    def set_choices(self, choices: FilterChoices) -> None:
        """Teams, groups and judges from the roster, keeping the current choices."""
        for box, everything, items in (
            (self.team_box, "全部团队", choices.teams),
            (self.group_box, "全部办案组", choices.groups),
            (self.judge_box, "全部法官", choices.judges),
        ):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(everything, None)
            for item_id, name in items:
                box.addItem(name, item_id)
            index = box.findData(current)
            box.setCurrentIndex(max(index, 0))
            box.blockSignals(False)

    def set_scope(self, scope: tuple[int | None, int | None] | None) -> None:
        """A judge's own cases, a police officer's group's (judge id, group id); None: all."""
        self._scope = scope
        for box in (self.judge_box, self.group_box):
            box.setEnabled(scope is None)
            box.setToolTip("" if scope is None else SCOPE_TIP)

    def case_filter(self, as_of: dt.date) -> CaseFilter:
        """The filter the controls describe."""
        # Qt hands str-based enums back as plain strings: rebuild them.
        track = self.track_box.currentData()
        chief_list = self.list_box.currentData()
        judge_id, group_id = self.judge_box.currentData(), self.group_box.currentData()
        if self._scope is not None:
            judge_id, group_id = self._scope
        return CaseFilter(
            team_id=self.team_box.currentData(),
            group_id=group_id,
            judge_id=judge_id,
            track=Track(track) if track else None,
            statuses=self.status_box.currentData(),
            text=self.search_edit.text(),
            chief_list=ChiefList(chief_list) if chief_list else None,
            as_of=as_of,
            past=self.past_box.currentData(),
            soon=self.due_box.currentData(),
        )

    def show_everything(self) -> None:
        """Every case, of every status, no search; quietly (the caller applies it)."""
        for box in self.boxes():
            box.blockSignals(True)
            box.setCurrentIndex(len(STATUS_CHOICES) - 1 if box is self.status_box else 0)
            box.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
