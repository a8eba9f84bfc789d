"""The thresholds of 待办 (SPEC §8), office settings the chief can change.

Stored with the other settings (``settings`` table, audited); a missing key is its
default, so a database made before reminders existed needs no migration.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, authorise
from model.errors import UserError
from model.triage.settings import get_setting, set_setting

DUE_SOON = "reminder_due_soon_days"
EXTENSION = "reminder_extension_days"
EXTENSION_LEAD = "reminder_extension_lead_days"
TRANSFER = "reminder_transfer_days"
PROPERTY_CHECK = "reminder_property_check_days"
HOLIDAY_FROM = "reminder_holiday_from"

DEFAULTS: dict[str, str] = {
    DUE_SOON: "7",
    EXTENSION: "15",
    EXTENSION_LEAD: "5",
    TRANSFER: "5",
    PROPERTY_CHECK: "14",
    HOLIDAY_FROM: "11-15",
}
LABELS: dict[str, str] = {
    DUE_SOON: "临期：距任一期限届满（日）",
    EXTENSION: "申请延长：距法定期限届满（日）",
    EXTENSION_LEAD: "延长申请须提前报院长（日）",
    TRANSFER: "移交或结案：距速执期限届满（日）",
    PROPERTY_CHECK: "终本复查：距核查日（日）",
    HOLIDAY_FROM: "节假日提醒开始日期（月-日）",
}
MAX_DAYS = 90


@dataclass(frozen=True)
class ReminderSettings:
    """The thresholds in days, and the day of the year the holiday item starts."""

    due_soon: int = 7
    extension: int = 15
    extension_lead: int = 5
    transfer: int = 5
    property_check: int = 14
    holiday_from: tuple[int, int] = (11, 15)  # (month, day)

    @property
    def horizon(self) -> int:
        """The farthest ahead any deadline item looks."""
        return max(self.due_soon, self.extension, self.transfer)


def _days(key: str, text: str) -> int:
    value = text.strip()
    if not value.isdecimal() or not 0 <= int(value) <= MAX_DAYS:
        raise UserError(f"{LABELS[key]}须为 0 至 {MAX_DAYS} 的整数。", field=key)
    return int(value)


def _month_day(text: str) -> tuple[int, int]:
    try:
        month, day = (int(part) for part in text.strip().split("-"))
        dt.date(2024, month, day)  # a leap year: 02-29 is a day some years have
    except ValueError:
        raise UserError(
            f"{LABELS[HOLIDAY_FROM]}须写成 月-日，例如 11-15。", field=HOLIDAY_FROM
        ) from None
    return month, day


def parse_settings(values: dict[str, str]) -> ReminderSettings:
    """Check every value (Chinese message naming the first bad one) and build the settings."""
    merged = {**DEFAULTS, **values}
    return ReminderSettings(
        due_soon=_days(DUE_SOON, merged[DUE_SOON]),
        extension=_days(EXTENSION, merged[EXTENSION]),
        extension_lead=_days(EXTENSION_LEAD, merged[EXTENSION_LEAD]),
        transfer=_days(TRANSFER, merged[TRANSFER]),
        property_check=_days(PROPERTY_CHECK, merged[PROPERTY_CHECK]),
        holiday_from=_month_day(merged[HOLIDAY_FROM]),
    )


def reminder_values(session: Session) -> dict[str, str]:
    """Each setting as stored (or its default), by key, in ``LABELS`` order."""
    return {key: get_setting(session, key, DEFAULTS[key]) for key in LABELS}


def reminder_settings(session: Session) -> ReminderSettings:
    """The thresholds in force; a value that cannot be read falls back to its default."""
    values = reminder_values(session)
    try:
        return parse_settings(values)
    except UserError:
        return ReminderSettings()


def save_reminder_settings(
    sessions: sessionmaker[Session], values: dict[str, str], actor_id: int | None
) -> ReminderSettings:
    """Store the thresholds (chief and deputy only); all or nothing."""
    checked = parse_settings(values)
    with sessions.begin() as s:
        authorise(s, actor_id, Action.EDIT_SETTINGS)
        for key in LABELS:
            if key in values:
                set_setting(s, key, values[key].strip())
    return checked
