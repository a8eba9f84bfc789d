"""The statistics' pictures in the window, drawn with QtCharts.

Pending cases per judge and per group as stacked columns (未超期 / 超期 / 超审限) and the
last 12 weeks' 结案率, 超期 and 超审限 as lines. QtCharts was chosen over pyqtgraph by measurement
(README 统计): this module is imported only by the 统计 tab, which is built when first
shown, so the program's start does not pay for it. The colours are the program's own
(model/reports/chart_style.py); the charts print with the tab (``render_into``).
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QWidget

from model.reports.chart_style import (
    BORDER,
    OVERDUE_LINE,
    RATE_LINE,
    SPLIT_COLOURS,
    SPLIT_NAMES,
    STATUTORY_LINE,
    TREND_TITLE,
)
from model.reports.statistics import ScopeKind
from model.reports.statistics_report import StatisticsReport

TITLES = ("各承办法官未结案件", "各办案组未结案件", TREND_TITLE)


def _font(size: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSize(size)
    font.setBold(bold)
    return font


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setTitleFont(_font(11, True))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
    chart.legend().setFont(_font(9))
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def bar_chart(title: str, bars: list[tuple[str, tuple[int, int, int]]]) -> QChart:
    """Stacked columns: each name's pending cases in time, 超期 only, 超审限."""
    chart = _chart(title)
    series = QStackedBarSeries()
    for position, (name, colour) in enumerate(zip(SPLIT_NAMES, SPLIT_COLOURS, strict=True)):
        bar_set = QBarSet(name)
        bar_set.setColor(QColor(colour))
        bar_set.setBorderColor(QColor(BORDER))
        bar_set.append([float(split[position]) for _, split in bars])
        series.append(bar_set)
    chart.addSeries(series)
    names = QBarCategoryAxis()
    names.append([name for name, _ in bars])
    names.setLabelsFont(_font(9))
    chart.addAxis(names, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(names)
    counts = QValueAxis()
    counts.setLabelFormat("%d")
    counts.setTitleText("未结（件）")
    counts.setTitleFont(_font(9))
    counts.setLabelsFont(_font(9))
    highest = max((sum(split) for _, split in bars), default=0)
    counts.setRange(0, max(1, highest))
    counts.applyNiceNumbers()
    chart.addAxis(counts, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(counts)
    return chart


def trend_chart(report: StatisticsReport) -> QChart:
    """Lines over 12 weeks: 结案率 (left axis, %), 超期 and 超审限 (right axis, cases)."""
    chart = _chart(TITLES[2])
    weeks = QBarCategoryAxis()
    weeks.append([point.label for point in report.weeks])
    weeks.setLabelsFont(_font(8))
    weeks.setLabelsAngle(-90)  # upright: at -45° QtCharts elides them to "…" in a narrow chart
    chart.addAxis(weeks, Qt.AlignmentFlag.AlignBottom)
    rate, overdue, statutory = QLineSeries(), QLineSeries(), QLineSeries()
    rate.setName("结案率（%）")
    overdue.setName("超期（件）")
    statutory.setName("超审限（件）")
    rate.setPen(QPen(QColor(RATE_LINE), 2.5))
    overdue.setPen(QPen(QColor(OVERDUE_LINE), 2.5, Qt.PenStyle.DashLine))
    statutory.setPen(QPen(QColor(STATUTORY_LINE), 2.5, Qt.PenStyle.DotLine))
    for line in (rate, overdue, statutory):
        line.setPointsVisible(True)
    for index, point in enumerate(report.weeks):
        if point.closing_rate is not None:
            rate.append(index, point.closing_rate * 100)
        overdue.append(index, point.overdue)
        statutory.append(index, point.statutory_overdue)
    left, right = QValueAxis(), QValueAxis()
    left.setTitleText("结案率（%）")
    right.setTitleText("未结案件（件）")
    highest_rate = max((p.closing_rate or 0 for p in report.weeks), default=0) * 100
    left.setRange(0, max(1.0, highest_rate))
    highest = max((max(p.overdue, p.statutory_overdue) for p in report.weeks), default=0)
    right.setRange(0, max(1, highest))
    for axis, fmt in ((left, "%.1f"), (right, "%d")):
        axis.setLabelFormat(fmt)
        axis.setTitleFont(_font(9))
        axis.setLabelsFont(_font(9))
        axis.applyNiceNumbers()
    chart.addAxis(left, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(right, Qt.AlignmentFlag.AlignRight)
    for line, axis in ((rate, left), (overdue, right), (statutory, right)):
        chart.addSeries(line)
        line.attachAxis(weeks)
        line.attachAxis(axis)
    return chart


def make_charts(report: StatisticsReport) -> list[QChart]:
    """The three pictures of a report."""
    return [
        bar_chart(TITLES[0], report.bars(ScopeKind.JUDGE)),
        bar_chart(TITLES[1], report.bars(ScopeKind.GROUP)),
        trend_chart(report),
    ]


class StatisticsCharts(QWidget):
    """The three charts side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.views: list[QChartView] = []
        for title in TITLES:
            view = QChartView(_chart(title))
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumSize(300, 240)
            layout.addWidget(view)
            self.views.append(view)

    def set_report(self, report: StatisticsReport | None) -> None:
        """Draw a report's pictures (empty charts without one)."""
        charts = make_charts(report) if report else [_chart(title) for title in TITLES]
        for view, chart in zip(self.views, charts, strict=True):
            old = view.chart()
            view.setChart(chart)
            old.deleteLater()

    def charts(self) -> list[QChart]:
        """The charts shown."""
        return [view.chart() for view in self.views]


def render_into(chart: QChart, painter: QPainter, target: QRectF, width: int = 1000) -> None:
    """Draw a chart into a rectangle of a page, as vectors.

    The chart is laid out at ``width`` logical pixels (and the target's proportions) and
    scaled onto the page, so its texts keep the size they have on screen relative to it.
    """
    height = int(width * target.height() / target.width())
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.resize(width, height)
    chart.resize(width, height)
    view.scene().setSceneRect(0, 0, width, height)
    view.scene().render(painter, target, QRectF(0, 0, width, height))
