"""分流标准 as editable data: the checklist, its thresholds, and the context triage needs.

Editing a criterion changes the checklist for cases triaged from now on; every
recorded TriageDecision names the version of the texts it was decided on
(``criteria_versions``, each wording stored once), so an edit never rewrites an old
case. Criteria are deactivated, never deleted.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, authorise
from model.entities import CaseType, CriteriaVersion, Criterion, Track
from model.errors import UserError
from model.storage.seed import DATA_DIR, load_data
from model.triage.rule import PrefillRules, Thresholds
from model.triage.settings import (
    COURT_CODE,
    LARGE_AMOUNT,
    MANY_APPLICANTS,
    get_setting,
    large_amount_threshold,
    many_applicants_threshold,
    set_setting,
)

CODE_PREFIX = {Track.SIMPLE: "S", Track.ORDINARY: "O", Track.SPECIAL: "X"}


@dataclass(frozen=True)
class CriterionInfo:
    """A criterion as the checklist shows it."""

    code: str
    track: Track
    text: str
    active: bool
    ordinal: int


@dataclass(frozen=True)
class TriageContext:
    """Everything intake needs to triage a case, read once (a ledger import reuses it)."""

    criteria: tuple[CriterionInfo, ...]  # the active ones, in checklist order
    thresholds: Thresholds
    rules: PrefillRules
    court_code: str
    type_codes: frozenset[str]

    # Worked out once: a ledger import asks for them several times for each of its rows.
    @cached_property
    def tracks(self) -> dict[str, Track]:
        """Code → track of the active criteria, in checklist order."""
        return {c.code: c.track for c in self.criteria}

    @cached_property
    def texts(self) -> dict[str, str]:
        """Code → text of the active criteria: the snapshot kept with each decision."""
        return {c.code: c.text for c in self.criteria}


def prefill_rules(data_dir: Path = DATA_DIR) -> PrefillRules:
    """The pre-fill rules shipped in data/criteria.json."""
    return PrefillRules.from_data(load_data("criteria.json", data_dir).get("prefill", {}))


def list_criteria(session: Session, include_inactive: bool = False) -> list[CriterionInfo]:
    """The criteria in checklist order (track, then ordinal)."""
    query = select(Criterion)
    if not include_inactive:
        query = query.where(Criterion.active)
    rows = session.scalars(query.order_by(Criterion.ordinal, Criterion.code)).all()
    order = {Track.SIMPLE: 0, Track.ORDINARY: 1, Track.SPECIAL: 2}
    infos = [CriterionInfo(r.code, r.track, r.text, r.active, r.ordinal) for r in rows]
    return sorted(infos, key=lambda c: (order[c.track], c.ordinal, c.code))


def triage_context(session: Session) -> TriageContext:
    """Read the active criteria, thresholds, pre-fill rules, court code and type codes."""
    return TriageContext(
        criteria=tuple(list_criteria(session)),
        thresholds=Thresholds(
            large_amount=large_amount_threshold(session),
            many_applicants=many_applicants_threshold(session),
        ),
        rules=prefill_rules(),
        court_code=get_setting(session, COURT_CODE, ""),
        type_codes=frozenset(session.scalars(select(CaseType.code))),
    )


def texts_digest(texts: dict[str, str]) -> str:
    """The key of a wording of the checklist: sha256 of its compact, sorted JSON."""
    text = json.dumps(texts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def criteria_version_id(session: Session, texts: dict[str, str]) -> int:
    """The id of the stored version of ``texts``, adding it the first time it is used.

    Kept in ``session.info`` for the session's life: an import asks once per case.
    """
    digest = texts_digest(texts)
    known: dict[str, int] = session.info.setdefault("criteria_versions", {})
    if digest in known:
        return known[digest]
    found = session.scalar(select(CriteriaVersion.id).where(CriteriaVersion.digest == digest))
    if found is None:
        version = CriteriaVersion(digest=digest, texts=dict(texts))
        session.add(version)
        session.flush()
        found = version.id
    known[digest] = found
    return found


def load_triage_context(sessions: sessionmaker[Session]) -> TriageContext:
    """``triage_context`` in a short read-only session (for the window)."""
    with sessions() as session:
        return triage_context(session)


def add_criterion(
    sessions: sessionmaker[Session], track: Track, text: str, *, actor_id: int | None = None
) -> str:
    """Add a criterion at the end of its track's group; its new code (S7, O7, X4 …)."""
    text = _clean(text)
    prefix = CODE_PREFIX[track]
    with sessions.begin() as session:
        authorise(session, actor_id, Action.EDIT_CRITERIA)
        codes = session.scalars(select(Criterion.code)).all()
        numbers = [int(m.group(1)) for c in codes if (m := re.fullmatch(prefix + r"(\d+)", c))]
        code = f"{prefix}{max(numbers, default=0) + 1}"
        ordinal = session.scalar(select(func.max(Criterion.ordinal))) or 0
        session.add(Criterion(code=code, track=track, text=text, ordinal=ordinal + 1))
    return code


def thresholds(sessions: sessionmaker[Session]) -> tuple[Decimal, int]:
    """The current (large amount, many applicants) thresholds."""
    with sessions() as session:
        return large_amount_threshold(session), many_applicants_threshold(session)


def _clean(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise UserError("分流标准的内容不能为空。", field="text")
    return text


def save_triage_settings(
    sessions: sessionmaker[Session],
    large_amount: str,
    many_applicants: str,
    texts: dict[str, str],
    active: dict[str, bool],
    *,
    actor_id: int | None = None,
) -> None:
    """The settings dialog's changes (thresholds, wording, on/off) in one transaction.

    ``texts``: new wording by code (recorded decisions keep theirs); ``active``: a
    criterion taken off the checklist (False) or put back — never deleted; each track
    keeps at least one. The thresholds are validated by ``set_setting``.
    """
    with sessions.begin() as session:
        authorise(session, actor_id, Action.EDIT_SETTINGS)
        authorise(session, actor_id, Action.EDIT_CRITERIA)
        set_setting(session, LARGE_AMOUNT, large_amount.replace(",", "").replace("，", ""))
        set_setting(session, MANY_APPLICANTS, many_applicants)
        rows = {row.code: row for row in session.scalars(select(Criterion))}
        for code, text in texts.items():
            if code not in rows:
                raise UserError(f"没有代码为 {code} 的分流标准。", field="code")
            try:
                rows[code].text = _clean(text)
            except UserError:
                raise UserError(f"{code} 的内容不能为空。", field="text") from None
        for code, on in active.items():
            if code not in rows:
                raise UserError(f"没有代码为 {code} 的分流标准。", field="code")
            rows[code].active = on
        for track in Track:
            if not any(r.active for r in rows.values() if r.track is track):
                raise UserError(f"“{track.label}”类至少要保留一条启用的分流标准。", field="code")
