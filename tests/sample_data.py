"""Realistic generated cases, for benchmarks and demonstrations; deterministic from a seed.

A bureau's decade: cases filed on working days across the years, the mix of tracks a
basic court sees, excluded periods, extensions, transfers and closings, each case's
clock computed by the same code the program uses (``model.calendar.clock.compute_clock``).
Rows are written with bulk inserts in large batches, so a million cases take
minutes, not hours.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from model.access.audit import acting_as, append_actions
from model.access.audit_core import inserted, updated
from model.calendar.clock import (
    NO_EVENTS,
    ClockEvents,
    FilingFacts,
    compute_clock,
    rebuild_timelines,
)
from model.calendar.deadlines import add_months, final_closing_allowed, property_check_dates
from model.calendar.workdays import WorkCalendar, load_calendar
from model.cases.events.base import clock_note
from model.cases.events.closing import closing_outcome, closing_values
from model.cases.events.payment import yuan
from model.cases.events.property_check import FINAL_METHOD, NOTHING_FOUND
from model.cases.events.rules import fmt, late_request_warning
from model.cases.intake import TriageChoice, triage_summary
from model.entities import (
    CLOSING_METHODS,
    Assignment,
    Base,
    Case,
    CaseGroup,
    CaseStatus,
    Closing,
    Criterion,
    ExcludedPeriod,
    ExclusionKind,
    Extension,
    HistoryEntry,
    Party,
    PartySide,
    Payment,
    Person,
    PropertyCheck,
    Role,
    Team,
    TeamMember,
    Track,
    Transfer,
    TriageDecision,
)
from model.ledger.register import IMPORTED
from model.storage.bulk import Fields, complete, refresh_statistics, reset_id_sequences
from model.triage.criteria import TriageContext, criteria_version_id, triage_context
from model.triage.rule import prefill, propose
from model.triage.settings import COURT_CODE, get_setting

BATCH = 20_000

_SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰凤春梅海波宁建国志鹏飞红云福义本兆冬博鑫"
)
_FIRM_WORDS = ("林业", "建材", "木业", "商贸", "物流", "农业", "建筑", "矿业", "人参", "旅游")
_FIRM_KINDS = ("有限公司", "有限责任公司", "合作社", "经销处")
_ORGANS = ("某镇人民政府", "某局", "某街道办事处", "某村民委员会")
_CAUSES = (
    "民间借贷纠纷",
    "买卖合同纠纷",
    "劳务合同纠纷",
    "金融借款合同纠纷",
    "离婚纠纷",
    "机动车交通事故责任纠纷",
    "租赁合同纠纷",
    "建设工程施工合同纠纷",
    "抚养费纠纷",
    "追索劳动报酬纠纷",
)
_BASES = ("民事判决书", "民事调解书", "民事裁定书", "仲裁裁决书", "公证债权文书")
_TYPE_MIX = (("执", 0.78), ("执恢", 0.08), ("执保", 0.10), ("执协", 0.02), ("执异", 0.02))
_METHOD_MIX = (
    ("执行完毕", 0.46),
    ("终结本次执行程序", 0.30),
    ("终结执行", 0.10),
    ("销案", 0.06),
    ("不予执行", 0.04),
    ("驳回申请", 0.04),
)

# Days from filing to closing (in time, late), for fast-track and for the ordinary team;
# the share closed late; the share never closed.
_CLOSING_DAYS = {True: ((5, 28), (29, 75)), False: ((15, 170), (175, 320))}
_CLOSED_LATE = 0.04
_NEVER_CLOSED = 0.001
# A 终本 property check due in the last _CHECK_LATE_DAYS days is not yet recorded this often.
_CHECK_LATE_DAYS = 45
_CHECK_LATE = 0.2


_TABLES: tuple[type, ...] = (
    Case,
    Party,
    TriageDecision,
    Assignment,
    ExcludedPeriod,
    Extension,
    Transfer,
    Closing,
    Payment,
    PropertyCheck,
    HistoryEntry,
)
_Rows = dict[type, list[dict[str, Any]]]
_Entry = tuple[type, dict[str, Any], dict[str, Any] | None, int]  # table, row, old, actor
LEDGER_SOURCE = "台账导入"  # the history's word for an event brought in by the ledger


@dataclass
class _Roster:
    fast_team: int
    ordinary_team: int
    groups: list[tuple[int, int]]  # (group id, judge id) on the fast team
    ordinary_judges: list[int]
    clerks: list[int]
    criteria: dict[str, Track]
    texts: dict[str, str]
    kinds: list[tuple[str, bool]]  # exclusion kind, suspends
    court_code: str
    context: TriageContext
    names: dict[int, str]  # person id → name
    group_names: dict[int, str]
    team_names: dict[int, str]
    criteria_version: int | None = None  # the stored wording the decisions reference


@dataclass
class GenerationSummary:
    """What was generated."""

    cases: int = 0
    closed: int = 0
    suspended: int = 0
    transfers: int = 0
    extensions: int = 0
    excluded_periods: int = 0
    property_checks: int = 0
    rows: dict[str, int] = field(default_factory=dict)


def generate_cases(
    sessions: sessionmaker[Session],
    count: int,
    seed: int = 2021,
    today: dt.date = dt.date(2026, 11, 28),
    years: int = 10,
    progress: Callable[[int, int], None] | None = None,
) -> GenerationSummary:
    """Add ``count`` generated cases filed over the ``years`` before ``today``."""
    rng = random.Random(seed)
    with sessions.begin() as session:  # the checklist's wording is stored (and recorded) once
        roster = _load_roster(session)
        acting_as(session, roster.clerks[0])  # the first clerk to bring cases in
        roster.criteria_version = criteria_version_id(session, roster.texts)
        calendar = load_calendar(session)
        next_ids = {
            table: (session.scalar(select(func.max(table.id))) or 0) + 1 for table in _TABLES
        }
        used = {
            (year, code, seq)
            for year, code, seq in session.execute(select(Case.year, Case.type_code, Case.sequence))
        }
    summary = GenerationSummary()
    builder = _Builder(rng, roster, calendar, today, next_ids, used, summary)
    days = _filing_days(rng, count, today, years, calendar)
    done = 0
    for start in range(0, count, BATCH):
        builder.rows, builder.actions = {}, []
        for filing in days[start : start + BATCH]:
            builder.case(filing)
        rows = builder.rows
        with sessions.begin() as session:
            # Recorded as the ledger import records its rows (model/ledger/register.py):
            # audit-verify compares the tables with the record.
            actions: list[list[Any]] = []
            for entries in builder.actions:
                changes = []
                for table, row, old, actor in entries:
                    # on behalf of the case's clerk, as their session says (``acting_as``)
                    change = (
                        inserted(session, table, row)
                        if old is None
                        else updated(session, table, old, row)
                    )
                    if change is not None:
                        changes.append(change._replace(actor_id=actor))
                actions.append(changes)
            for table in _TABLES:
                if rows.get(table):
                    # Core executemany: one statement per table, unlike the ORM bulk path,
                    # which splits rows by which of their values are None.
                    session.connection().execute(insert(table.__table__), rows[table])
                    name = table.__tablename__
                    summary.rows[name] = summary.rows.get(name, 0) + len(rows[table])
            # each case's clock over time, as the program writes it with every event
            rebuild_timelines(session, [row["id"] for row in rows.get(Case, [])], calendar)
            append_actions(session.connection(), actions)
            if start + BATCH >= count:
                # The ids were given: PostgreSQL's sequences must move past them, or the
                # next intake saved on this database collides with id 1.
                reset_id_sequences(session.connection(), Base.metadata)
                refresh_statistics(session.connection(), count)
        done = min(count, start + BATCH)
        if progress is not None:
            progress(done, count)
    return summary


def _filing_days(
    rng: random.Random, count: int, today: dt.date, years: int, calendar: WorkCalendar
) -> list[dt.date]:
    """Working days over the period, later years a little busier, in filing order."""
    first = dt.date(today.year - years + 1, 1, 1)
    span = (today - first).days
    days: list[dt.date] = []
    while len(days) < count:
        # A gentle growth: the square root skews filings toward later years.
        offset = int(span * rng.random() ** 0.8)
        day = first + dt.timedelta(days=offset)
        if calendar.is_workday(day):
            days.append(day)
    days.sort()
    return days


class _Builder:
    """Makes the rows of one case at a time."""

    def __init__(
        self,
        rng: random.Random,
        roster: _Roster,
        calendar: WorkCalendar,
        today: dt.date,
        next_ids: dict[type, int],
        used: set[tuple[int, str, int]],
        summary: GenerationSummary,
    ) -> None:
        self.rng = rng
        self.roster = roster
        self.calendar = calendar
        self.today = today
        self.ids = next_ids
        self.used = used
        self.sequences: dict[tuple[int, str], int] = {}
        self.summary = summary
        self.turn = 0
        self.rows: _Rows = {}  # a batch's rows by table
        # their audit entries, by action (one flush of the program's): (table, row, old row
        # or None, actor) each
        self.actions: list[list[_Entry]] = []
        self.actor = 0  # the clerk of the case being made

    def _id(self, table: type) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def _pick(self, mix: tuple[tuple[str, float], ...]) -> str:
        roll, total = self.rng.random(), 0.0
        for value, share in mix:
            total += share
            if roll < total:
                return value
        return mix[-1][0]

    def _number(self, year: int, type_code: str) -> int:
        sequence = self.sequences.get((year, type_code), 0)
        while True:
            sequence += 1
            if (year, type_code, sequence) not in self.used:
                break
        self.sequences[(year, type_code)] = sequence
        return sequence

    def _person_name(self) -> str:
        rng = self.rng
        return rng.choice(_SURNAMES) + "".join(rng.choices(_GIVEN, k=rng.choice((1, 2))))

    def _party(self, organ_share: float) -> tuple[str, str]:
        roll = self.rng.random()
        if roll < organ_share:
            return "江源区" + self.rng.choice(_ORGANS), "党政机关"
        if roll < 0.25:
            words = self.rng.choice(_FIRM_WORDS)
            return (
                f"白山市{self.rng.choice(_SURNAMES)}氏{words}{self.rng.choice(_FIRM_KINDS)}",
                "法人",
            )
        return self._person_name(), "自然人"

    def _ticks(self, type_code: str, respondent_types: list[str], amount: Decimal) -> list[str]:
        rng = self.rng
        roll = rng.random()
        if type_code == "执保":
            ticks = ["S5"]
        elif roll < 0.56:
            ticks = [rng.choice(("S1", "S2", "S3", "S4", "S6"))]
        elif roll < 0.94:
            ticks = [rng.choice(("O1", "O2", "O3", "O5", "O6"))]
            if rng.random() < 0.3:
                ticks.append(rng.choice(("S2", "S3")))
        else:
            ticks = [rng.choice(("X1", "X2", "X3"))]
        if "党政机关" in respondent_types:
            ticks.append("O4")
        if amount >= Decimal("1000000") and "X1" not in ticks:
            ticks.append("X1")
        return ticks

    def _label(self, group: int | None, judge: int) -> str:
        """The handler as intake names it: 第一办案组（王爱军）, or the judge alone."""
        names = self.roster.names
        return f"{self.roster.group_names[group]}（{names[judge]}）" if group else names[judge]

    def _row(self, table: type, values: dict[str, Any]) -> dict[str, Any]:
        """A new row of an audited table, complete as the ORM inserts it, and its entry."""
        row = complete(table, {"id": self._id(table), **values})
        self.rows.setdefault(table, []).append(row)
        self.actions[-1].append((table, row, None, self.actor))
        return row

    def _begin(self) -> None:
        """A new action on the case: what follows is recorded in an entry of its own."""
        if not self.actions or self.actions[-1]:
            self.actions.append([])

    def _flush(self, case: _Timeline, end: bool = False) -> None:
        """The case's flush: its UPDATE recorded with the action's rows; ``end`` it there.

        The program records a transaction as one entry a case, however often it flushes:
        the 期限事项 of a ledger row and its closing are one.
        """
        update = case.flush()
        if update is not None:
            old, new = update
            self.actions[-1].append((Case, new, old, case.actor))
        if end:
            self._begin()

    def _parties(
        self, case_id: int, applicants: list[str], respondents: list[tuple[str, str]]
    ) -> None:
        for ordinal, name in enumerate(applicants):
            self._row(
                Party,
                {"case_id": case_id, "ordinal": ordinal, "side": PartySide.APPLICANT,
                 "name": name, "party_type": ""},
            )  # fmt: skip
        for ordinal, (name, kind) in enumerate(respondents):
            self._row(
                Party,
                {"case_id": case_id, "ordinal": ordinal, "side": PartySide.RESPONDENT,
                 "name": name, "party_type": kind},
            )  # fmt: skip

    def _assignment(
        self, case: _Timeline, kind: str, group: int | None, judge: int, note: str
    ) -> None:
        """An assignment as intake or a transfer makes it, the suggestion taken."""
        self._row(
            Assignment,
            {
                "case_id": case.id,
                "kind": kind,
                "team_id": case.state["team_id"],
                "group_id": group,
                "judge_id": judge,
                "suggested_group_id": group,
                "suggested_judge_id": judge,
                "assigned_by_id": case.actor,
                "assigned_at": case.at,
                "note": note,
            },
        )

    def _transfer(self, case: _Timeline, day: dt.date, judge: int) -> None:
        """移交 as the ledger's 期限事项 records it (``move_case``)."""
        team, reason = self.roster.ordinary_team, "一个月内未能办结"
        self._row(
            Transfer,
            {"case_id": case.id, "transferred_on": day, "from_team_id": case.state["team_id"],
             "to_team_id": team, "reason": reason, "recorded_by_id": case.actor,
             "recorded_at": case.at},
        )  # fmt: skip
        case.state.update(
            track=Track.ORDINARY, team_id=team, group_id=None, judge_id=judge, assigned_on=day
        )
        self._assignment(case, "transfer", None, judge, reason)
        case.facts = FilingFacts(case.facts.filing_date, Track.ORDINARY, case.facts.non_litigation)
        case.clock(self.calendar)
        case.history.append((
            "transfer",
            f"移交{self.roster.team_names[team]}（{LEDGER_SOURCE}）（{fmt(day)}），"
            f"承办：{self._label(None, judge)}，原因：{reason}；"
            f"按普通案件自立案日期起算，{case.note()}",
        ))  # fmt: skip
        self.summary.transfers += 1

    def _exclusion(self, case: _Timeline, start: dt.date, kind: str, end: dt.date | None) -> None:
        """不计入期限的期间 as the ledger's 期限事项 records it (``add_period``)."""
        reason = "依法不计入期限"
        self._row(
            ExcludedPeriod,
            {"case_id": case.id, "kind": kind, "start": start, "end": end, "reason": reason,
             "recorded_by_id": case.actor, "recorded_at": case.at},
        )  # fmt: skip
        case.ranges.append((start, end))
        case.clock(self.calendar)
        span = f"{fmt(start)} 至 {fmt(end)}" if end is not None else f"{fmt(start)} 起（未结束）"
        case.history.append((
            "exclusion",
            f"登记不计入期限的期间（{LEDGER_SOURCE}）：{kind} {span}，"
            f"事由：{reason}；{case.note()}",
        ))  # fmt: skip
        self.summary.excluded_periods += 1

    def _extension(self, case: _Timeline, approved: dt.date, months: int) -> None:
        """延长 as the ledger's 期限事项 records it (``add_extension``)."""
        late = late_request_warning(case.state["statutory_due_date"], approved) is not None
        reason = "案情复杂"
        self._row(
            Extension,
            {"case_id": case.id, "months": months, "approver_name": "院长",
             "approver_title": "院长", "approved_on": approved, "reason": reason, "late": late,
             "recorded_by_id": case.actor, "recorded_at": case.at},
        )  # fmt: skip
        case.months += months
        case.clock(self.calendar)
        case.history.append((
            "extension",
            f"延长期限（{LEDGER_SOURCE}） {months} 个月（院长院长 {fmt(approved)} 批准），"
            f"理由：{reason}{'（逾期申请）' if late else ''}；{case.note()}",
        ))  # fmt: skip
        self.summary.extensions += 1

    def _property_checks(self, case: _Timeline, closed_on: dt.date) -> None:
        """A working bureau's checks after a 终本 closing, as 财产核查 records them: each
        on time, nothing found; now and then the latest one not yet recorded (in 待办)."""
        rng = self.rng
        checker = self.roster.names[case.actor]
        for ordinal, due in enumerate(property_check_dates(closed_on), start=1):
            checked = max(closed_on, due - dt.timedelta(days=rng.randint(0, 20)))
            if checked >= self.today:
                break
            if (self.today - due).days < _CHECK_LATE_DAYS and rng.random() < _CHECK_LATE:
                break
            note = "网络查控"
            self._begin()  # each recorded on its own in 财产核查
            self._row(
                PropertyCheck,
                {"case_id": case.id, "checked_on": checked, "checker_id": case.actor,
                 "result": NOTHING_FOUND, "note": note, "resumed_case_id": None,
                 "recorded_by_id": case.actor, "recorded_at": case.at},
            )  # fmt: skip
            case.history.append((
                "property_check",
                f"终本财产核查（第{ordinal}次，应于 {fmt(due)}）：{NOTHING_FOUND}"
                f"（{fmt(checked)}，核查人 {checker}），{note}",
            ))  # fmt: skip
            self.summary.property_checks += 1

    def _payments(
        self, case: _Timeline, filing: dt.date, closing: tuple[dt.date, str], amount: Decimal
    ) -> None:
        """执行到位款 as the window records it: 执行完毕 in one to three instalments; some
        终本 cases a part.

        Drawn from a generator of the case's own, so the cases themselves stay as before.
        """
        rng = random.Random(case.id)
        fen = int(amount * 100)
        closed_on, method = closing
        if method == "执行完毕":
            parts = rng.choice((1, 1, 2, 3))
        elif method == "终结本次执行程序" and rng.random() < 0.3:
            parts, fen = 1, fen * rng.randint(5, 40) // 100
        else:
            return
        days = max(0, (closed_on - filing).days)
        paid = 0
        for part in range(parts):
            share = fen - paid if part == parts - 1 else fen // parts
            paid += share
            day = closed_on if part == parts - 1 else filing + dt.timedelta(rng.randint(0, days))
            if share > 0:
                self._begin()  # each recorded on its own in 执行到位款
                self._row(
                    Payment,
                    {"case_id": case.id, "received_on": day, "amount_fen": share, "note": "",
                     "recorded_by_id": case.actor, "recorded_at": case.at},
                )  # fmt: skip
                case.paid += share
                case.history.append((
                    "payment",
                    f"执行到位款：{yuan(share)} 元（{fmt(day)}）；累计到位 {yuan(case.paid)} 元",
                ))  # fmt: skip

    def case(self, filing: dt.date) -> None:
        """The rows of one case, added to ``self.rows`` by table, its audit entries to ``entries``.

        As the ledger import writes a case (model/ledger/register.py, model/ledger/events.py):
        registered with the clock of a new case, then each 期限事项 event in date order and
        its closing, written by one flush at the end (one UPDATE of the case); then the
        payments and property checks a clerk records in the window.
        """
        rng, roster = self.rng, self.roster
        case_id = self._id(Case)
        type_code = self._pick(_TYPE_MIX)
        sequence = self._number(filing.year, type_code)
        court = roster.court_code if type_code != "执协" else "吉0602"
        applicants = [self._party(0.0)[0] for _ in range(1 if rng.random() < 0.85 else 2)]
        respondents = [self._party(0.02) for _ in range(1 if rng.random() < 0.8 else 2)]
        amount = Decimal(int(rng.lognormvariate(10.2, 1.4))).quantize(Decimal("1"))
        non_litigation = rng.random() < 0.03
        ticks = self._ticks(type_code, [kind for _, kind in respondents], amount)
        proposal = propose(ticks, roster.criteria)
        track = proposal.track
        actor = self.actor = rng.choice(roster.clerks)
        at = dt.datetime.combine(filing, dt.time(9, 0)) + dt.timedelta(minutes=rng.randint(0, 480))
        number = f"（{filing.year}）{court}{type_code}{sequence}号"

        if track is Track.SIMPLE:
            team = roster.fast_team
            group, judge = roster.groups[self.turn % len(roster.groups)]
            self.turn += 1
        else:
            team, group = roster.ordinary_team, None
            judge = roster.ordinary_judges[self.turn % len(roster.ordinary_judges)]
            self.turn += 1

        history: list[tuple[str, str]] = [
            ("intake", f"收案：{number}，立案日期 {filing:%Y-%m-%d}"),
            (
                "triage",
                "分流：" + triage_summary(TriageChoice(tuple(ticks), proposal, track, None)),
            ),
            ("assign", f"分案：{roster.team_names[team]} {self._label(group, judge)}（按建议）"),
        ]
        events: list[tuple[dt.date, str, Any]] = []  # (day, kind, details), the 期限事项
        final_track = track
        moved: dt.date | None = None
        # Transfers: a fast-track case not done in its month moves to the ordinary team.
        if track is Track.SIMPLE and rng.random() < 0.10:
            day = add_months(filing, 1) + dt.timedelta(days=rng.randint(0, 5))
            if day < self.today:
                final_track, moved = Track.ORDINARY, day
                events.append((day, "transfer", rng.choice(roster.ordinary_judges)))
        if rng.random() < 0.12:
            kind, suspends = rng.choice(roster.kinds)
            start = filing + dt.timedelta(days=rng.randint(10, 120))
            if start < self.today:
                end: dt.date | None = start + dt.timedelta(days=rng.randint(10, 90))
                if suspends and end is not None and end >= self.today and rng.random() < 0.7:
                    end = None
                if end is not None and end >= self.today:
                    end = self.today - dt.timedelta(days=1)
                events.append((start, "exclusion", (kind, end)))
        if final_track is not Track.SIMPLE and rng.random() < 0.06:
            approved = add_months(filing, 6) - dt.timedelta(days=rng.randint(5, 20))
            if approved <= self.today:
                events.append((approved, "extension", 3))

        # A working bureau closes most cases within their limit: a few in a hundred run
        # late, and a few in a thousand stay open for years (a backlog of old cases is
        # what a screenshot or a benchmark must not be made of). A transferred case's
        # time runs from its transfer; nothing is recorded after a closing (SPEC §3).
        closing: tuple[dt.date, str] | None = None
        open_period = any(kind == "exclusion" and d[1] is None for _, kind, d in events)
        if not open_period and rng.random() >= _NEVER_CLOSED:
            in_time, late = _CLOSING_DAYS[final_track is Track.SIMPLE]
            days = in_time if rng.random() >= _CLOSED_LATE else late
            closed_on = (moved or filing) + dt.timedelta(days=rng.randint(*days))
            if closed_on < self.today:
                method = self._pick(_METHOD_MIX)
                if method == FINAL_METHOD and not final_closing_allowed(filing, closed_on):
                    method = CLOSING_METHODS[0]
                closing = (closed_on, method)
                events = [event for event in events if event[0] <= closed_on]
        events.sort(key=lambda event: event[0])

        registered = complete(
            Case,
            {
                "id": case_id,
                "number": number,
                "year": filing.year,
                "court_code": court,
                "type_code": type_code,
                "sequence": sequence,
                "filing_date": filing,
                "non_litigation": non_litigation,
                "basis_kind": "仲裁裁决书" if non_litigation else "民事判决书",
                "amount": amount,
                "applicant_count": len(applicants),
                "basis": rng.choice(_BASES),
                "cause": rng.choice(_CAUSES),
                "applicant_names": "、".join(applicants),
                "respondent_names": "、".join(name for name, _ in respondents),
                "track": track,
                "team_id": team,
                "group_id": group,
                "judge_id": judge,
                "assigned_on": filing,
                "created_at": at,
                "created_by_id": actor,
                **compute_clock(
                    FilingFacts(filing, track, non_litigation), NO_EVENTS, self.calendar
                ).values(),
            },
        )
        self._begin()  # registering: the case, its parties, triage and assignment
        self.actions[-1].append((Case, registered, None, actor))
        case = _Timeline(registered, FilingFacts(filing, track, non_litigation), actor, at)
        case.history = history
        self._parties(case_id, applicants, respondents)
        suggested = prefill(
            type_code,
            [kind for _, kind in respondents],
            amount,
            len(applicants),
            roster.context.thresholds,
            roster.context.rules,
        )
        self._row(
            TriageDecision,
            {
                "case_id": case_id,
                "ticked": ticks,
                "suggested": [code for code in roster.context.tracks if code in suggested],
                "criteria_version_id": roster.criteria_version,
                "proposed_track": track,
                "deciding": list(proposal.deciding_codes),
                "final_track": track,
                "override_reason": None,
                "decided_by_id": actor,
                "decided_at": at,
            },
        )
        self._assignment(case, "intake", group, judge, "")
        if events:  # a row with 期限事项: its events and closing are recorded after it
            self._begin()
        for day, kind, details in events:
            if kind == "transfer":
                self._transfer(case, day, details)
            elif kind == "exclusion":
                self._exclusion(case, day, *details)
            else:
                self._extension(case, day, details)
        if closing is not None:
            outcome = closing_outcome(
                case.facts, *closing, case.events(), self.calendar, LEDGER_SOURCE
            )
            values = closing_values(case_id, *closing, actor, IMPORTED, outcome)
            self._row(Closing, {**values, "recorded_at": at})
            history.append(("closing", outcome.summary))
            case.state.update(outcome.clock.values())
            self._flush(case, end=True)
            self.summary.closed += 1
            self._payments(case, filing, closing, amount)
            if closing[1] == FINAL_METHOD:
                self._property_checks(case, closing[0])
        self._flush(case, end=True)
        if case.state["status"] is CaseStatus.SUSPENDED:
            self.summary.suspended += 1
        self.rows.setdefault(Case, []).append(case.state)
        log = self.rows.setdefault(HistoryEntry, [])
        for kind, summary in history:
            log.append(
                {
                    "id": self._id(HistoryEntry),
                    "case_id": case_id,
                    "at": at,
                    "actor_id": actor,
                    "kind": kind,
                    "summary": summary,
                }
            )
        self.summary.cases += 1


class _Timeline:
    """One case's row as the import's ORM sees it, event by event.

    ``register_rows`` inserts the case as registered; each 期限事项 event then sets the
    case's new clock (and a transfer its handler), and the import's one flush at the
    end writes it all: one UPDATE and one version, in the entry of the events.
    """

    def __init__(
        self, registered: dict[str, Any], facts: FilingFacts, actor: int, at: dt.datetime
    ) -> None:
        self.id: int = registered["id"]
        self.state = dict(registered)
        self.flushed = registered
        self.facts = facts
        self.actor = actor
        self.at = at
        self.ranges: list[tuple[dt.date, dt.date | None]] = []
        self.months = 0
        self.paid = 0
        self.history: list[tuple[str, str]] = []

    def events(self) -> ClockEvents:
        """The standing periods and extensions, no closing."""
        return ClockEvents(list(self.ranges), self.months, None)

    def clock(self, calendar: WorkCalendar) -> None:
        """The clock with the events so far, set (not yet flushed), as ``refresh_case_clock``."""
        self.state.update(compute_clock(self.facts, self.events(), calendar).values())

    def flush(self) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """Write what changed since the last flush: an UPDATE with its version bump.

        The row as it was and as it is now, or None when nothing changed.
        """
        if any(value != self.flushed.get(key) for key, value in self.state.items()):
            self.state["version"] = self.flushed["version"] + 1
            update = (self.flushed, dict(self.state))
            self.flushed = dict(self.state)
            return update
        return None

    def note(self) -> str:
        """The clock as an event's history line ends (``clock_note``)."""
        return clock_note(cast("Case", Fields(self.state)))


def _load_roster(session: Session) -> _Roster:
    teams = {team.code: team for team in session.scalars(select(Team))}
    fast, ordinary = teams["fast"], teams["ordinary"]
    groups = [
        (group.id, group.judge_id)
        for group in session.scalars(
            select(CaseGroup)
            .where(CaseGroup.team_id == fast.id, CaseGroup.active)
            .order_by(CaseGroup.rotation)
        )
    ]
    judges = list(
        session.scalars(
            select(Person.id)
            .join(TeamMember, TeamMember.person_id == Person.id)
            .where(TeamMember.team_id == ordinary.id, Person.role == Role.JUDGE, Person.active)
            .order_by(Person.id)
        )
    )
    clerks = list(
        session.scalars(
            select(Person.id).where(Person.role == Role.CLERK, Person.active).order_by(Person.id)
        )
    )
    criteria = list(session.scalars(select(Criterion).order_by(Criterion.ordinal)))
    kinds = [(k.name, k.suspends) for k in session.scalars(select(ExclusionKind))]
    return _Roster(
        fast_team=fast.id,
        ordinary_team=ordinary.id,
        groups=groups,
        ordinary_judges=judges,
        clerks=clerks,
        criteria={c.code: Track(c.track) for c in criteria},
        texts={c.code: c.text for c in criteria},
        kinds=kinds,
        court_code=get_setting(session, COURT_CODE, "吉0605"),
        context=triage_context(session),
        names=dict(session.execute(select(Person.id, Person.name)).all()),
        group_names=dict(session.execute(select(CaseGroup.id, CaseGroup.name)).all()),
        team_names={team.id: team.name for team in teams.values()},
    )
