"""The weekly, urgent and bad-row table models: checked by qtmodeltester, showing the figures."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy.orm import Session, sessionmaker

from gui.models.ledger_problem_model import LedgerProblemModel
from gui.models.urgent_table_model import UrgentTableModel
from gui.models.weekly_table_model import WeeklyTableModel
from model.ledger.rows import RowProblem
from model.reports.weekly import weekly_figures
from tests.model.reports.test_weekly import build_week
from tests.report_cases import D


def test_weekly_and_urgent_models(qtmodeltester, sessions: sessionmaker[Session]) -> None:
    build_week(sessions)
    with sessions() as s:
        report = weekly_figures(s, D(2026, 11, 23), D(2026, 12, 1))
    weekly = WeeklyTableModel()
    weekly.set_lines(report.rows)
    qtmodeltester.check(weekly)
    last = weekly.rowCount() - 1
    texts = [weekly.index(last, c).data() for c in range(weekly.columnCount())]
    # 超审限 0 and 法定期限内 100%: these hand-built cases have no statutory dates
    assert texts == ["", "合计", "10", "5", "7", "8", "2", "0", "3", "46.7%", "71.4%", "100.0%"]
    assert weekly.index(last, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert weekly.index(1, 0).data(Qt.ItemDataRole.FontRole) is None
    assert weekly.headerData(7, Qt.Orientation.Horizontal) == "超审限"
    assert weekly.headerData(8, Qt.Orientation.Horizontal) == "7日内到期"

    urgent = UrgentTableModel()
    urgent.set_cases(report.urgent)
    qtmodeltester.check(urgent)
    assert urgent.index(0, 0).data() == "（2026）吉0605执12号"
    assert urgent.index(0, 8).data() == "超期28天"
    assert urgent.index(4, 8).data() == "临期（团队期限）"
    assert urgent.index(2, 8).data() == "今日到期（团队期限）"
    assert urgent.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_problem_model(qtmodeltester) -> None:
    model = LedgerProblemModel()
    model.set_problems([RowProblem(5, "（2026）吉0605执1号", ["结案日期早于立案日期。", "x"])])
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(3)] == [
        "第 5 行",
        "（2026）吉0605执1号",
        "结案日期早于立案日期。；x",
    ]
