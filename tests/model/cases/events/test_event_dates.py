"""SPEC §3 "Dates of events": when a period starts, how lateness is judged, none after closing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.cases.events.closing import close_case
from model.cases.events.extension import record_extension
from model.cases.events.periods import record_excluded_period
from model.cases.events.rules import late_request_warning
from model.cases.events.transfer import transfer_case
from model.entities import Case, Extension, Track
from model.errors import UserError
from tests.factories import make_case, snapshot

D = dt.date
TODAY = D(2026, 6, 1)


def _new(sessions: sessionmaker[Session], track: Track = Track.ORDINARY) -> int:
    with sessions.begin() as s:
        return make_case(s, filing_date=D(2026, 3, 2), track=track).id


def _refused(
    sessions: sessionmaker[Session], case_id: int, message: str, field: str, action
) -> None:
    with sessions() as s:
        before = snapshot(s, case_id)
    with pytest.raises(UserError) as error:
        action()
    assert error.value.message == message
    assert error.value.field == field
    with sessions() as s:
        assert snapshot(s, case_id) == before


def test_a_period_may_not_start_after_the_day_it_is_recorded(
    sessions: sessionmaker[Session],
) -> None:
    case_id = _new(sessions)
    _refused(
        sessions,
        case_id,
        "起始日期（2026-06-02）晚于今天（2026-06-01）：期间开始后才能登记"
        "（如拍卖，在开始当日登记）；结束日期可以在今后。",
        "start",
        lambda: record_excluded_period(
            sessions, case_id, "拍卖、变卖", D(2026, 6, 2), D(2026, 6, 20), "网拍", 1, TODAY
        ),
    )


def test_a_period_starting_today_may_end_ahead(sessions: sessionmaker[Session]) -> None:
    case_id = _new(sessions)
    record_excluded_period(
        sessions, case_id, "暂缓执行", TODAY, D(2026, 6, 30), "执行和解", 1, TODAY
    )
    with sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None
        # 2026-09-02 + 30 days = 10-02, in the National Day holiday → the next working day
        assert case.due_date is not None and case.due_date > D(2026, 10, 2)


def test_late_request_is_judged_by_the_approval_date(sessions: sessionmaker[Session]) -> None:
    case_id = _new(sessions)  # statutory limit 2026-09-02
    typed_late = D(2026, 9, 10)
    result = record_extension(
        sessions, case_id, "赵明", "副院长", "评估未完成", D(2026, 8, 20), 1, today=typed_late
    )
    assert result.warning is None
    with sessions() as s:
        extension = s.get(Extension, result.extension_id)
        assert extension is not None and not extension.late


def test_approval_close_to_the_limit_is_late_whatever_day_it_is_typed(
    sessions: sessionmaker[Session],
) -> None:
    case_id = _new(sessions)
    result = record_extension(
        sessions, case_id, "赵明", "院长", "x", D(2026, 8, 30), 1, today=D(2026, 8, 30)
    )
    assert result.warning is not None
    assert "批准时（2026-08-30）仅剩 3 日" in result.warning
    with sessions() as s:
        assert s.scalar(select(Extension.late).where(Extension.id == result.extension_id))


def test_late_warning_rule() -> None:
    assert late_request_warning(D(2026, 9, 2), D(2026, 8, 28)) is None  # 5 days: in time
    assert late_request_warning(D(2026, 9, 2), D(2026, 8, 29)) is not None
    assert "已超期 3 日" in (late_request_warning(D(2026, 9, 2), D(2026, 9, 5)) or "")
    assert late_request_warning(None, D(2026, 9, 5)) is None  # clock stopped


@pytest.mark.parametrize(
    ("approved_on", "message"),
    [
        (D(2026, 3, 1), "批准日期不能早于立案日期（2026-03-02）。"),
        (D(2026, 6, 2), "批准日期不能晚于今天（2026-06-01）。"),
        (None, "请填写批准日期。"),
    ],
)
def test_the_approval_date_lies_between_filing_and_today(
    sessions: sessionmaker[Session], approved_on: dt.date | None, message: str
) -> None:
    case_id = _new(sessions)
    _refused(
        sessions,
        case_id,
        message,
        "approved_on",
        lambda: record_extension(
            sessions, case_id, "赵明", "院长", "x", approved_on, 1, today=TODAY
        ),
    )


def _closed(sessions: sessionmaker[Session], track: Track = Track.ORDINARY) -> int:
    case_id = _new(sessions, track)
    close_case(sessions, case_id, D(2026, 5, 5), "执行完毕", 1, today=TODAY)
    return case_id


def test_no_period_may_start_after_the_closing(sessions: sessionmaker[Session]) -> None:
    case_id = _closed(sessions)
    _refused(
        sessions,
        case_id,
        "该案已于 2026-05-05 结案，不能登记此后开始的中止执行期间。",
        "start",
        lambda: record_excluded_period(
            sessions, case_id, "中止执行", D(2026, 5, 20), None, "x", 1, TODAY
        ),
    )


def test_a_period_before_the_closing_of_a_closed_case_still_needs_the_closing_corrected(
    sessions: sessionmaker[Session],
) -> None:
    case_id = _closed(sessions)
    with pytest.raises(UserError, match="已结案；如结案记录有误，请先更正结案记录"):
        record_excluded_period(
            sessions, case_id, "拍卖、变卖", D(2026, 4, 1), D(2026, 4, 2), "x", 1, TODAY
        )


def test_no_extension_may_be_approved_after_the_closing(sessions: sessionmaker[Session]) -> None:
    case_id = _closed(sessions)
    _refused(
        sessions,
        case_id,
        "该案已于 2026-05-05 结案，不能登记此后开始的延长（批准日期）。",
        "approved_on",
        lambda: record_extension(
            sessions, case_id, "赵明", "院长", "x", D(2026, 5, 6), 1, today=TODAY
        ),
    )


def test_no_transfer_may_be_dated_after_the_closing(sessions: sessionmaker[Session]) -> None:
    case_id = _closed(sessions, Track.SIMPLE)
    _refused(
        sessions,
        case_id,
        "该案已于 2026-05-05 结案，不能登记此后开始的移交。",
        "transferred_on",
        lambda: transfer_case(
            sessions, case_id, None, None, "x", None, transferred_on=D(2026, 5, 6), today=TODAY
        ),
    )


def test_a_closing_before_a_recorded_period_is_refused(sessions: sessionmaker[Session]) -> None:
    case_id = _new(sessions)
    record_excluded_period(
        sessions, case_id, "拍卖、变卖", D(2026, 5, 10), D(2026, 5, 20), "网拍", 1, TODAY
    )
    _refused(
        sessions,
        case_id,
        "本案已登记 2026-05-10 开始的拍卖、变卖期间，结案日期（2026-05-09）不能早于该日。",
        "closed_on",
        lambda: close_case(sessions, case_id, D(2026, 5, 9), "执行完毕", 1, today=TODAY),
    )
    close_case(sessions, case_id, D(2026, 5, 10), "执行完毕", 1, today=TODAY)  # the same day: fine


def test_a_closing_before_an_approved_extension_is_refused(
    sessions: sessionmaker[Session],
) -> None:
    case_id = _new(sessions)
    record_extension(sessions, case_id, "赵明", "院长", "x", D(2026, 5, 20), 1, today=TODAY)
    _refused(
        sessions,
        case_id,
        "本案已登记 2026-05-20 开始的延长（批准日期），结案日期（2026-05-19）不能早于该日。",
        "closed_on",
        lambda: close_case(sessions, case_id, D(2026, 5, 19), "执行完毕", 1, today=TODAY),
    )
