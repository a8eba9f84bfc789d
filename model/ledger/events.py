"""The ledger's 期限事项 sheet: each case's excluded periods, extensions and transfers.

Every row is checked with the window's own rules (``model.cases.events.rules``), in
date order per case, against the case as it will then stand: a case of the first
sheet as registered, or a case already in the database. Good rows are recorded with
the window's own writers (``add_period``, ``add_extension``, ``move_case``) after the
cases are registered, and a closed row's closing after its events; there is no second
implementation of the events here. The writers add their objects to a ``RowSink``
and change each case's row in memory; the rows are then written with Core, as the first
sheet's are (model/ledger/event_rows.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from model.calendar.event_book import EventBook
from model.calendar.workdays import load_calendar
from model.cases.assignment import LoadBook
from model.cases.events.base import add_history
from model.cases.events.closing import record_closing
from model.cases.events.extension import add_extension
from model.cases.events.payment import yuan
from model.cases.events.periods import add_period
from model.cases.events.rules import (
    check_extension,
    check_period,
    check_transferable,
    event_day,
    not_after_closing,
    required_text,
)
from model.cases.events.transfer import move_case
from model.cases.numbers import parse_case_number
from model.entities import Case, CaseStatus, ExclusionKind, Payment, Team, Track
from model.errors import UserError
from model.ledger.event_rows import CaseRows, RowSink, write_rows
from model.ledger.read import EVENT_SHEET, LedgerSheet, cell_count, cell_date, cell_text
from model.ledger.rows import EventRow, LedgerCheck, LedgerRow, RowProblem
from model.roster.names import normalise_name
from model.triage.criteria import TriageContext

EXTENSION = "延长"
TRANSFER = "移交"
SOURCE = "台账导入"


@dataclass
class _State:
    """A case as its events are checked in turn: what the rules look at."""

    case_id: int | None
    filing: dt.date
    closed_on: dt.date | None
    track: Track
    team_code: str | None
    has_open: bool
    closed_in_database: bool = False


def _get(sheet: LedgerSheet, values: tuple[object, ...], header: str) -> object:
    index = sheet.columns.get(header)
    return values[index] if index is not None and index < len(values) else None


@dataclass
class _Raw:
    """An event row read, before the rules: its case, kind, dates and texts."""

    row: int
    number_text: str
    number: str
    kind: str
    start: dt.date
    end: dt.date | None
    values: Callable[[str], object]


def check_events(
    session: Session,
    sheet: LedgerSheet,
    checked: LedgerCheck,
    context: TriageContext,
    people: Mapping[str, int],
    today: dt.date,
) -> None:
    """Check the 期限事项 rows; good ones go to ``checked.events``, bad ones to its problems.

    A case row of the first sheet whose event row is bad is moved to the problems too,
    so that importing the good rows only leaves the case out with its event.
    """
    kinds = dict(session.execute(select(ExclusionKind.name, ExclusionKind.suspends)).all())
    states: dict[str, _State] = {}
    bad_numbers: dict[str, int] = {}
    for item in checked.good:
        assert item.check is not None and item.check.number is not None
        states[item.check.number.normal] = _State(
            None,
            item.request.draft.filing_date or today,
            item.closed_on,
            item.final_track,
            None,
            False,
        )
    for problem in checked.problems:
        try:
            parsed = parse_case_number(problem.number, context.court_code, context.type_codes)
        except UserError:
            continue
        bad_numbers.setdefault(parsed.normal, problem.row)
    problems: list[RowProblem] = []
    raws: list[_Raw] = []
    for row, values in sheet.rows:
        raw = _read(sheet, row, values, context, problems)
        if raw is not None:
            raws.append(raw)
    _load_database_cases(session, [r.number for r in raws if r.number not in states], states)
    by_case: dict[str, list[_Raw]] = defaultdict(list)
    bad_cases: dict[str, int] = {}  # normal case number → its first bad event row
    for raw in raws:
        if raw.number in bad_numbers:
            reason = f"该案在台账第 {bad_numbers[raw.number]} 行有误，期限事项不能导入。"
            problems.append(_problem(raw, reason))
        elif raw.number not in states:
            problems.append(_problem(raw, f"案号 {raw.number} 不在台账中，也尚未收案。"))
        else:
            by_case[raw.number].append(raw)
    roster = LoadBook(session)  # the ordinary team's roster read once, for each transfer
    for number, rows in by_case.items():
        state = states[number]
        for raw in sorted(rows, key=lambda r: (r.start, r.row)):
            try:
                checked.events.append(_check_one(roster, raw, state, kinds, people, today, number))
            except UserError as error:
                problems.append(_problem(raw, error.message))
                bad_cases.setdefault(number, raw.row)
    _leave_out(checked, bad_cases)
    checked.problems.extend(sorted(problems, key=lambda p: p.row))


def _problem(raw: _Raw, reason: str) -> RowProblem:
    return RowProblem(raw.row, raw.number_text, [reason], sheet=EVENT_SHEET)


def _read(
    sheet: LedgerSheet,
    row: int,
    values: tuple[object, ...],
    context: TriageContext,
    problems: list[RowProblem],
) -> _Raw | None:
    def get(header: str) -> object:
        return _get(sheet, values, header)

    number_text = cell_text(get("案号"))
    reasons: list[str] = []
    normal = ""
    try:
        normal = parse_case_number(number_text, context.court_code, context.type_codes).normal
    except UserError as error:
        reasons.append(error.message)
    kind = "".join(cell_text(get("事项")).split())
    if not kind:
        reasons.append("请填写事项（期间种类、延长或移交）。")
    dates: dict[str, dt.date | None] = {}
    for label in ("开始日期", "结束日期"):
        try:
            dates[label] = cell_date(get(label), label)
        except UserError as error:
            dates[label] = None
            reasons.append(error.message)
    start = dates["开始日期"]
    if start is None and not cell_text(get("开始日期")):
        what = {EXTENSION: "批准日期", TRANSFER: "移交日期"}.get(kind, "期间的起始日期")
        reasons.append(f"请填写开始日期（{what}）。")
    if reasons or start is None:
        problems.append(RowProblem(row, number_text, reasons, sheet=EVENT_SHEET))
        return None
    return _Raw(row, number_text, normal, kind, start, dates["结束日期"], get)


def _load_database_cases(session: Session, numbers: list[str], states: dict[str, _State]) -> None:
    wanted = sorted(set(numbers))
    for offset in range(0, len(wanted), 500):
        rows = session.execute(
            select(
                Case.number,
                Case.id,
                Case.filing_date,
                Case.closed_on,
                Case.track,
                Team.code,
                Case.status,
            )
            .outerjoin(Team, Team.id == Case.team_id)
            .where(Case.number.in_(wanted[offset : offset + 500]))
        )
        for number, case_id, filing, closed_on, track, team_code, status in rows:
            states[number] = _State(
                case_id,
                filing,
                closed_on,
                track,
                team_code,
                status is CaseStatus.SUSPENDED,
                status is CaseStatus.CLOSED,
            )


def _check_one(
    roster: LoadBook,
    raw: _Raw,
    state: _State,
    kinds: Mapping[str, bool],
    people: Mapping[str, int],
    today: dt.date,
    number: str,
) -> EventRow:
    """One event against the case as it stands after its earlier events; the state moves on."""
    get = raw.values
    reason = cell_text(get("理由"))
    event = EventRow(raw.row, number, state.case_id, raw.kind, raw.start)
    if raw.kind == EXTENSION:
        months = cell_count(get("延长月数"), "延长月数")
        event.extension = check_extension(
            state.filing,
            today,
            3 if months is None else months,
            cell_text(get("批准人")),
            cell_text(get("批准人职务")),
            reason,
            raw.start,
            closed_on=state.closed_on,
        )
        _refuse_closed(state, number)
        return event
    if raw.kind == TRANSFER:
        not_after_closing(state.closed_on, raw.start, "移交", "transferred_on")
        _refuse_closed(state, number)
        check_transferable(number, state.track, state.team_code)
        event.reason = required_text(reason, "移交原因（理由）", "reason")
        event_day(state.filing, raw.start, today, "移交日期", "transferred_on")
        name = normalise_name(cell_text(get("承办法官")))
        if name:
            event.judge_id = people.get(name)
            if event.judge_id is None:
                raise UserError(f"承办法官“{name}”不在人员名册中。")
        roster.resolve(Track.ORDINARY, None, event.judge_id)  # the judge is the team's
        state.track, state.team_code = Track.ORDINARY, "ordinary"
        return event
    if raw.kind not in kinds:
        names = "、".join([*kinds, EXTENSION, TRANSFER])
        raise UserError(f"事项“{raw.kind}”无效，应为{names}之一。")
    event.reason = check_period(
        state.filing,
        today,
        raw.kind,
        kinds[raw.kind],
        raw.start,
        raw.end,
        reason,
        closed_on=state.closed_on,
        has_open=state.has_open,
    )
    _refuse_closed(state, number)
    event.end = raw.end
    if raw.end is None:
        state.has_open = True
    return event


def _refuse_closed(state: _State, number: str) -> None:
    """A case closed in the database takes no new events, as in the window."""
    if state.closed_in_database:
        raise UserError(f"{number}已结案；如结案记录有误，请先更正结案记录。")


def _leave_out(checked: LedgerCheck, bad_cases: Mapping[str, int]) -> None:
    """A case with a bad event row is left out with all its events, its case row a problem."""
    if not bad_cases:
        return
    kept: list[LedgerRow] = []
    for item in checked.good:
        assert item.check is not None and item.check.number is not None
        row = bad_cases.get(item.check.number.normal)
        if row is None:
            kept.append(item)
            continue
        reason = f"该案的期限事项有误（工作表“{EVENT_SHEET}”第 {row} 行），该案不导入。"
        checked.problems.append(RowProblem(item.row, item.request.draft.number, [reason]))
    checked.good = kept
    checked.events = [e for e in checked.events if e.number not in bad_cases]


def record_events(
    session: Session,
    events: list[EventRow],
    rows: list[LedgerRow],
    actor_id: int | None,
) -> tuple[int, list[str]]:
    """Record the checked events, then each deferred closing; (events recorded, late warnings).

    Runs after the cases of the first sheet are registered, in the same transaction.
    """
    by_case: dict[str, list[EventRow]] = defaultdict(list)
    for event in events:
        by_case[event.number].append(event)
    ids = dict(
        session.execute(select(Case.number, Case.id).where(Case.number.in_(list(by_case)))).all()
    )
    deferred = {
        item.check.number.normal: item
        for item in rows
        if item.defer_closing and item.check is not None and item.check.number is not None
    }
    warnings: list[str] = []
    count = 0
    case_ids = [ids[number] for number in by_case]
    # their rows, events and the loads read once and kept in step: no event reads; the
    # writers add to a sink, written as rows at the end (model/ledger/event_rows.py)
    cases = CaseRows(session, case_ids)
    book = EventBook(session, case_ids, load_calendar(session))
    loads = LoadBook(session)
    if any(event.kind == TRANSFER for event in events):
        loads.suggest(Track.ORDINARY)  # its loads read before anything here changes them
    sink = RowSink(session)
    writes = sink.as_session()
    for number, case_events in by_case.items():
        case = cases.case(ids[number])
        for event in case_events:
            warning = _record_one(writes, case, event, actor_id, book, loads)
            if warning:
                warnings.append(f"{number}：{warning}")
            count += 1
        item = deferred.get(number)
        if item is not None and item.closed_on is not None:
            loads.release(case.team_id, case.group_id, case.judge_id)
            record_closing(
                writes, case, item.closed_on, item.method, actor_id, {"imported": True},
                book=book, source=SOURCE,
            )  # fmt: skip
            if item.received_fen:
                add_imported_payment(writes, case, item.closed_on, item.received_fen, actor_id)
    write_rows(session, sink, cases)
    book.write_timelines(session)
    return count, warnings


def _record_one(
    session: Session,
    case: Case,
    event: EventRow,
    actor_id: int | None,
    book: EventBook,
    loads: LoadBook,
) -> str | None:
    """One checked event with the window's own writer; a late extension's warning."""
    if event.kind == EXTENSION:
        assert event.extension is not None
        _, warning = add_extension(session, case, event.extension, actor_id, SOURCE, book=book)
        return warning
    if event.kind == TRANSFER:
        resolved = loads.resolve(Track.ORDINARY, None, event.judge_id)
        loads.release(case.team_id, case.group_id, case.judge_id)  # it leaves its handler
        move_case(session, case, event.start, resolved, event.reason, actor_id, SOURCE, book=book)
        loads.count(resolved, still_open=True)
        return None
    add_period(
        session, case, event.kind, event.start, event.end, event.reason, actor_id, SOURCE,
        book=book,
    )  # fmt: skip
    return None


def add_imported_payment(
    session: Session, case: Case, day: dt.date, fen: int, actor_id: int | None
) -> None:
    """The ledger's 执行到位金额 on a case closed after its 期限事项: one total, that day."""
    session.add(
        Payment(
            case_id=case.id, received_on=day, amount_fen=fen, note="台账导入",
            recorded_by_id=actor_id,
        )
    )  # fmt: skip
    add_history(
        session, case, actor_id, "payment",
        f"执行到位款（台账导入）：{yuan(fen)} 元（{day:%Y-%m-%d}）",
    )  # fmt: skip
