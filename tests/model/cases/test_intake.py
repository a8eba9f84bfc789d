"""收案: checking a draft, registering a case with its triage, assignment, history and clock."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from model.cases.draft import CaseDraft, DraftError, parse_amount, validate_draft
from model.cases.intake import IntakeRequest, TriageRequest, save_intake
from model.cases.retriage import load_case
from model.entities import (
    Assignment,
    Case,
    CaseGroup,
    CriteriaVersion,
    Criterion,
    HistoryEntry,
    Party,
    Person,
    Team,
    Track,
    TriageDecision,
)
from model.errors import UserError

TODAY = dt.date(2026, 3, 2)


def draft(number: str = "(2026)吉0605执1号", **changes: object) -> CaseDraft:
    """A valid draft; keyword arguments change its fields."""
    values: dict[str, object] = dict(
        number=number,
        filing_date=dt.date(2026, 3, 2),
        applicants=["张三"],
        respondents=[("李四", "自然人")],
        amount="50000",
        basis="（2025）吉0605民初88号民事判决书",
        cause="借款合同纠纷",
    )
    values.update(changes)
    return CaseDraft(**values)  # type: ignore[arg-type]


def clerk(sessions: sessionmaker[Session]) -> int:
    with sessions() as s:
        return s.scalar(select(Person.id).where(Person.name == "高博"))  # type: ignore[return-value]


def count(sessions: sessionmaker[Session], entity: type) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(entity)) or 0


def check(sessions: sessionmaker[Session], d: CaseDraft) -> dict[str, str]:
    with sessions() as s:
        return validate_draft(s, d, TODAY).errors


def test_valid_draft_has_no_errors(sessions: sessionmaker[Session]) -> None:
    with sessions() as s:
        result = validate_draft(s, draft(), TODAY)
    assert result.ok
    assert result.number is not None and result.number.normal == "（2026）吉0605执1号"
    assert result.amount == Decimal("50000.00")
    assert result.applicant_count == 1


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"number": ""}, "number", "请填写案号"),
        ({"number": "(2026)吉0605民1号"}, "number", "类型代字"),
        ({"filing_date": None}, "filing_date", "请填写立案日期"),
        ({"filing_date": dt.date(2026, 3, 3)}, "filing_date", "不能晚于今天"),
        ({"applicants": ["  "]}, "applicants", "至少填写一名申请执行人"),
        ({"respondents": []}, "respondents", "至少填写一名被执行人"),
        ({"respondents": [("李四", "外星人")]}, "respondents", "类型"),
        ({"amount": "-1"}, "amount", "不能为负数"),
        ({"amount": "五万"}, "amount", "必须是数字"),
        ({"amount": "12.345"}, "amount", "两位小数"),
        ({"applicants": ["甲", "乙", "丙"], "applicant_count": 2}, "applicant_count", "少于"),
        ({"applicant_count": 0}, "applicant_count", "至少为 1"),
    ],
)
def test_each_field_is_checked(
    sessions: sessionmaker[Session], changes: dict[str, object], field: str, fragment: str
) -> None:
    errors = check(sessions, draft(**changes))
    assert field in errors
    assert fragment in errors[field]


def test_warnings_for_foreign_court_and_year(sessions: sessionmaker[Session]) -> None:
    with sessions() as s:
        result = validate_draft(s, draft("(2025)辽0102执协4号"), TODAY)
    assert result.ok
    assert "辽0102" in result.warnings["number"]
    assert "年份" in result.warnings["filing_date"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("  ", None),
        ("1,234,567.8", Decimal("1234567.80")),
        ("１２３４５", Decimal("12345.00")),
        ("3000元", Decimal("3000.00")),
        (Decimal("7"), Decimal("7.00")),
        (None, None),
    ],
)
def test_parse_amount(text: str | Decimal | None, expected: Decimal | None) -> None:
    assert parse_amount(text) == expected


def test_ledger_mode_needs_only_number_and_date(sessions: sessionmaker[Session]) -> None:
    with sessions() as s:
        bare = CaseDraft(number="(2026)吉0605执9号", filing_date=dt.date(2026, 1, 5))
        assert validate_draft(s, bare, TODAY, require_parties=False).ok


def test_simple_intake_writes_everything(sessions: sessionmaker[Session]) -> None:
    actor = clerk(sessions)
    case_id = save_intake(
        sessions,
        IntakeRequest(
            draft(
                applicants=["张三", "王五"], respondents=[("李四", "自然人"), ("某公司", "法人")]
            ),
            TriageRequest(("S2",)),
        ),
        actor,
        TODAY,
    )
    with sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None
        assert case.number == "（2026）吉0605执1号"
        assert (case.year, case.court_code, case.type_code, case.sequence) == (
            2026,
            "吉0605",
            "执",
            1,
        )
        assert case.track is Track.SIMPLE
        assert case.team.code == "fast"
        assert case.group is not None and case.group.name == "第一办案组"
        assert case.judge is not None and case.judge.name == "王爱军"
        assert case.applicant_names == "张三、王五"
        assert case.respondent_names == "李四、某公司"
        assert case.applicant_count == 2
        assert case.assigned_on == TODAY
        assert case.created_by_id == actor
        assert case.due_date == dt.date(2026, 4, 2)
        assert case.statutory_due_date == dt.date(2026, 9, 2)
        parties = s.scalars(select(Party).where(Party.case_id == case_id)).all()
        assert [(p.side.value, p.name, p.party_type) for p in parties] == [
            ("applicant", "张三", ""),
            ("applicant", "王五", ""),
            ("respondent", "李四", "自然人"),
            ("respondent", "某公司", "法人"),
        ]
        decision = s.scalars(select(TriageDecision)).one()
        assert decision.ticked == ["S2"]
        assert decision.proposed_track is Track.SIMPLE
        assert decision.final_track is Track.SIMPLE
        assert decision.deciding == ["S2"]
        assert decision.override_reason is None
        assert decision.decided_by_id == actor
        texts = s.get(CriteriaVersion, decision.criteria_version_id).texts  # type: ignore[union-attr]
        assert texts["S2"].startswith("没有查询到可供执行财产")
        assert len(texts) == 15
        assignment = s.scalars(select(Assignment)).one()
        assert assignment.kind == "intake"
        assert assignment.group_id == case.group_id
        assert assignment.suggested_group_id == case.group_id
        assert assignment.assigned_by_id == actor
        history = s.scalars(select(HistoryEntry.summary).order_by(HistoryEntry.id)).all()
        assert history[0].startswith("收案：（2026）吉0605执1号")
        assert "依据 S2" in history[1]
        assert "第一办案组（王爱军）（按建议）" in history[2]


def test_ordinary_and_special_go_to_a_judge_of_the_ordinary_team(
    sessions: sessionmaker[Session],
) -> None:
    first = save_intake(sessions, IntakeRequest(draft(), TriageRequest(("O1",))), None, TODAY)
    second = save_intake(
        sessions,
        IntakeRequest(draft("(2026)吉0605执2号"), TriageRequest(("X2", "S1"))),
        None,
        TODAY,
    )
    nothing = save_intake(
        sessions, IntakeRequest(draft("(2026)吉0605执3号"), TriageRequest()), None, TODAY
    )
    with sessions() as s:
        cases = [s.get(Case, i) for i in (first, second, nothing)]
        assert [c.track for c in cases] == [Track.ORDINARY, Track.SPECIAL, Track.ORDINARY]
        assert {c.team.code for c in cases} == {"ordinary"}
        assert [c.group_id for c in cases] == [None, None, None]
        assert [c.judge.name for c in cases] == ["王爱军", "姜福义", "战殿有"]
        assert cases[0].due_date == dt.date(2026, 9, 2)
        default = s.scalars(select(TriageDecision).where(TriageDecision.case_id == nothing)).one()
        assert default.deciding == ["O6"]


def test_override_needs_a_reason_and_is_kept(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(UserError) as caught:
        save_intake(
            sessions,
            IntakeRequest(draft(), TriageRequest(("S2",), Track.ORDINARY, "  ")),
            None,
            TODAY,
        )
    assert caught.value.field == "override_reason"
    assert "调整理由" in caught.value.message
    assert count(sessions, Case) == 0
    assert count(sessions, TriageDecision) == 0
    case_id = save_intake(
        sessions,
        IntakeRequest(draft(), TriageRequest(("S2",), Track.ORDINARY, "有房产待处分")),
        None,
        TODAY,
    )
    with sessions() as s:
        decision = s.scalars(select(TriageDecision)).one()
        assert (decision.proposed_track, decision.final_track) == (Track.SIMPLE, Track.ORDINARY)
        assert decision.override_reason == "有房产待处分"
        assert s.get(Case, case_id).team.code == "ordinary"  # type: ignore[union-attr]


def test_override_equal_to_proposal_needs_no_reason(sessions: sessionmaker[Session]) -> None:
    save_intake(
        sessions, IntakeRequest(draft(), TriageRequest(("S2",), Track.SIMPLE, "")), None, TODAY
    )
    with sessions() as s:
        assert s.scalars(select(TriageDecision.override_reason)).one() is None


def test_prefill_is_recorded_as_suggested(sessions: sessionmaker[Session]) -> None:
    d = draft("(2026)吉0605执保5号", respondents=[("某镇人民政府", "党政机关")], amount="1000000")
    save_intake(sessions, IntakeRequest(d, TriageRequest(("S5", "X1"))), None, TODAY)
    with sessions() as s:
        decision = s.scalars(select(TriageDecision)).one()
        assert decision.suggested == ["S5", "O4", "X1"]
        assert decision.ticked == ["S5", "X1"]
        assert decision.final_track is Track.SPECIAL


def test_refusals_write_nothing(sessions: sessionmaker[Session]) -> None:
    save_intake(sessions, IntakeRequest(draft(), TriageRequest(("S2",))), None, TODAY)
    before = [count(sessions, e) for e in (Case, Party, TriageDecision, Assignment, HistoryEntry)]
    for bad in (
        draft("（2026）吉0605执1号"),  # duplicate, other parentheses
        draft("(2026)吉0605执2号", filing_date=dt.date(2026, 3, 3)),
        draft("(2026)吉0605执2号", amount="-5"),
        draft("(2026)吉0605执2号", amount="abc"),
        draft("(2026)吉0605执2"),
    ):
        with pytest.raises(DraftError) as caught:
            save_intake(sessions, IntakeRequest(bad, TriageRequest(("S2",))), None, TODAY)
        assert caught.value.errors
    after = [count(sessions, e) for e in (Case, Party, TriageDecision, Assignment, HistoryEntry)]
    assert after == before


def test_duplicate_message_names_the_case(sessions: sessionmaker[Session]) -> None:
    save_intake(sessions, IntakeRequest(draft(), TriageRequest(("S2",))), None, TODAY)
    errors = check(sessions, draft(" ( 2026 ) 吉0605执１号 "))
    assert "已经收案" in errors["number"]


def test_chosen_group_and_wrong_team_refused(sessions: sessionmaker[Session]) -> None:
    with sessions() as s:
        third = s.scalar(select(CaseGroup.id).where(CaseGroup.name == "第三办案组"))
        judge = s.scalar(select(Person.id).where(Person.name == "姜福义"))
    case_id = save_intake(
        sessions, IntakeRequest(draft(), TriageRequest(("S1",), None, None, third)), None, TODAY
    )
    with sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None and case.group_id == third and case.judge.name == "战殿有"
        assignment = s.scalars(select(Assignment)).one()
        assert assignment.suggested_group_id != third
        assert (
            "建议为 第一办案组（王爱军）"
            in s.scalars(select(HistoryEntry.summary).where(HistoryEntry.kind == "assign")).one()
        )
    with pytest.raises(UserError, match="办案组"):
        save_intake(
            sessions,
            IntakeRequest(draft("(2026)吉0605执2号"), TriageRequest(("O1",), None, None, third)),
            None,
            TODAY,
        )
    case_id = save_intake(
        sessions,
        IntakeRequest(draft("(2026)吉0605执2号"), TriageRequest(("O1",), None, None, None, judge)),
        None,
        TODAY,
    )
    with sessions() as s:
        assert s.get(Case, case_id).judge_id == judge  # type: ignore[union-attr]


def test_snapshot_survives_criterion_edit(sessions: sessionmaker[Session]) -> None:
    first = save_intake(sessions, IntakeRequest(draft(), TriageRequest(("S2",))), None, TODAY)
    second = save_intake(
        sessions,
        IntakeRequest(draft("(2026)吉0605执2号"), TriageRequest(("S2",))),
        None,
        TODAY,
    )
    with sessions.begin() as s:
        s.get(Criterion, "S2").text = "新的表述"  # type: ignore[union-attr]
    third = save_intake(
        sessions,
        IntakeRequest(draft("(2026)吉0605执3号"), TriageRequest(("S2",))),
        None,
        TODAY,
    )
    seen = {
        case_id: load_case(sessions, case_id).decisions[0].criteria_texts
        for case_id in (first, second, third)
    }
    assert seen[first]["S2"].startswith("没有查询到") and seen[first] == seen[second]
    assert seen[third]["S2"] == "新的表述" and len(seen[third]) == 15
    with sessions() as s:
        # one stored wording per version of the checklist, not one copy per decision
        assert s.scalar(select(func.count()).select_from(CriteriaVersion)) == 2
        assert s.scalar(select(Team.name).where(Team.code == "fast")) == "执行速执团队"


@pytest.mark.parametrize("text", ["1e309", "9" * 40, "1E+100"])
def test_a_huge_amount_is_refused_not_crashed(text: str) -> None:
    with pytest.raises(UserError, match="标的额过大"):
        parse_amount(text)
