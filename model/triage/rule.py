"""繁简分流: the diversion rule and the pre-filled ticks, as pure functions over data (SPEC §2).

Nothing here knows the fifteen criteria by heart: the codes, their tracks and the
codes intake pre-ticks all come in as data, so a new version of the bureau's rules
needs new data, not a new program.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from model.entities import Track
from model.errors import UserError

DEFAULT_CODE = "O6"
"""其他不宜识别为简易案件的: the reason given when nothing is ticked."""

GOVERNMENT_TYPE = "党政机关"

_PRECEDENCE = (Track.SPECIAL, Track.ORDINARY, Track.SIMPLE)


@dataclass(frozen=True)
class Proposal:
    """The proposed track and the criteria that decided it."""

    track: Track
    deciding_codes: tuple[str, ...]
    by_default: bool = False  # nothing was ticked: ordinary, "simple only when something says so"


@dataclass(frozen=True)
class Thresholds:
    """The office's thresholds for X1 (settings)."""

    large_amount: Decimal
    many_applicants: int


@dataclass(frozen=True)
class PrefillRules:
    """Which codes intake pre-ticks from what it already knows (data/criteria.json "prefill")."""

    preservation_type_codes: frozenset[str] = frozenset({"执保"})
    preservation_criterion: str = "S5"
    government_respondent_criterion: str = "O4"
    large_case_criterion: str = "X1"
    government_type: str = GOVERNMENT_TYPE

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> PrefillRules:
        """Read the "prefill" section of data/criteria.json; missing keys keep the defaults."""
        defaults = cls()
        return cls(
            preservation_type_codes=frozenset(
                data.get("preservation_type_codes", defaults.preservation_type_codes)
            ),
            preservation_criterion=data.get(
                "preservation_criterion", defaults.preservation_criterion
            ),
            government_respondent_criterion=data.get(
                "government_respondent_criterion", defaults.government_respondent_criterion
            ),
            large_case_criterion=data.get("large_case_criterion", defaults.large_case_criterion),
            government_type=data.get("government_type", defaults.government_type),
        )


def propose(
    ticked_codes: Iterable[str],
    criteria: Mapping[str, Track],
    default_code: str = DEFAULT_CODE,
) -> Proposal:
    """Any special → special; else any ordinary → ordinary; else any simple → simple;
    nothing ticked → ordinary, decided by ``default_code`` (O6).

    ``criteria`` maps each code to its track, in checklist order; the deciding codes
    come back in that order. A code not in ``criteria`` is refused.
    """
    ticked = set(ticked_codes)
    unknown = sorted(code for code in ticked if code not in criteria)
    if unknown:
        raise UserError(f"未知的分流标准：{'、'.join(unknown)}。", field="triage")
    if not ticked:
        return Proposal(Track.ORDINARY, (default_code,), by_default=True)
    for track in _PRECEDENCE:
        deciding = tuple(code for code, on in criteria.items() if on is track and code in ticked)
        if deciding:
            return Proposal(track, deciding)
    raise AssertionError("unreachable: every ticked code has a track")


def prefill(
    type_code: str | None,
    respondent_types: Iterable[str],
    amount: Decimal | None,
    applicant_count: int | None,
    thresholds: Thresholds,
    rules: PrefillRules,
) -> set[str]:
    """The criteria intake ticks for the clerk from the case's data (the clerk may untick them).

    执保 → S5; a 党政机关 respondent → O4; amount ≥ the large-amount threshold or
    applicants ≥ the many-applicants threshold → X1.
    """
    codes: set[str] = set()
    if type_code in rules.preservation_type_codes:
        codes.add(rules.preservation_criterion)
    if any(kind == rules.government_type for kind in respondent_types):
        codes.add(rules.government_respondent_criterion)
    large = amount is not None and amount >= thresholds.large_amount
    many = applicant_count is not None and applicant_count >= thresholds.many_applicants
    if large or many:
        codes.add(rules.large_case_criterion)
    return codes
