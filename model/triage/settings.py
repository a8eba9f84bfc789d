"""Office settings: court name and code, triage thresholds."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy.orm import Session

from model.entities import Setting
from model.errors import UserError

COURT_NAME = "court_name"
COURT_CODE = "court_code"
LARGE_AMOUNT = "large_amount_threshold"
MANY_APPLICANTS = "many_applicants_threshold"

LABELS = {
    COURT_NAME: "法院名称",
    COURT_CODE: "法院代字",
    LARGE_AMOUNT: "标的额较大的标准（元）",
    MANY_APPLICANTS: "申请执行人数较多的标准（人）",
}


def get_setting(session: Session, key: str, default: str = "") -> str:
    """A setting's value, or the default when it is not set."""
    row = session.get(Setting, key)
    return row.value if row else default


def set_setting(session: Session, key: str, value: str) -> None:
    """Validate and store a setting."""
    value = value.strip()
    if key == LARGE_AMOUNT:
        try:
            if Decimal(value) <= 0:
                raise InvalidOperation
        except InvalidOperation:
            raise UserError("标的额标准必须是大于 0 的数字（元）。", field=key) from None
    if key == MANY_APPLICANTS and (not value.isdecimal() or int(value) < 1):
        raise UserError("申请执行人数标准必须是不小于 1 的整数。", field=key)
    if key in (COURT_NAME, COURT_CODE) and not value:
        raise UserError(f"{LABELS[key]}不能为空。", field=key)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def large_amount_threshold(session: Session) -> Decimal:
    """The amount (yuan) at or above which X1 is pre-ticked."""
    return Decimal(get_setting(session, LARGE_AMOUNT, "1000000"))


def many_applicants_threshold(session: Session) -> int:
    """The number of applicants at or above which X1 is pre-ticked."""
    return int(get_setting(session, MANY_APPLICANTS, "10"))
