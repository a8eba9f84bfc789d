"""What the statistics say, whatever carries them: the sheet, the window, the print.

One line per scope and figure: the period's value, the period before (环比) and the same
period a year before (同比), each comparison with its change written with an arrow, so
that up and down read at a glance and not only from a sign.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from model.reports.periods import Period, chinese_day
from model.reports.statistics import INDICATORS, Indicator, Statistics

STATISTICS_SHEET = "质效指标"
CHART_DATA_SHEET = "图表数据"
HEADERS = ("统计对象", "指标", "本期", "上期（环比）", "环比变化", "去年同期（同比）", "同比变化")
UP, DOWN, SAME = "▲", "▼", "＝"

Value = int | float | Decimal | None


class Direction:
    """Which way a figure moved, and whether that is good for the bureau."""

    UP = "up"
    DOWN = "down"
    SAME = "same"
    NONE = "none"  # one side has no value


@dataclass(frozen=True)
class Change:
    """A figure's change against a comparison period."""

    text: str  # ▲ 3, ▼ 2.5个百分点, ＝, —
    direction: str  # Direction
    good: bool | None  # None: neither (a volume) or no change


@dataclass(frozen=True)
class TableLine:
    """One line of the figures table."""

    scope: str
    first_of_scope: bool  # the scope's name is written on its first line only
    indicator: Indicator
    current: Value
    previous: Value
    previous_change: Change
    year_before: Value
    year_before_change: Change


def show(indicator: Indicator, value: Value) -> str:
    """A value as the window and the print write it."""
    if value is None:
        return "—"
    if indicator.kind == "rate":
        return f"{float(value):.1%}"
    if indicator.kind == "days":
        return f"{float(value):.1f}"
    if indicator.kind == "money":
        return f"{Decimal(value):,.2f}"
    return str(value)


def change(indicator: Indicator, now: Value, before: Value) -> Change:
    """The change from ``before`` to ``now``: rates in percentage points, money to the fen."""
    if now is None or before is None:
        return Change("—", Direction.NONE, None)
    delta: float | Decimal | int
    if indicator.kind == "rate":
        delta = round((float(now) - float(before)) * 100, 1)
        amount = f"{abs(delta):.1f}个百分点"
    elif indicator.kind == "days":
        delta = round(float(now) - float(before), 1)
        amount = f"{abs(delta):.1f}天"
    elif indicator.kind == "money":
        delta = Decimal(now) - Decimal(before)
        amount = f"{abs(delta):,.2f}"
    else:
        delta = int(now) - int(before)
        amount = str(abs(delta))
    if delta == 0:
        return Change(SAME, Direction.SAME, None)
    up = delta > 0
    good = None if indicator.higher_is_better is None else up == indicator.higher_is_better
    return Change(f"{UP if up else DOWN} {amount}", Direction.UP if up else Direction.DOWN, good)


def table_lines(stats: Statistics) -> list[TableLine]:
    """Every scope's figures in SPEC §9's order."""
    lines = []
    for row in stats.rows:
        for position, indicator in enumerate(INDICATORS):
            now = row.current.value(indicator.key)
            before = row.previous.value(indicator.key)
            last_year = row.year_before.value(indicator.key)
            lines.append(
                TableLine(
                    row.label,
                    position == 0,
                    indicator,
                    now,
                    before,
                    change(indicator, now, before),
                    last_year,
                    change(indicator, now, last_year),
                )
            )
    return lines


def title(stats: Statistics) -> str:
    """江源林区基层法院执行局质效指标统计表."""
    return f"{stats.court_name}执行局质效指标统计表"


def _span(period: Period, as_of: object) -> str:
    cut = "" if as_of == period.end else f"，截至{chinese_day(as_of)}"  # type: ignore[arg-type]
    return f"{period.label}{cut}"


def subtitle(stats: Statistics) -> str:
    """The period and the two it is compared with, each with the day it stands at."""
    return (
        f"统计期间：{_span(stats.period, stats.as_of)}；"
        f"环比：{_span(stats.previous, stats.previous_as_of)}；"
        f"同比：{_span(stats.year_before, stats.year_before_as_of)}"
    )


NOTES = (
    "说明：各项指标均按期间最后一日（期间未结束的按今天）的情况计算；期间未结束时，环比、同比"
    "期间取相同天数。收案＝旧存＋新收；结案率＝结案÷收案（与周工作量统计表同一口径）；"
    "法定期限内结案率、期限内结案率、终本率、执行完毕率均以本期结案数为分母；超期未结、超审限未结为统计日"
    "未结且已过团队期限、法定期限的案件（不计入期限的期间进行中的不算）；平均结案用时为"
    "立案次日至结案日的天数，扣除不计入期限的期间；延长审限件数为本期批准延长的案件数；"
    "申请执行标的额为本期结案案件的标的额；执行到位金额为本期内到位的款项；执行到位率＝本期结案"
    "案件截至统计日的到位款÷其标的额（只计有标的额的案件）。▲上升，▼下降，＝持平。"
)
