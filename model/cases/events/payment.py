"""执行到位款: money received on a case, recorded by a clerk as dated amounts with a note.

Amounts are kept in whole fen (分) and parsed from text with ``Decimal``, never through a
float: 0.1 + 0.2 must be 0.30 元 here, as on the bureau's books. A mistaken entry is
corrected as every event is (``void.void_entry`` with a reason, audited); the original stays.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, authorise
from model.cases.events.base import add_history, check_day, fmt, open_case
from model.entities import Payment
from model.errors import UserError

MAX_FEN = 10**17  # 1e15 元: more than any judgment; keeps the column's BIGINT safe


def parse_amount(value: str | int | Decimal | None, label: str = "到位金额") -> int:
    """An amount in 元 as typed (``1234.5``, ``1,234.50``, ``１２３元``) → whole fen.

    Refused in Chinese: empty, not a number, negative or zero, more than two decimals.
    """
    if isinstance(value, float):  # a float has already lost the fen; never guess
        value = Decimal(repr(value))
    text = unicodedata.normalize("NFKC", "" if value is None else str(value)).strip()
    text = text.replace(",", "").replace("，", "").removesuffix("元").strip()
    if not text:
        raise UserError(f"请填写{label}（单位：元，可到分）。", field="amount")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise UserError(
            f"{label}“{text}”不是数字，请填写以元为单位的金额，例如 1234.56。", field="amount"
        ) from None
    if not amount.is_finite():
        raise UserError(f"{label}“{text}”不是有效金额。", field="amount")
    if amount < 0:
        raise UserError(f"{label}不能为负数（填写的是 {text}）。", field="amount")
    if amount == 0:
        raise UserError(f"{label}须大于零。", field="amount")
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise UserError(f"{label}“{text}”超过两位小数：金额只能精确到分。", field="amount")
    fen = int(amount * 100)
    if fen >= MAX_FEN:
        raise UserError(f"{label}“{text}”过大，请核对。", field="amount")
    return fen


def yuan(fen: int) -> str:
    """Whole fen as 元 with two decimals and thousands separators: 1,234.50."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{part:02d}"


def fen_to_decimal(fen: int) -> Decimal:
    """Whole fen as a Decimal number of 元 (for spreadsheets: exact to the fen)."""
    return Decimal(fen).scaleb(-2)


@dataclass(frozen=True)
class PaymentLine:
    """One standing payment, as the case detail lists it."""

    payment_id: int
    received_on: dt.date
    amount_fen: int
    note: str


def record_payment(
    sessions: sessionmaker[Session],
    case_id: int,
    received_on: dt.date | None,
    amount: str | int | Decimal | None,
    note: str,
    actor_id: int | None,
    today: dt.date | None = None,
    expected_version: int | None = None,
) -> int:
    """Record an amount received on a case; its id.

    A closed case still receives money (after 终本 property is found, instalments continue),
    so closing does not refuse it; the date lies between filing and today.
    """
    today = today or dt.date.today()
    fen = parse_amount(amount)
    with sessions.begin() as s:
        case = open_case(s, case_id, allow_closed=True, expected_version=expected_version)
        authorise(s, actor_id, Action.RECORD_PAYMENT, case=case)
        day = check_day(case, received_on, today, "到位日期", "received_on")
        payment = Payment(
            case_id=case.id,
            received_on=day,
            amount_fen=fen,
            note=note.strip(),
            recorded_by_id=actor_id,
        )
        s.add(payment)
        s.flush()
        detail = f"，{note.strip()}" if note.strip() else ""
        total = received_total(s, case.id)
        add_history(
            s,
            case,
            actor_id,
            "payment",
            f"执行到位款：{yuan(fen)} 元（{fmt(day)}）{detail}；累计到位 {yuan(total)} 元",
        )
        return payment.id


def received_total(session: Session, case_id: int) -> int:
    """The standing payments of a case, summed, in fen."""
    total = session.scalar(
        select(func.sum(Payment.amount_fen)).where(
            Payment.case_id == case_id, Payment.voided_at.is_(None)
        )
    )
    return int(total or 0)


def payments_of(session: Session, case_id: int) -> list[PaymentLine]:
    """The standing payments of a case, oldest first."""
    rows = session.execute(
        select(Payment.id, Payment.received_on, Payment.amount_fen, Payment.note)
        .where(Payment.case_id == case_id, Payment.voided_at.is_(None))
        .order_by(Payment.received_on, Payment.id)
    )
    return [PaymentLine(*row) for row in rows]
