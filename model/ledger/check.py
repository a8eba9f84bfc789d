"""导入台账: check a whole ledger, then register its rows as intake would, in one transaction.

Every row goes through intake's own functions (``validate_draft``, ``suggested_codes``,
``decide_track``, ``resolve_assignment`` — through a ``LoadBook`` —, and ``plan_case``,
``triage_values``, ``assignment_values``, ``intake_history``, which ``register_case`` is
made of, in model/ledger/register.py) and 结案's ``closing_outcome``: there is no second
implementation of case numbers, triage, assignment or the limits here. Each good row
becomes the ``IntakeRequest`` the intake form would have made. The rows are written
with Core executemany and recorded in the audit record as the ORM's flush would record
them (model/ledger/register.py).
"""

from __future__ import annotations

import datetime as dt
import gc
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, authorise
from model.calendar.deadlines import final_closing_allowed
from model.cases.assignment import resolve_assignment, team_for_track
from model.cases.basis import load_basis_kinds
from model.cases.draft import CaseDraft, filed_numbers, suggested_codes, validate_draft
from model.cases.events.payment import parse_amount
from model.cases.intake import IntakeRequest, TriageRequest, decide_track
from model.cases.numbers import CaseNumber, parse_case_number
from model.entities import CLOSING_METHODS, CaseGroup, Person, PersonAlias, Track
from model.errors import Cancelled, UserError
from model.ledger.events import check_events, record_events
from model.ledger.read import (
    EVENT_SHEET,
    LedgerSheet,
    cell_amount,
    cell_count,
    cell_date,
    cell_text,
    read_ledger,
    split_list,
)
from model.ledger.register import register_rows
from model.ledger.rows import ImportResult, LedgerCheck, LedgerRow, RowProblem
from model.roster.names import normalise_name
from model.storage.bulk import refresh_statistics
from model.storage.search_index import cases_indexed_at_end
from model.triage.criteria import TriageContext, triage_context

TRACK_NAMES = {"简易": Track.SIMPLE, "普通": Track.ORDINARY, "特殊": Track.SPECIAL}
STEP = 200  # rows between progress reports and cancel checks

Progress = Callable[[str, int, int], None]  # stage (检查/导入), rows done, rows in all


def _get(sheet: LedgerSheet, values: tuple[object, ...], header: str) -> object:
    index = sheet.columns.get(header)
    return values[index] if index is not None and index < len(values) else None


class _Checker:
    """Checks rows one by one with intake's rules, remembering what earlier rows used."""

    def __init__(self, session: Session, context: TriageContext, today: dt.date) -> None:
        self.session = session
        self.context = context
        self.today = today
        self.seen: dict[str, int] = {}  # normal case number → row
        self.groups = {
            (team_id, name): group_id
            for group_id, team_id, name in session.execute(
                select(CaseGroup.id, CaseGroup.team_id, CaseGroup.name)
            )
        }
        self.people = dict(session.execute(select(Person.name, Person.id)).all())
        self.people.update(session.execute(select(PersonAlias.alias, PersonAlias.person_id)).all())
        self.teams = {track: team_for_track(session, track) for track in Track}
        self.filed: dict[str, dt.date] | None = None  # the file's numbers already registered
        self.parsed: dict[str, CaseNumber] = {}  # the file's case numbers, by text
        self.kinds = load_basis_kinds(session)  # 执行依据类别

    def check(
        self, sheet: LedgerSheet, row: int, values: tuple[object, ...]
    ) -> LedgerRow | RowProblem:
        """One row: a LedgerRow, or every reason it is bad."""

        columns, width = sheet.columns, len(values)

        def get(header: str) -> object:  # _get, inlined: 20 cells a row
            index = columns.get(header)
            return values[index] if index is not None and index < width else None

        reasons: list[str] = []
        number_text = cell_text(get("案号"))
        dates: dict[str, dt.date | None] = {}
        for label in ("立案日期", "结案日期"):
            try:
                dates[label] = cell_date(get(label), label)
            except UserError as error:
                dates[label] = None
                reasons.append(error.message)
        try:
            count = cell_count(get("申请执行人数"), "申请执行人数")
        except UserError as error:
            count = None
            reasons.append(error.message)
        respondents = split_list(get("被执行人"))
        kinds = split_list(get("被执行人类型"))
        if len(kinds) == 1:
            kinds = kinds * max(1, len(respondents))
        if kinds and len(kinds) != len(respondents):
            reasons.append("被执行人类型的个数与被执行人不一致。")
            kinds = []
        draft = CaseDraft(
            number=number_text,
            filing_date=dates["立案日期"],
            applicants=split_list(get("申请执行人")),
            applicant_count=count,
            respondents=list(zip(respondents, kinds or [""] * len(respondents), strict=True)),
            amount=cell_amount(get("标的额")),
            basis=cell_text(get("执行依据")),
            cause=cell_text(get("案由")),
            basis_kind=cell_text(get("执行依据类别")),
        )
        check = validate_draft(
            self.session,
            draft,
            self.today,
            context=self.context,
            require_parties=False,
            filed=self.filed,
            parsed=self.parsed,
            kinds=self.kinds,
        )
        bad_date_text = draft.filing_date is None and bool(cell_text(get("立案日期")))
        # a filing date that is not a date was reported above, in the ledger's words
        reasons[:0] = [
            m for k, m in check.errors.items() if not (k == "filing_date" and bad_date_text)
        ]
        if check.number is not None:
            earlier = self.seen.get(check.number.normal)
            if earlier is not None:
                reasons.append(f"案号与第 {earlier} 行重复。")
            else:
                self.seen[check.number.normal] = row
        codes = [unicodedata.normalize("NFKC", c).upper() for c in split_list(get("分流依据"))]
        unknown = [c for c in codes if c not in self.context.tracks]
        if unknown:
            reasons.append(
                f"分流依据中的“{'、'.join(unknown)}”不是有效的标准代码"
                f"（有效代码：{'、'.join(self.context.tracks)}）。"
            )
        suggested = suggested_codes(draft, check, self.context)  # kept for registering
        ticked = codes if codes else sorted(suggested)
        override_text = cell_text(get("分流类型")).removesuffix("案件")
        override = TRACK_NAMES.get(override_text) if override_text else None
        if override_text and override is None:
            reasons.append(f"分流类型“{override_text}”无效，应为简易、普通或特殊。")
        reason = cell_text(get("调整理由"))
        group_id = judge_id = None
        choice = None
        if not unknown:
            try:
                choice = decide_track(TriageRequest(tuple(ticked), override, reason), self.context)
            except UserError as error:
                reasons.append(error.message)
        if choice is not None:
            try:
                group_id, judge_id = self._handler(choice.final_track, get)
            except UserError as error:
                reasons.append(error.message)
        closed_on, method = dates["结案日期"], cell_text(get("结案方式"))
        reasons += self._closing(
            draft.filing_date, closed_on, method, bool(cell_text(get("结案日期")))
        )
        received = self._received(get("执行到位金额"), bool(cell_text(get("结案日期"))))
        if isinstance(received, str):
            reasons.append(received)
            received = None
        if reasons:
            return RowProblem(row, number_text, reasons)
        assert choice is not None
        asked = TriageRequest(tuple(ticked), override, reason, group_id, judge_id)
        request = IntakeRequest(draft, asked, assigned_on=draft.filing_date)
        return LedgerRow(
            row,
            request,
            closed_on,
            method,
            check,
            final_track=choice.final_track,
            choice=choice,
            received_fen=received,
            suggested=suggested,
        )

    @staticmethod
    def _received(value: object, closed: bool) -> int | str | None:
        """执行到位金额 in fen, None when blank, or the reason it is refused."""
        amount = cell_amount(value)
        if amount is None or (isinstance(amount, str) and not amount.strip()):
            return None
        try:
            fen = parse_amount(amount, "执行到位金额")
        except UserError as error:
            return error.message
        if not closed:
            return "执行到位金额只用于已结案件，须同时填写结案日期和结案方式。"
        return fen

    def _handler(self, track: Track, get: Callable[[str], object]) -> tuple[int | None, int | None]:
        """办案组 / 承办法官 by name, checked against the track's team as intake checks them."""
        team = self.teams[track]
        group_name, judge_name = (
            cell_text(get("办案组")),
            normalise_name(cell_text(get("承办法官"))),
        )
        if not group_name and not judge_name:
            return None, None
        group_id = judge_id = None
        if group_name:
            group_id = self.groups.get((team.id, group_name))
            if group_id is None:
                raise UserError(
                    f"办案组“{group_name}”不是{team.name}的办案组（{track.label}案件由该团队办理）。"
                )
        if judge_name:
            judge_id = self.people.get(judge_name)
            if judge_id is None:
                raise UserError(f"承办法官“{judge_name}”不在人员名册中。")
        resolve_assignment(self.session, track, group_id, judge_id)
        return group_id, judge_id

    def _closing(
        self, filed: dt.date | None, closed_on: dt.date | None, method: str, has_date: bool
    ) -> list[str]:
        if not has_date and not method:
            return []
        if has_date and not method:
            return ["填写了结案日期却没有结案方式。"]
        if not has_date:
            return ["填写了结案方式却没有结案日期。"]
        reasons = []
        if method not in CLOSING_METHODS:
            reasons.append(f"结案方式“{method}”无效，应为{'、'.join(CLOSING_METHODS)}之一。")
        if closed_on is not None and filed is not None:
            if closed_on < filed:
                reasons.append("结案日期早于立案日期。")
            elif closed_on > self.today:
                reasons.append(f"结案日期不能晚于今天（{self.today:%Y-%m-%d}）。")
            elif method == "终结本次执行程序" and not final_closing_allowed(filed, closed_on):
                reasons.append("终结本次执行程序须立案满3个月后方可适用。")
        return reasons


def _check(
    session: Session,
    sheet: LedgerSheet,
    path: Path,
    today: dt.date,
    progress: Progress | None,
    cancel: Callable[[], bool] | None,
) -> LedgerCheck:
    context = triage_context(session)
    checker = _Checker(session, context, today)
    for _row, values in sheet.rows:
        text = cell_text(_get(sheet, values, "案号"))
        try:
            checker.parsed[text] = parse_case_number(text, context.court_code, context.type_codes)
        except UserError:
            pass  # reported by the row's own check
    checker.filed = filed_numbers(session, [n.normal for n in checker.parsed.values()])
    result = LedgerCheck(path=path, total=len(sheet.rows), ignored_headers=sheet.ignored_headers)
    for done, (row, values) in enumerate(sheet.rows, start=1):
        outcome = checker.check(sheet, row, values)
        if isinstance(outcome, RowProblem):
            result.problems.append(outcome)
        else:
            result.good.append(outcome)
        _tick("检查", done, result.total, progress, cancel)
    if sheet.events is not None:
        result.event_total = len(sheet.events.rows)
        result.ignored_headers += [f"{EVENT_SHEET}：{h}" for h in sheet.events.ignored_headers]
        check_events(session, sheet.events, result, context, checker.people, today)
        with_events = {event.number for event in result.events}
        for item in result.good:
            assert item.check is not None and item.check.number is not None
            item.defer_closing = item.check.number.normal in with_events
    result.warnings = [
        f"第 {item.row} 行 {item.check.number.normal}：{item.check.warnings['number']}"
        for item in result.good
        if item.check is not None and item.check.number is not None
        and "number" in item.check.warnings
    ]  # fmt: skip
    return result


def _tick(
    stage: str, done: int, total: int, progress: Progress | None, cancel: Callable[[], bool] | None
) -> None:
    if done % STEP and done != total:
        return
    if cancel is not None and cancel():
        raise Cancelled("已取消导入，没有导入任何案件。")
    if progress is not None:
        progress(stage, done, total)


def _ticker(
    progress: Progress | None, cancel: Callable[[], bool] | None
) -> Callable[[int, int], None]:
    return lambda done, total: _tick("导入", done, total, progress, cancel)


def check_ledger(
    sessions: sessionmaker[Session],
    path: Path,
    today: dt.date,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> LedgerCheck:
    """Check the whole file without writing anything."""
    sheet = read_ledger(path)
    with sessions() as session:
        return _check(session, sheet, Path(path), today, progress, cancel)


def import_ledger(
    sessions: sessionmaker[Session],
    path: Path,
    actor_id: int | None,
    today: dt.date,
    skip_bad: bool = False,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
) -> tuple[ImportResult, LedgerCheck]:
    """Check the file, then register its rows in file order, all in one transaction.

    With bad rows and not ``skip_bad`` nothing is written and ``LedgerRejected`` is raised;
    a cancel rolls everything back.
    """
    with sessions.begin() as session:
        authorise(session, actor_id, Action.IMPORT_LEDGER)  # before the file is read
    with _collector_paused():
        sheet = read_ledger(path)
        with sessions.begin() as session:
            authorise(session, actor_id, Action.IMPORT_LEDGER)
            checked = _check(session, sheet, Path(path), today, progress, cancel)
            if checked.problems and not skip_bad:
                raise LedgerRejected(checked)
            tick = _ticker(progress, cancel)
            with cases_indexed_at_end(session.connection()):
                closed = register_rows(session, checked.good, actor_id, today, tick)
            events, late = record_events(session, checked.events, checked.good, actor_id)
            closed += sum(1 for item in checked.good if item.defer_closing and item.closed_on)
            refresh_statistics(session.connection(), len(checked.good))
            result = ImportResult(
                len(checked.good), len(checked.problems), closed, events, tuple(late)
            )
            return result, checked


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while an import runs, on again after.

    An import makes hundreds of thousands of objects that live until it ends (the rows,
    their checks and plans), and the collector's passes over them were 0.7 s of about
    9 s of CPU for 10,000 rows (measured); what garbage the import leaves in cycles is
    collected at the next pass after it.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class LedgerRejected(UserError):
    """The file has bad rows and the user did not choose to import the good ones only."""

    def __init__(self, checked: LedgerCheck) -> None:
        count = len(checked.problems)
        super().__init__(
            f"台账有 {count} 行有误，未导入任何案件。请改正后重新导入，或选择“仅导入无误的行”。",
            field="path",
        )
        self.checked = checked
