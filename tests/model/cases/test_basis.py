"""执行依据类别: the list as data, the kind at intake and in a ledger, its correction."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import PermissionDenied
from model.cases.basis import (
    add_basis_kind,
    basis_kinds,
    correct_basis_kind,
    set_basis_kind_marking,
)
from model.cases.draft import CaseDraft, DraftError
from model.cases.events.closing import close_case
from model.cases.intake import IntakeRequest, TriageRequest, save_intake
from model.entities import Case, Closing, HistoryEntry
from model.errors import UserError
from model.ledger.check import import_ledger
from tests.factories import person_by_name, recorded_changes, snapshot
from tests.ledger_files import write_ledger

D = dt.date
TODAY = D(2026, 6, 1)


def _id(sessions: sessionmaker[Session], name: str) -> int:
    with sessions() as s:
        return person_by_name(s, name).id


def _intake(sessions: sessionmaker[Session], kind: str, number: int = 1) -> int:
    draft = CaseDraft(
        number=f"（2026）吉0605执{number}号",
        filing_date=D(2026, 3, 2),
        applicants=["张三"],
        respondents=[("李四", "自然人")],
        basis_kind=kind,
    )
    return save_intake(sessions, IntakeRequest(draft, TriageRequest(("O6",))), None, TODAY)


def _case(sessions: sessionmaker[Session], case_id: int) -> Case:
    with sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None
        return case


def test_the_seeded_list_marks_the_non_litigation_documents(
    sessions: sessionmaker[Session],
) -> None:
    kinds = {k.name: k.non_litigation for k in basis_kinds(sessions)}
    assert [name for name, flag in kinds.items() if flag] == [
        "仲裁裁决书", "公证债权文书", "行政机关决定",
    ]  # fmt: skip
    assert list(kinds)[-1] == "其他" and len(kinds) == 9
    shipped = json.loads((Path("data") / "basis_kinds.json").read_text(encoding="utf-8"))
    assert [k["name"] for k in shipped["kinds"]] == list(kinds)


def test_intake_takes_the_statutory_limit_from_the_kind(sessions: sessionmaker[Session]) -> None:
    arbitral = _case(sessions, _intake(sessions, "仲裁裁决书", 1))
    judgment = _case(sessions, _intake(sessions, "民事判决书", 2))
    other = _case(sessions, _intake(sessions, "", 3))
    assert (arbitral.basis_kind, arbitral.non_litigation) == ("仲裁裁决书", True)
    assert arbitral.statutory_due_date == D(2026, 6, 2)  # 3 months
    assert judgment.statutory_due_date == D(2026, 9, 2) and not judgment.non_litigation
    assert (other.basis_kind, other.non_litigation) == ("其他", False)


def test_a_kind_not_on_the_list_is_refused(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(DraftError) as error:
        _intake(sessions, "支付令")
    assert error.value.errors["basis_kind"].startswith("执行依据类别“支付令”不在列表中")


def test_a_clerk_corrects_the_kind_and_the_statutory_date_follows(
    sessions: sessionmaker[Session],
) -> None:
    case_id = _intake(sessions, "其他")
    clerk = _id(sessions, "高博")
    correct_basis_kind(sessions, case_id, "公证债权文书", "立案时误选", clerk)
    case = _case(sessions, case_id)
    assert (case.basis_kind, case.non_litigation) == ("公证债权文书", True)
    assert case.statutory_due_date == D(2026, 6, 2)
    assert case.due_date == D(2026, 9, 2)  # the track limit is the team's own
    with sessions() as s:
        lines = list(s.scalars(select(HistoryEntry.summary).where(HistoryEntry.case_id == case_id)))
    audit = [c for c in recorded_changes(sessions, entity="cases") if c.case_id == case_id]
    expected = (
        "更正执行依据类别：由“其他”改为“公证债权文书”，法定期限 3 个月（非诉执行），"
        "理由：立案时误选；法定到期日 2026-09-02 → 2026-06-02"
    )
    assert any(line.startswith(expected) for line in lines)
    changed = [c for c in audit if "公证债权文书" in c.after.values()]
    assert changed and changed[0].action == "update" and changed[0].actor_id == clerk
    assert "其他" in changed[0].before.values()


def test_correcting_a_closed_case_judges_its_closing_again(
    sessions: sessionmaker[Session],
) -> None:
    case_id = _intake(sessions, "民事判决书")
    closing = close_case(sessions, case_id, D(2026, 7, 1), "执行完毕", None, today=D(2026, 7, 2))
    chief = _id(sessions, "王爱军")
    correct_basis_kind(sessions, case_id, "行政机关决定", "执行依据为行政处罚决定书", chief)
    with sessions() as s:
        row = s.get(Closing, closing)
        assert row is not None and not row.met_statutory_limit  # due 06-02, closed 07-01
        assert row.met_track_limit


@pytest.mark.parametrize(
    ("who", "kind", "reason", "message"),
    [
        ("战殿有", "仲裁裁决书", "x", "无权更正执行依据类别"),  # a judge
        ("高博", "仲裁裁决书", "  ", "请填写更正理由。"),
        ("高博", "支付令", "x", "执行依据类别“支付令”不在列表中"),
        ("高博", "其他", "x", "本案的执行依据类别已是“其他”，无需更正。"),
    ],
)
def test_bad_corrections_are_refused_and_write_nothing(
    sessions: sessionmaker[Session], who: str, kind: str, reason: str, message: str
) -> None:
    case_id = _intake(sessions, "其他")
    with sessions() as s:
        before = snapshot(s, case_id)
    with pytest.raises(UserError, match=message):
        correct_basis_kind(sessions, case_id, kind, reason, _id(sessions, who))
    with sessions() as s:
        assert snapshot(s, case_id) == before


def test_the_list_is_edited_by_the_chief_not_by_a_clerk(sessions: sessionmaker[Session]) -> None:
    chief, clerk = _id(sessions, "王爱军"), _id(sessions, "高博")
    with pytest.raises(PermissionDenied, match="无权修改执行依据类别列表"):
        add_basis_kind(sessions, "支付令", False, clerk)
    add_basis_kind(sessions, " 支付令 ", False, chief)
    set_basis_kind_marking(sessions, "仲裁裁决书", False, chief)
    kinds = {k.name: k.non_litigation for k in basis_kinds(sessions)}
    assert list(kinds)[-1] == "支付令" and not kinds["仲裁裁决书"]
    with pytest.raises(UserError, match="已经在列表中"):
        add_basis_kind(sessions, "支付令", True, chief)
    assert not _case(sessions, _intake(sessions, "仲裁裁决书")).non_litigation


def test_the_ledger_column_names_the_kind(sessions: sessionmaker[Session], tmp_path: Path) -> None:
    path = write_ledger(
        tmp_path / "l.xlsx",
        ["案号", "立案日期", "执行依据类别"],
        [
            ["（2026）吉0605执1号", D(2026, 3, 2), "仲裁裁决书"],
            ["（2026）吉0605执2号", D(2026, 3, 2), None],
            ["（2026）吉0605执3号", D(2026, 3, 2), "公证债权文书（非诉）"],
            ["（2026）吉0605执4号", D(2026, 3, 2), "支付令"],
        ],
    )
    result, checked = import_ledger(sessions, path, None, TODAY, skip_bad=True)
    assert result.imported == 3
    assert [p.row for p in checked.problems] == [5]
    assert "执行依据类别“支付令”不在列表中" in checked.problems[0].text
    with sessions() as s:
        rows = dict(s.execute(select(Case.basis_kind, Case.statutory_due_date)).all())
    assert rows == {
        "仲裁裁决书": D(2026, 6, 2),
        "其他": D(2026, 9, 2),
        "公证债权文书": D(2026, 6, 2),
    }
