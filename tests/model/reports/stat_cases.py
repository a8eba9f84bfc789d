"""The hand-built cases of the statistics tests, recorded through the event services.

Q2 2026 (Apr 1 – Jun 30) is the period under test, Q1 2026 its 环比, Q2 2025 its 同比.

- A 速执 第一办案组 (王爱军), filed 2026-03-02, 标的额 10,000; paid 3,000 (03-20) and
  7,000 (04-20), 999.99 (04-21) voided; closed 04-20 执行完毕: late for its due date
  04-02, within the statutory 09-02.
- B 速执 第二办案组 (姜福义), filed 2026-04-01, 标的额 2,000.50; paid 0.25 (04-10) and
  2,000.25 (04-25); closed 04-25 执行完毕, in time.
- C 普执 姜福义, filed 2025-12-01, 标的额 50,000; 拍卖 02-01..02-10 (10 days, so the
  statutory date is 06-11); closed 06-15 终本, late on both limits.
- D 普执 姜福义, filed 2026-01-05, an extension approved 05-20; pending.
- E 普执 姜福义, filed 2025-11-03, statutory date 2026-05-06 passed; pending (超审限).
- F 速执 第三办案组 (战殿有), filed 2026-05-10, due 06-10 passed; pending (超期).
- G 速执 第一办案组, filed 2026-01-10; closed 02-05 销案, in time.
- H 速执 第一办案组, filed 2025-04-07, 标的额 1,000, paid 1,000 on 2025-05-06 and closed
  that day 执行完毕.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session, sessionmaker

from model.cases.events.closing import FINAL_CONDITIONS, close_case
from model.cases.events.extension import record_extension
from model.cases.events.payment import record_payment
from model.cases.events.periods import record_excluded_period
from model.cases.events.void import void_entry
from model.entities import Case, Track
from tests.factories import make_case

D = dt.date
TODAY = D(2026, 7, 10)


def build(sessions: sessionmaker[Session]) -> dict[str, int]:
    """Record cases A–H; their ids by letter."""
    ids: dict[str, int] = {}
    with sessions.begin() as s:
        specs = {
            "A": (D(2026, 3, 2), Track.SIMPLE, "第一办案组", None, "10000"),
            "B": (D(2026, 4, 1), Track.SIMPLE, "第二办案组", None, "2000.50"),
            "C": (D(2025, 12, 1), Track.ORDINARY, None, "姜福义", "50000"),
            "D": (D(2026, 1, 5), Track.ORDINARY, None, "姜福义", None),
            "E": (D(2025, 11, 3), Track.ORDINARY, None, "姜福义", None),
            "F": (D(2026, 5, 10), Track.SIMPLE, "第三办案组", None, None),
            "G": (D(2026, 1, 10), Track.SIMPLE, "第一办案组", None, None),
            "H": (D(2025, 4, 7), Track.SIMPLE, "第一办案组", None, "1000"),
        }
        for letter, (filed, track, group, judge, amount) in specs.items():
            case = make_case(s, filing_date=filed, track=track, group=group, judge=judge)
            case.amount = Decimal(amount) if amount else None
            ids[letter] = case.id
    pay = lambda letter, day, amount: record_payment(  # noqa: E731
        sessions, ids[letter], day, amount, "", None, TODAY
    )
    record_excluded_period(
        sessions, ids["C"], "拍卖、变卖", D(2026, 2, 1), D(2026, 2, 10), "拍卖", None, TODAY
    )
    record_extension(sessions, ids["D"], "李明", "院长", "案情复杂", D(2026, 5, 20), None, 3, TODAY)
    pay("A", D(2026, 3, 20), "3000")
    pay("A", D(2026, 4, 20), "7000")
    wrong = pay("A", D(2026, 4, 21), "999.99")
    void_entry(sessions, "payment", wrong, "重复登记", None)
    pay("B", D(2026, 4, 10), "0.25")
    pay("B", D(2026, 4, 25), "2000.25")
    pay("H", D(2025, 5, 6), "1000")
    close_case(sessions, ids["A"], D(2026, 4, 20), "执行完毕", None, today=TODAY)
    close_case(sessions, ids["B"], D(2026, 4, 25), "执行完毕", None, today=TODAY)
    every = dict.fromkeys(FINAL_CONDITIONS, True)
    close_case(sessions, ids["C"], D(2026, 6, 15), "终结本次执行程序", None, every, TODAY)
    close_case(sessions, ids["G"], D(2026, 2, 5), "销案", None, today=TODAY)
    close_case(sessions, ids["H"], D(2025, 5, 6), "执行完毕", None, today=TODAY)
    with sessions() as s:
        assert s.get(Case, ids["E"]).statutory_due_date == D(2026, 5, 6)  # type: ignore[union-attr]
        assert s.get(Case, ids["C"]).statutory_due_date == D(2026, 6, 11)  # type: ignore[union-attr]
    return ids
