"""The date rules of events (SPEC §3 "Dates of events"), pure: no session, no writes.

The window's services and the ledger import's 期限事项 sheet both check an event with
these functions, so an event the window refuses is refused in a ledger too, in the
same words. Each check raises ``UserError`` naming the field and what conflicts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from model.calendar.deadlines import EXTENSION_NOTICE_DAYS
from model.entities import Track
from model.errors import UserError
from model.roster.names import normalise_name

APPROVER_TITLES = ("院长", "副院长")
"""Who may approve an extension: the court president or a vice-president, not the chief."""


def fmt(day: dt.date | None) -> str:
    """A date as the history and the dialogs write it."""
    return "—" if day is None else f"{day:%Y-%m-%d}"


def required_text(value: str, label: str, field: str) -> str:
    """A free text the user must fill (a reason), stripped."""
    text = value.strip()
    if not text:
        raise UserError(f"请填写{label}。", field=field)
    return text


def event_day(
    filing_date: dt.date, day: dt.date | None, today: dt.date, label: str, field: str
) -> dt.date:
    """A date of an event: required, not before filing, not after today."""
    if day is None:
        raise UserError(f"请填写{label}。", field=field)
    if day < filing_date:
        raise UserError(f"{label}不能早于立案日期（{fmt(filing_date)}）。", field=field)
    if day > today:
        raise UserError(f"{label}不能晚于今天（{fmt(today)}）。", field=field)
    return day


def not_after_closing(closed_on: dt.date | None, start: dt.date, what: str, field: str) -> None:
    """Nothing may start after the case's closing date (SPEC §3)."""
    if closed_on is not None and start > closed_on:
        raise UserError(f"该案已于 {fmt(closed_on)} 结案，不能登记此后开始的{what}。", field=field)


def check_period(
    filing_date: dt.date,
    today: dt.date,
    kind: str,
    suspends: bool | None,
    start: dt.date | None,
    end: dt.date | None,
    reason: str,
    *,
    closed_on: dt.date | None,
    has_open: bool,
) -> str:
    """不计入期限的期间: the checked reason; ``suspends`` None for a kind not on the list.

    The period starts no later than the day it is recorded (a planned 拍卖 is recorded
    when it begins); its end may lie ahead. Only a suspending kind may be left open,
    and only one period may be open at a time.
    """
    if suspends is None:
        raise UserError("请选择期间种类。", field="kind")
    if start is None:
        raise UserError("请填写起始日期。", field="start")
    if start < filing_date:
        raise UserError(f"起始日期不能早于立案日期（{fmt(filing_date)}）。", field="start")
    not_after_closing(closed_on, start, f"{kind}期间", "start")
    if start > today:
        raise UserError(
            f"起始日期（{fmt(start)}）晚于今天（{fmt(today)}）：期间开始后才能登记"
            "（如拍卖，在开始当日登记）；结束日期可以在今后。",
            field="start",
        )
    if end is not None and end < start:
        raise UserError("结束日期不能早于起始日期。", field="end")
    if end is None and not suspends:
        raise UserError(f"“{kind}”须填写结束日期；只有中止执行可以暂不填写。", field="end")
    if end is None and has_open:
        raise UserError("本案已有未结束的中止期间，请先登记中止结束。", field="end")
    return required_text(reason, "事由", "reason")


@dataclass(frozen=True)
class CheckedExtension:
    """An extension's checked fields."""

    months: int
    approver_name: str
    approver_title: str
    approved_on: dt.date
    reason: str


def check_extension(
    filing_date: dt.date,
    today: dt.date,
    months: int,
    approver_name: str,
    approver_title: str,
    reason: str,
    approved_on: dt.date | None,
    *,
    closed_on: dt.date | None,
) -> CheckedExtension:
    """延长: 1–12 months, approved by the 院长 or a 副院长 on a day from filing to today."""
    if months < 1 or months > 12:
        raise UserError("延长月数须在 1 至 12 个月之间。", field="months")
    name = normalise_name(approver_name)
    if not name:
        raise UserError("请填写批准人姓名。", field="approver_name")
    if approver_title not in APPROVER_TITLES:
        raise UserError(
            "延长期限须由院长或副院长批准，执行局局长无权批准。", field="approver_title"
        )
    text = required_text(reason, "延长理由", "reason")
    day = event_day(filing_date, approved_on, today, "批准日期", "approved_on")
    not_after_closing(closed_on, day, "延长（批准日期）", "approved_on")
    return CheckedExtension(months, name, approver_title, day, text)


def late_request_warning(statutory_due: dt.date | None, approved_on: dt.date) -> str | None:
    """The warning for an extension approved less than 5 days before the statutory limit.

    "Requested late" compares the approval date, not the day it was typed, with the
    limit the case had before this extension (SPEC §3); none while the clock is stopped.
    """
    if statutory_due is None:
        return None
    left = (statutory_due - approved_on).days
    if left >= EXTENSION_NOTICE_DAYS:
        return None
    when = f"仅剩 {left} 日" if left >= 0 else f"已超期 {-left} 日"
    return (
        f"延长申请应在期限届满 {EXTENSION_NOTICE_DAYS} 日前提出；本案法定期限于"
        f" {fmt(statutory_due)} 届满，批准时（{fmt(approved_on)}）{when}，已标记为逾期申请。"
    )


def closing_after_events(closed_on: dt.date, starts: list[tuple[dt.date, str]]) -> None:
    """A closing may not be dated before an event recorded on the case starts.

    ``starts``: each standing event's first day and what it is (“拍卖、变卖期间”).
    """
    later = sorted((day, what) for day, what in starts if day > closed_on)
    if later:
        day, what = later[-1]
        raise UserError(
            f"本案已登记 {fmt(day)} 开始的{what}，结案日期（{fmt(closed_on)}）不能早于该日。",
            field="closed_on",
        )


FAST_TEAM = "fast"
"""The code of the fast-track team, the only one whose cases are transferred."""


def check_transferable(number: str, track: Track, team_code: str | None) -> None:
    """Only a simple case on the fast-track team can be transferred (移交)."""
    if track is not Track.SIMPLE or (team_code is not None and team_code != FAST_TEAM):
        raise UserError(
            f"只有速执团队的简易案件才能移交普执团队；{number}是“{track.label}”案件。",
            field="case",
        )
