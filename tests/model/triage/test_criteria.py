"""分流标准 as data: edit, add, deactivate; thresholds; the triage context."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session, sessionmaker

from model.entities import Track
from model.errors import UserError
from model.triage.criteria import (
    add_criterion,
    list_criteria,
    load_triage_context,
    save_triage_settings,
    thresholds,
)

KEEP = ("1000000", "10")  # the seeded thresholds, given back unchanged


def codes(sessions: sessionmaker[Session], include_inactive: bool = False) -> list[str]:
    with sessions() as s:
        return [c.code for c in list_criteria(s, include_inactive)]


def test_checklist_order(sessions: sessionmaker[Session]) -> None:
    assert codes(sessions) == [
        *(f"S{i}" for i in range(1, 7)),
        *(f"O{i}" for i in range(1, 7)),
        "X1",
        "X2",
        "X3",
    ]


def test_context(sessions: sessionmaker[Session]) -> None:
    context = load_triage_context(sessions)
    assert context.court_code == "吉0605"
    assert "执保" in context.type_codes
    assert context.thresholds.large_amount == Decimal("1000000")
    assert context.thresholds.many_applicants == 10
    assert context.rules.preservation_criterion == "S5"
    assert context.tracks["X3"] is Track.SPECIAL


def test_edit_add_deactivate(sessions: sessionmaker[Session]) -> None:
    save_triage_settings(sessions, *KEEP, {"S6": "  其他简单 易执案件 "}, {})
    assert load_triage_context(sessions).texts["S6"] == "其他简单 易执案件"
    assert add_criterion(sessions, Track.SIMPLE, "小额案件") == "S7"
    assert add_criterion(sessions, Track.SPECIAL, "涉外案件") == "X4"
    assert codes(sessions)[6] == "S7" and codes(sessions)[-1] == "X4"
    save_triage_settings(sessions, *KEEP, {}, {"S7": False})
    assert "S7" not in codes(sessions)
    assert "S7" in codes(sessions, include_inactive=True)
    save_triage_settings(sessions, *KEEP, {}, {"S7": True})
    assert "S7" in codes(sessions)


def test_refusals(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(UserError, match="不能为空"):
        save_triage_settings(sessions, *KEEP, {"S1": "   "}, {})
    with pytest.raises(UserError, match="没有代码为 Q1"):
        save_triage_settings(sessions, *KEEP, {"Q1": "x"}, {})
    with pytest.raises(UserError, match="没有代码为 Q2"):
        save_triage_settings(sessions, *KEEP, {}, {"Q2": False})
    save_triage_settings(sessions, *KEEP, {}, {"X1": False, "X2": False})
    with pytest.raises(UserError, match="至少要保留一条"):
        save_triage_settings(sessions, *KEEP, {}, {"X3": False})


def test_thresholds(sessions: sessionmaker[Session]) -> None:
    save_triage_settings(sessions, "2,000,000", "5", {}, {})
    assert thresholds(sessions) == (Decimal("2000000"), 5)
    with pytest.raises(UserError):
        save_triage_settings(sessions, "500000", "0", {}, {})
    assert thresholds(sessions) == (Decimal("2000000"), 5)  # nothing written


def test_save_triage_settings_is_all_or_nothing(sessions: sessionmaker[Session]) -> None:
    save_triage_settings(sessions, "300000", "4", {"S1": "账户资金足额清偿"}, {"S6": False})
    context = load_triage_context(sessions)
    assert context.thresholds.large_amount == Decimal("300000")
    assert context.texts["S1"] == "账户资金足额清偿"
    assert "S6" not in context.texts
    with pytest.raises(UserError, match="至少要保留一条"):
        save_triage_settings(
            sessions, "500000", "4", {"S2": "改"}, {"X1": False, "X2": False, "X3": False}
        )
    with pytest.raises(UserError, match="S2 的内容不能为空"):
        save_triage_settings(sessions, "500000", "4", {"S2": " "}, {})
    context = load_triage_context(sessions)
    assert context.thresholds.large_amount == Decimal("300000")
    assert context.texts["S2"].startswith("没有查询到")
