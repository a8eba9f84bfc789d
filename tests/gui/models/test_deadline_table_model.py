"""The deadlines table model: paging from SQL, urgency colours, SQL sorting."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from sqlalchemy.orm import Session, sessionmaker

from gui.models import deadline_table_model as module
from gui.models.deadline_table_model import URGENCY_COLOURS, DeadlineTableModel
from model.cases.queries import CaseFilter
from model.entities import Track
from tests.factories import make_case

D = dt.date
TODAY = D(2026, 6, 1)


def _model(sessions: sessionmaker[Session]) -> DeadlineTableModel:
    model = DeadlineTableModel(sessions, lambda: TODAY)
    model.reload()
    return model


def test_model_passes_the_model_tester(qtmodeltester, sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        make_case(s, filing_date=D(2026, 4, 20))
        make_case(s, filing_date=D(2026, 5, 20), track=Track.ORDINARY)
    qtmodeltester.check(_model(sessions))


def test_rows_are_coloured_by_urgency(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        make_case(s, "（2026）吉0605执1号", D(2026, 4, 20))  # due 05-20: overdue
        make_case(s, "（2026）吉0605执2号", D(2026, 5, 5))  # due 06-05: 4 days
        make_case(s, "（2026）吉0605执3号", D(2026, 5, 20))  # due 06-22: 21 days
        make_case(s, "（2026）吉0605执4号", D(2026, 5, 30), Track.ORDINARY)  # 6 months
    model = _model(sessions)
    colours = [model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole) for r in range(4)]
    assert [c.color() if c else None for c in colours] == [
        URGENCY_COLOURS["overdue"],
        URGENCY_COLOURS["week"],
        URGENCY_COLOURS["month"],
        None,
    ]
    assert model.index(0, 10).data() == "-12"
    assert model.index(1, 10).data() == "4"
    assert model.index(0, 11).data() == "141"  # 法定剩余天数: six months from 04-20
    assert model.index(0, 12).data() == "在办"
    assert model.index(0, 3).data() == "简易"
    tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "超期：团队期限于 2026-05-20 届满，已超 12 日"
    assert model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole).startswith("7日内到期（按团队期限）")


def test_rows_come_page_by_page(monkeypatch, sessions: sessionmaker[Session]) -> None:
    monkeypatch.setattr(module, "PAGE", 3)
    with sessions.begin() as s:
        for day in range(1, 9):
            make_case(s, filing_date=D(2026, 5, day))
    model = _model(sessions)
    assert model.rowCount() == 3
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 6
    model.fetch_all()
    assert model.rowCount() == 8 and not model.canFetchMore()


def test_sorting_happens_in_sql(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        make_case(s, "（2026）吉0605执1号", D(2026, 5, 1), respondents="乙")
        make_case(s, "（2026）吉0605执2号", D(2026, 4, 1), respondents="甲")
    model = _model(sessions)
    assert model.index(0, 0).data() == "（2026）吉0605执2号"
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 0).data() == "（2026）吉0605执2号"
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert model.index(0, 0).data() == "（2026）吉0605执1号"
    model.set_filter(CaseFilter(text="乙"))
    assert model.rowCount() == 1
