"""What the weekly report says, whatever carries it: the sheet, the window, the print.

Titles, column headers and the cells of each line, kept apart from the spreadsheet
writer so that the window shows the report without loading a spreadsheet library.
"""

from __future__ import annotations

from model.reports.weekly import WeeklyReport, WeeklyRow, chinese_date

FIGURES_SHEET = "周工作量统计表"
URGENT_SHEET = "超期及临期案件"
CHART_DATA_SHEET = "图表数据"  # the chart's numbers (the same name as the statistics')
FIGURE_HEADERS = (
    "团队",
    "统计对象",
    "旧存",
    "新收",
    "已结",
    "未结",
    "超期",
    "超审限",
    "7日内到期",
    "结案率",
    "期限内结案率",
    "法定期限内结案率",
)
RATE_COLUMN = 9  # the columns from here on are rates (fractions)
URGENT_HEADERS = (
    "序号",
    "案号",
    "申请执行人",
    "被执行人",
    "承办团队",
    "办案组",
    "承办法官",
    "到期日",
    "法定到期日",
    "剩余天数",
    "法定剩余天数",
    "期限情况",
)


def figure_values(row: WeeklyRow) -> list[object]:
    """The cells of one line of sheet 1 (rates as fractions, None where undefined)."""
    f = row.figures
    return [
        row.team,
        row.label,
        f.carried,
        f.new,
        f.closed,
        f.pending,
        f.overdue,
        f.statutory_overdue,
        f.due_soon,
        f.closing_rate,
        f.in_time_rate,
        f.statutory_rate,
    ]


def report_title(report: WeeklyReport) -> str:
    """江源林区基层法院执行局周工作量统计表."""
    return f"{report.court_name}执行局{FIGURES_SHEET}"


def report_subtitle(report: WeeklyReport) -> str:
    """统计周期 and the day the figures stand at."""
    text = f"统计周期：{report.week}"
    if report.as_of < report.sunday:
        text += f"（本周未结束，统计截至{chinese_date(report.as_of)}）"
    return text


def urgent_values(index: int, report: WeeklyReport) -> list[object]:
    """The cells of one line of sheet 2."""
    u = report.urgent[index]
    return [
        index + 1,
        u.number,
        u.applicants,
        u.respondents,
        u.team,
        u.group,
        u.judge,
        u.due_date,
        u.statutory_due_date,
        u.days_left,
        u.statutory_days_left,
        u.limits,
    ]


def holiday_note(report: WeeklyReport) -> str:
    """The line under the table when a shown date falls in a year without holiday data."""
    if not report.missing_years:
        return ""
    years = "、".join(str(year) for year in report.missing_years)
    return f"注意：{years}年的节假日安排尚未录入，该年的到期日仅按周末顺延，可能与实际不符。"
