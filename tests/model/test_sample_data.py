"""The generated data: deterministic, a real bureau's mix, and clocks the program agrees with."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from model.calendar.clock import refresh_all_clocks
from model.cases.events.property_check import FINAL_METHOD
from model.entities import Case, CaseStatus, Closing, PropertyCheck, Track
from model.reports.reminders import ReminderKind, compute_reminders
from tests.sample_data import generate_cases


def snapshot(sessions: sessionmaker[Session]) -> dict[int, tuple]:
    with sessions() as session:
        return {
            case.id: (
                case.number,
                case.due_date,
                case.statutory_due_date,
                case.status,
                case.days_left_at_suspension,
                case.closed_on,
            )
            for case in session.scalars(select(Case))
        }


def test_generation_is_deterministic_and_consistent(sessions, tmp_path) -> None:
    from model.storage.store import open_store

    summary = generate_cases(sessions, 1500, seed=7)
    assert summary.cases == 1500
    other = open_store(tmp_path / "other.sqlite")
    try:
        generate_cases(other.sessions, 1500, seed=7)
        assert snapshot(other.sessions) == snapshot(sessions)
    finally:
        other.close()

    generated = snapshot(sessions)
    with sessions.begin() as session:
        refresh_all_clocks(session)
    assert snapshot(sessions) == generated  # the program computes the same clocks

    with sessions() as session:
        by_track = dict(
            session.execute(select(Case.track, func.count()).group_by(Case.track)).all()
        )
        by_status = dict(
            session.execute(select(Case.status, func.count()).group_by(Case.status)).all()
        )
        closings = session.scalar(select(func.count()).select_from(Closing))
    assert by_track[Track.SIMPLE] > 400 and by_track[Track.ORDINARY] > 300
    assert by_track[Track.SPECIAL] > 20
    assert by_status[CaseStatus.CLOSED] == closings > 1000
    assert by_status[CaseStatus.PENDING] > 20


def test_the_backlog_looks_like_a_working_bureau(sessions) -> None:
    """Most cases closed, a few in a hundred of the open ones overdue, almost no old ones."""
    today = dt.date(2026, 11, 28)
    generate_cases(sessions, 3000, seed=11, today=today)
    with sessions() as session:
        open_cases = session.execute(
            select(Case.filing_date, Case.due_date).where(Case.status != CaseStatus.CLOSED)
        ).all()
    overdue = [filed for filed, due in open_cases if due is not None and due < today]
    old = [filed for filed, _ in open_cases if filed < today - dt.timedelta(days=2 * 365)]
    assert 20 < len(open_cases) < 0.05 * 3000
    assert len(overdue) <= 0.12 * len(open_cases)
    assert len(old) <= 0.1 * len(open_cases)
    # 终本 cases have their property checks on record; only a few recent ones are late.
    with sessions() as session:
        finals = session.scalar(
            select(func.count()).select_from(Case).where(Case.closing_method == FINAL_METHOD)
        )
        checks = session.scalar(select(func.count()).select_from(PropertyCheck))
        todo = compute_reminders(session, today, None)
    late = [item for item in todo.items if item.kind is ReminderKind.PROPERTY_CHECK]
    assert finals and checks > 2 * finals
    assert len(late) <= 0.1 * finals


def test_generation_adds_to_existing_cases_without_clashing(sessions) -> None:
    generate_cases(sessions, 300, seed=1)
    generate_cases(sessions, 300, seed=1)
    with sessions() as session:
        assert session.scalar(select(func.count(func.distinct(Case.number)))) == 600


def test_a_generated_database_accepts_an_intake_afterwards(sessions) -> None:
    """Issue 21: on PostgreSQL the generator once left the id sequences at 1."""
    import datetime as dt

    from model.cases.draft import CaseDraft
    from model.cases.intake import IntakeRequest, TriageRequest, save_intake
    from model.entities import HistoryEntry, Party

    generate_cases(sessions, 120, seed=3)
    draft = CaseDraft(
        number="(2026)吉0605执99999号",
        filing_date=dt.date(2026, 11, 27),
        applicants=["张三"],
        respondents=[("李四", "自然人")],
        amount="5000",
    )
    case_id = save_intake(
        sessions, IntakeRequest(draft, TriageRequest()), None, dt.date(2026, 11, 28)
    )
    with sessions() as session:
        assert case_id > 120
        assert session.get(Case, case_id).number == "（2026）吉0605执99999号"
        assert session.scalar(select(func.count()).select_from(Party).where(
            Party.case_id == case_id)) == 2  # fmt: skip
        assert session.scalar(select(func.count()).select_from(HistoryEntry).where(
            HistoryEntry.case_id == case_id)) == 3  # fmt: skip


def test_a_generated_database_agrees_with_its_audit_record(sessions) -> None:
    """The benchmark's audit-verify and check work on what the program would have written."""
    from model.access.audit_chain import verify
    from model.access.audit_rows import verify_rows

    generate_cases(sessions, 200, seed=5)
    assert verify(sessions).ok
    assert verify_rows(sessions) == []
    with sessions() as session:
        from model.calendar.clock_check import stale_clocks

        assert stale_clocks(session) == []
