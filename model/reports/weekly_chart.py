"""The weekly sheet's picture: each judge's pending cases as one stacked bar (issue 16).

The bar splits a judge's 未结 (their 按承办法官合计 line) into 未超期, 超期 (past the
track limit only) and 超审限 (past the statutory limit), the split of the 统计 tab's
bars. The count past either limit comes from the sheet's own urgent list, which holds
every pending case past a limit on the as-of day, so the bar and the table agree.
"""

from __future__ import annotations

from collections import Counter

from model.reports.weekly import RowKind, WeeklyReport

SHEET_LAYOUT = 2
"""The weekly sheet's layout: 1 without the chart (sheets issued before it), 2 with it.
An issued sheet keeps the layout it was written in, so a reprint stays byte for byte."""
JUDGE_PREFIX = "承办法官 "
NO_JUDGE = "尚未指定法官"  # its line's label; the urgent list names no judge ("")
CHART_HEADING = "各承办法官未结案件"


def judge_bars(report: WeeklyReport) -> list[tuple[str, tuple[int, int, int]]]:
    """(judge, (未超期, 超期, 超审限)) for each judge with pending cases, in the sheet's order."""
    past_either = Counter(
        case.judge for case in report.urgent if case.overdue or case.statutory_overdue
    )
    bars = []
    for row in report.rows:
        if row.kind != RowKind.JUDGE_ALL or row.figures.pending == 0:
            continue
        name = row.label.removeprefix(JUDGE_PREFIX)
        figures = row.figures
        listed = past_either.get("" if name == NO_JUDGE else name, 0)
        past = max(listed, figures.overdue, figures.statutory_overdue)
        bars.append(
            (
                name,
                (
                    figures.pending - past,
                    past - figures.statutory_overdue,
                    figures.statutory_overdue,
                ),
            )
        )
    return bars
