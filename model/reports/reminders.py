"""待办 (SPEC §8): what each person has to do today, most urgent first.

One function, ``compute_reminders``, serves the 待办 tab, the ``reminders`` command and
its sheet. It reads the clock each case already stores (due dates and status, kept
current by model/calendar/clock.py) with two indexed queries — the open cases due
within the farthest threshold, and the 终本 cases whose next property check falls due
— so it answers from SQL rather than from a pass over every case. An item exists only
while its cause does: there is nothing to dismiss, a recorded extension, transfer,
closing or check removes it at the next read. Whose cases a person sees is
``model.reports.reminder_scope``'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from functools import partial

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from model.access.permissions import chief_id
from model.calendar.deadlines import (
    PROPERTY_CHECK_INTERVAL_MONTHS,
    PROPERTY_CHECK_YEARS,
    add_months,
)
from model.cases.property_schedule import FINAL_METHOD, open_checks
from model.entities import (
    OPEN_CASES,
    Case,
    CaseStatus,
    Extension,
    HolidayYear,
    Person,
    PropertyCheck,
    Track,
    earliest_due,
)
from model.reports.reminder_scope import Scope, scope_of
from model.reports.reminder_settings import ReminderSettings, reminder_settings

UNASSIGNED = "未分案"
LISTED_AFTER_CLOSING_MONTHS = 66
"""An unrecorded check stays listed until six months after the last one (5 years) fell due."""
MIN_SIX_MONTHS_DAYS = 181
"""Six months are never shorter than this (January to July): a safe SQL bound."""
PROPERTY_CHECKS = PROPERTY_CHECK_YEARS * 12 // PROPERTY_CHECK_INTERVAL_MONTHS
MONTH_END_SLACK = dt.timedelta(days=3)
"""How far a month sum can move a day back (the 31st to February's 28th)."""


class ReminderKind(str, Enum):
    """The kinds of SPEC §8, in the order the list shows them (most urgent first)."""

    STATUTORY_OVERDUE = "超审限"
    TRACK_OVERDUE = "超期"
    DUE_SOON = "临期"
    EXTENSION = "申请延长"
    TRANSFER = "移交或结案"
    PROPERTY_CHECK = "终本复查"
    HOLIDAYS = "节假日"

    @property
    def label(self) -> str:
        """The kind word as SPEC §8 writes it."""
        return self.value


KIND_ORDER = {kind: position for position, kind in enumerate(ReminderKind)}


@dataclass(frozen=True)
class Reminder:
    """One thing to do: its case, what is due and by when, and who is responsible."""

    kind: ReminderKind
    case_id: int | None  # None: not about a case (节假日)
    number: str
    parties: str
    what: str
    due: dt.date
    days_left: int  # negative: overdue by that many days
    judge_id: int | None
    responsible: str

    def sort_key(self) -> tuple[int, dt.date, str]:
        """Kind first, then the earliest due, then the case number."""
        return (KIND_ORDER[self.kind], self.due, self.number)


@dataclass(frozen=True)
class ReminderSection:
    """A heading of the list (a kind, or a judge for the chief) and its items."""

    title: str
    items: tuple[Reminder, ...]


@dataclass(frozen=True)
class ReminderList:
    """The items a person sees, sorted; ``by_judge`` when the chief's view groups by judge."""

    today: dt.date
    viewer: str  # the person's name, or "" for everyone
    by_judge: bool
    items: tuple[Reminder, ...] = field(default_factory=tuple)

    def __len__(self) -> int:
        return len(self.items)

    def sections(self) -> list[ReminderSection]:
        """Grouped by kind; in the chief's view by judge (each judge's items by kind)."""
        groups: dict[str, list[Reminder]] = {}
        for item in self.items:
            title = item.responsible if self.by_judge else item.kind.label
            groups.setdefault(title, []).append(item)  # items come sorted: groups stay apart
        return [ReminderSection(title, tuple(items)) for title, items in groups.items()]


def _parties(applicants: str, respondents: str) -> str:
    return f"{applicants or '—'} 诉 {respondents or '—'}" if applicants else respondents or "—"


def _fmt(day: dt.date) -> str:
    return day.isoformat()  # YYYY-MM-DD, several times faster than strftime


def compute_reminders(
    session: Session,
    today: dt.date,
    person_id: int | None = None,
    settings: ReminderSettings | None = None,
) -> ReminderList:
    """The 待办 of a person (``None``: everyone's, grouped by judge), most urgent first."""
    settings = settings or reminder_settings(session)
    person = session.get(Person, person_id) if person_id is not None else None
    scope = scope_of(session, person)
    names = dict(session.execute(select(Person.id, Person.name)).all())
    items: list[Reminder] = []
    items += _deadline_items(session, today, scope, settings, names)
    items += _property_check_items(session, today, scope, settings, names)
    if scope.leader:
        items += _holiday_items(session, today, settings, names)
    by_judge = scope.everything
    if by_judge:
        judge_order = _judge_order(session)
        items.sort(
            key=lambda item: (judge_order.get(item.judge_id, len(judge_order)), *item.sort_key())
        )
    else:
        items.sort(key=Reminder.sort_key)
    return ReminderList(today, person.name if person else "", by_judge, tuple(items))


def _judge_order(session: Session) -> dict[int | None, int]:
    """Judges in roster order (the chief's view lists them so); unassigned cases last."""
    ids = session.scalars(select(Person.id).order_by(Person.id)).all()
    return {person_id: position for position, person_id in enumerate(ids)}


def _case_item(
    today: dt.date,
    case_id: int,
    number: str,
    parties: str,
    judge_id: int | None,
    responsible: str,
    kind: ReminderKind,
    what: str,
    by: dt.date,
) -> Reminder:
    return Reminder(
        kind, case_id, number, parties, what, by, (by - today).days, judge_id, responsible
    )


def _deadline_items(
    session: Session,
    today: dt.date,
    scope: Scope,
    settings: ReminderSettings,
    names: dict[int, str],
) -> list[Reminder]:
    """超审限, 超期, 临期, 申请延长, 移交或结案: from the open cases due within the horizon."""
    horizon = today + dt.timedelta(days=settings.horizon)
    extended = (
        select(Extension.id)
        .where(Extension.case_id == Case.id, Extension.voided_at.is_(None))
        .exists()
    )
    rows = session.execute(
        select(
            Case.id,
            Case.number,
            Case.applicant_names,
            Case.respondent_names,
            Case.track,
            Case.judge_id,
            Case.status,
            Case.due_date,
            Case.statutory_due_date,
            extended,
        ).where(OPEN_CASES, earliest_due() <= horizon, scope.condition())
    )
    items: list[Reminder] = []
    for (
        case_id,
        number,
        applicants,
        respondents,
        track,
        judge_id,
        status,
        due,
        law,
        has_ext,
    ) in rows:
        if status is not CaseStatus.PENDING or due is None or law is None:
            continue  # a suspended case's clock stands still: nothing falls due
        responsible = names.get(judge_id, UNASSIGNED) if judge_id is not None else UNASSIGNED
        parties = _parties(applicants, respondents)

        item = partial(_case_item, today, case_id, number, parties, judge_id, responsible)

        if law < today:
            also = "，团队期限亦已届满" if due < today else ""
            items.append(
                item(
                    ReminderKind.STATUTORY_OVERDUE,
                    f"法定期限 {_fmt(law)} 已届满，超审限 {(today - law).days} 日{also}",
                    law,
                )
            )
        elif due < today:
            items.append(
                item(
                    ReminderKind.TRACK_OVERDUE,
                    f"团队期限 {_fmt(due)} 已届满，超期 {(today - due).days} 日",
                    due,
                )
            )
        soon = [
            (day, label)
            for day, label in ((due, "团队期限"), (law, "法定期限"))
            if today <= day <= today + dt.timedelta(days=settings.due_soon)
        ]
        if soon:
            first = min(day for day, _ in soon)
            text = "、".join(f"{label} {_fmt(day)}" for day, label in soon)
            items.append(
                item(ReminderKind.DUE_SOON, f"{text} 届满，剩 {(first - today).days} 日", first)
            )
        if not has_ext and today <= law <= today + dt.timedelta(days=settings.extension):
            request_by = law - dt.timedelta(days=settings.extension_lead)
            items.append(
                item(
                    ReminderKind.EXTENSION,
                    f"法定期限 {_fmt(law)} 届满；如需延长，申请须于 {_fmt(request_by)} "
                    "前报院长审批",
                    request_by,
                )
            )
        if track is Track.SIMPLE and today <= due <= today + dt.timedelta(days=settings.transfer):
            items.append(
                item(
                    ReminderKind.TRANSFER,
                    f"速执一个月期限 {_fmt(due)} 届满，请结案或移交普执团队",
                    due,
                )
            )
    return items


def _property_check_items(
    session: Session,
    today: dt.date,
    scope: Scope,
    settings: ReminderSettings,
    names: dict[int, str],
) -> list[Reminder]:
    """终本复查: a case whose earliest open check is due within the window or overdue."""
    window_end = today + dt.timedelta(days=settings.property_check)
    latest_closing = window_end - dt.timedelta(days=MIN_SIX_MONTHS_DAYS)
    earliest_closing = add_months(today, -LISTED_AFTER_CLOSING_MONTHS)
    listed = and_(
        Case.closed_on >= earliest_closing,
        Case.closed_on <= latest_closing,
        Case.closing_method == FINAL_METHOD,
    )
    checks = (
        select(
            PropertyCheck.case_id.label("case_id"),
            func.count().label("done"),
            func.max(PropertyCheck.resumed_case_id).label("resumed"),
        )
        # Only the checks of the cases the list can show, not every check ever recorded.
        .where(
            PropertyCheck.voided_at.is_(None),
            PropertyCheck.case_id.in_(select(Case.id).where(listed)),
        )
        .group_by(PropertyCheck.case_id)
        .subquery()
    )
    checks_done = func.coalesce(checks.c.done, 0)
    # Only the cases whose next check can fall due by the window's end: after n recorded
    # checks the next is (n + 1) × 6 months after the closing, so a closing later than
    # the window's end less those months (and the month-end slack) cannot have it due.
    # A bound per count, as dates: the same SQL everywhere. Before it, all 4,400 终本
    # cases of five years at 100k came back to open_checks, most of them checked up to
    # date, and every check ever recorded was counted; the list is read at every start
    # (issue 20: the chief's at 100k 60 → 31 ms, at 1M 570 → 250 ms).
    next_due_in_window = or_(
        *(
            and_(
                checks_done == recorded,
                Case.closed_on
                <= add_months(window_end, -PROPERTY_CHECK_INTERVAL_MONTHS * (recorded + 1))
                + MONTH_END_SLACK,
            )
            for recorded in range(PROPERTY_CHECKS)
        )
    )
    rows = session.execute(
        select(
            Case.id,
            Case.number,
            Case.applicant_names,
            Case.respondent_names,
            Case.judge_id,
            Case.closed_on,
            checks_done,
            checks.c.resumed,
        )
        .outerjoin(checks, checks.c.case_id == Case.id)
        .where(listed, next_due_in_window, scope.condition())
    )
    items: list[Reminder] = []
    for case_id, number, applicants, respondents, judge_id, closed_on, done, resumed in rows:
        if resumed is not None:
            continue  # property found, enforcement resumed: no more checks
        first = open_checks(closed_on, int(done), today)
        if first is None or first[1] > window_end:
            continue
        ordinal, due, overdue = first
        what = f"第{ordinal}次财产核查应于 {_fmt(due)} 完成"
        if due < today:
            what += f"，已逾期 {(today - due).days} 日"
            if overdue > 1:
                what += f"（共 {overdue} 次未登记）"
        responsible = names.get(judge_id, UNASSIGNED) if judge_id is not None else UNASSIGNED
        items.append(
            Reminder(
                ReminderKind.PROPERTY_CHECK,
                case_id,
                number,
                _parties(applicants, respondents),
                what,
                due,
                (due - today).days,
                judge_id,
                responsible,
            )
        )
    return items


def _holiday_items(
    session: Session, today: dt.date, settings: ReminderSettings, names: dict[int, str]
) -> list[Reminder]:
    """节假日: from the set day (15 November), next year's holidays not in the calendar."""
    if (today.month, today.day) < settings.holiday_from:
        return []
    year = today.year + 1
    if session.get(HolidayYear, year) is not None:
        return []
    chief = chief_id(session)
    by = dt.date(today.year, 12, 31)
    return [
        Reminder(
            ReminderKind.HOLIDAYS,
            None,
            f"{year}年节假日",
            "",
            f"{year}年节假日安排尚未录入，届时到期日仅按周末顺延；请在年底前录入",
            by,
            (by - today).days,
            chief,
            names.get(chief, "局长") if chief is not None else "局长",
        )
    ]


def responsible_names(reminders: Iterable[Reminder]) -> list[str]:
    """The people named in a list, in its order, once each."""
    return list(dict.fromkeys(item.responsible for item in reminders))
