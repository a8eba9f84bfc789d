"""The diversion rule and the pre-filled ticks (SPEC §2), case by case."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from model.entities import Track
from model.errors import UserError
from model.storage.seed import DATA_DIR
from model.triage.rule import PrefillRules, Thresholds, prefill, propose

CRITERIA = {
    item["code"]: Track(item["track"])
    for item in json.loads((DATA_DIR / "criteria.json").read_text("utf-8"))["criteria"]
}
RULES = PrefillRules.from_data(
    json.loads((DATA_DIR / "criteria.json").read_text("utf-8"))["prefill"]
)
LIMITS = Thresholds(large_amount=Decimal("1000000"), many_applicants=10)


def test_shipped_checklist_has_fifteen_criteria() -> None:
    assert len(CRITERIA) == 15
    assert [c for c, t in CRITERIA.items() if t is Track.SIMPLE] == [f"S{i}" for i in range(1, 7)]


@pytest.mark.parametrize(
    ("ticked", "track", "deciding"),
    [
        (set(), Track.ORDINARY, ("O6",)),
        ({"S1"}, Track.SIMPLE, ("S1",)),
        ({"S2", "S5"}, Track.SIMPLE, ("S2", "S5")),
        ({"S6", "S1", "S3"}, Track.SIMPLE, ("S1", "S3", "S6")),
        ({"O1"}, Track.ORDINARY, ("O1",)),
        ({"S1", "O2"}, Track.ORDINARY, ("O2",)),
        ({"S2", "O4", "O5"}, Track.ORDINARY, ("O4", "O5")),
        ({"X1"}, Track.SPECIAL, ("X1",)),
        ({"S1", "O1", "X3"}, Track.SPECIAL, ("X3",)),
        ({"X2", "X1", "O6", "S6"}, Track.SPECIAL, ("X1", "X2")),
        (set(CRITERIA), Track.SPECIAL, ("X1", "X2", "X3")),
    ],
)
def test_rule(ticked: set[str], track: Track, deciding: tuple[str, ...]) -> None:
    proposal = propose(ticked, CRITERIA)
    assert proposal.track is track
    assert proposal.deciding_codes == deciding
    assert proposal.by_default == (not ticked)


@pytest.mark.parametrize("code", [c for c in CRITERIA])
def test_each_criterion_alone_decides_its_own_track(code: str) -> None:
    proposal = propose([code], CRITERIA)
    assert proposal.track is CRITERIA[code]
    assert proposal.deciding_codes == (code,)


def test_rule_is_data_driven() -> None:
    criteria = {"A": Track.SIMPLE, "B": Track.SPECIAL}
    assert propose({"A"}, criteria).track is Track.SIMPLE
    assert propose({"A", "B"}, criteria).deciding_codes == ("B",)
    assert propose(set(), criteria, default_code="Z").deciding_codes == ("Z",)


def test_unknown_code_is_refused() -> None:
    with pytest.raises(UserError, match="未知的分流标准：Q9"):
        propose({"S1", "Q9"}, CRITERIA)


@pytest.mark.parametrize(
    ("type_code", "respondents", "amount", "applicants", "expected"),
    [
        ("执", [], None, None, set()),
        ("执", ["自然人", "法人"], Decimal("5000"), 1, set()),
        ("执保", [], None, 1, {"S5"}),
        ("执", ["自然人", "党政机关"], None, 1, {"O4"}),
        ("执", [], Decimal("999999.99"), 9, set()),
        ("执", [], Decimal("1000000"), 1, {"X1"}),
        ("执", [], Decimal("2500000.50"), 1, {"X1"}),
        ("执", [], None, 10, {"X1"}),
        ("执", [], Decimal("1"), 25, {"X1"}),
        ("执保", ["党政机关"], Decimal("1000000"), 12, {"S5", "O4", "X1"}),
        (None, ["非法人组织"], None, None, set()),
    ],
)
def test_prefill(
    type_code: str | None,
    respondents: list[str],
    amount: Decimal | None,
    applicants: int | None,
    expected: set[str],
) -> None:
    assert prefill(type_code, respondents, amount, applicants, LIMITS, RULES) == expected


def test_prefill_follows_thresholds_and_rules() -> None:
    low = Thresholds(large_amount=Decimal("50000"), many_applicants=3)
    assert prefill("执", [], Decimal("50000"), 1, low, RULES) == {"X1"}
    assert prefill("执", [], None, 3, low, RULES) == {"X1"}
    rules = PrefillRules.from_data(
        {"preservation_type_codes": ["执保", "执恢"], "large_case_criterion": "X9"}
    )
    assert prefill("执恢", [], Decimal("50000"), 1, low, rules) == {"S5", "X9"}
