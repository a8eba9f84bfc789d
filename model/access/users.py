"""Logins (登录账号): scrypt-hashed passwords, the chief's first start, growing delays.

A password is kept only as ``hashlib.scrypt`` of a random salt, with the cost
parameters stored beside it so they can be raised later without breaking old logins.
A wrong password is refused; from the third failure in a row the account waits a
doubling time (2 s, 4 s, 8 s … up to 5 minutes) before it accepts another attempt.
The wait is stored (``locked_until``) rather than slept, so tests pass a clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.access.audit import acting_as
from model.access.permissions import Action, chief_id, rank_of, require
from model.entities import Person, Setting, UserAccount
from model.errors import UserError
from model.triage.settings import get_setting

SCRYPT_PARAMS = {"n": 2**14, "r": 8, "p": 1}
MIN_LENGTH = 6
FREE_FAILURES = 2  # failures allowed before any delay
MAX_DELAY_SECONDS = 300
IDLE_LOCK_MINUTES = "idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 15

Clock = Callable[[], dt.datetime]


@dataclass(frozen=True)
class LoggedIn:
    """Who logged in, and whether they must choose a new password now."""

    person_id: int
    name: str
    rank_label: str
    must_change: bool


@dataclass(frozen=True)
class AccountRow:
    """One person on the roster and their login, for the account list."""

    person_id: int
    name: str
    role_label: str
    has_login: bool
    must_change: bool
    last_login: dt.datetime | None


def hash_password(
    password: str, salt: bytes | None = None, params: dict[str, int] | None = None
) -> tuple[str, str, dict[str, int]]:
    """(hash hex, salt hex, params) of a password; a new random salt unless given."""
    salt = secrets.token_bytes(16) if salt is None else salt
    params = dict(SCRYPT_PARAMS if params is None else params)
    digest = hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=params["n"],
        r=params["r"],
        p=params["p"],
        maxmem=256 * 1024 * 1024,
        dklen=32,
    )
    return digest.hex(), salt.hex(), params


def password_matches(account: UserAccount, password: str) -> bool:
    """Compare in constant time with the stored hash, using the stored salt and params."""
    digest, _salt, _params = hash_password(password, bytes.fromhex(account.salt), account.params)
    return hmac.compare_digest(digest, account.password_hash)


def check_new_password(password: str, again: str | None = None) -> str:
    """Refuse a password that is too short or not typed the same twice."""
    if len(password) < MIN_LENGTH:
        raise UserError(f"密码至少 {MIN_LENGTH} 位。", field="password")
    if again is not None and again != password:
        raise UserError("两次输入的密码不一致。", field="again")
    return password


def failure_delay(failed_count: int) -> int:
    """Seconds to wait after this many failures in a row: 0, 0, 2, 4, 8 … at most 300."""
    if failed_count <= FREE_FAILURES:
        return 0
    delay: int = min(MAX_DELAY_SECONDS, 2 ** (failed_count - FREE_FAILURES))
    return delay


def _set_password(account: UserAccount, password: str, must_change: bool) -> None:
    account.password_hash, account.salt, account.params = hash_password(password)
    account.must_change = must_change
    account.failed_count = 0
    account.locked_until = None


def needs_first_start(sessions: sessionmaker[Session]) -> bool:
    """True while no login exists: the program asks for the chief's password."""
    with sessions() as session:
        return session.scalar(select(UserAccount.person_id).limit(1)) is None


def chief(sessions: sessionmaker[Session]) -> tuple[int, str] | None:
    """(id, name) of the bureau chief, who sets the first password."""
    with sessions() as session:
        person_id = chief_id(session)
        if person_id is None:
            return None
        person = session.get(Person, person_id)
        return None if person is None else (person_id, person.name)


def set_up_chief(sessions: sessionmaker[Session], password: str, again: str) -> int:
    """First start: the chief's login with this password; refused once any login exists."""
    check_new_password(password, again)
    with sessions.begin() as session:
        if session.scalar(select(UserAccount.person_id).limit(1)) is not None:
            raise UserError("登录账号已经设置过，请用已有账号登录。")
        person_id = chief_id(session)
        if person_id is None:
            raise UserError("人员名册中找不到执行局局长（团队负责人），无法设置首个账号。")
        acting_as(session, person_id)
        account = UserAccount(person_id=person_id)
        _set_password(account, password, must_change=False)
        session.add(account)
        return person_id


def login(
    sessions: sessionmaker[Session], name: str, password: str, now: Clock = dt.datetime.now
) -> LoggedIn:
    """Check a name and password; a failure is counted (and delays the next try)."""
    moment = now()
    failure = ""
    with sessions.begin() as session:
        person = session.scalars(select(Person).where(Person.name == name.strip())).first()
        account = session.get(UserAccount, person.id) if person is not None else None
        if person is None or account is None or not person.active:
            raise UserError("姓名或密码不正确。", field="password")
        acting_as(session, person.id)
        if account.locked_until is not None and moment < account.locked_until:
            wait = math.ceil((account.locked_until - moment).total_seconds())
            raise UserError(f"密码连续输错，请 {wait} 秒后再试。", field="password")
        if password_matches(account, password):
            account.failed_count = 0
            account.locked_until = None
            account.last_login = moment.replace(microsecond=0)
            return LoggedIn(
                person.id, person.name, rank_of(session, person).label, account.must_change
            )
        account.failed_count += 1
        account.last_failed_at = moment.replace(microsecond=0)
        delay = failure_delay(account.failed_count)
        account.locked_until = moment + dt.timedelta(seconds=delay) if delay else None
        failure = "姓名或密码不正确。" + (f"请 {delay} 秒后再试。" if delay else "")
    raise UserError(failure, field="password")  # after the commit: the failure is counted


def change_password(
    sessions: sessionmaker[Session], person_id: int, old: str, new: str, again: str
) -> None:
    """A user chooses a new password (required after a reset)."""
    check_new_password(new, again)
    if new == old:
        raise UserError("新密码不能与原密码相同。", field="password")
    with sessions.begin() as session:
        acting_as(session, person_id)
        account = session.get(UserAccount, person_id)
        if account is None or not password_matches(account, old):
            raise UserError("原密码不正确。", field="old")
        _set_password(account, new, must_change=False)


def set_password_for(
    sessions: sessionmaker[Session], actor_id: int | None, person_id: int, password: str
) -> None:
    """The chief opens a login for a roster person or resets theirs (changed at next login)."""
    check_new_password(password)
    with sessions.begin() as session:
        acting_as(session, actor_id)
        require(session, actor_id, Action.MANAGE_USERS)
        person = session.get(Person, person_id)
        if person is None or not person.active:
            raise UserError("此人不在人员名册中或已停用。", field="person")
        account = session.get(UserAccount, person_id)
        if account is None:
            account = UserAccount(person_id=person_id)
            session.add(account)
        _set_password(account, password, must_change=person_id != actor_id)


def accounts(sessions: sessionmaker[Session]) -> list[AccountRow]:
    """Every active person and whether they have a login."""
    with sessions() as session:
        logins = {a.person_id: a for a in session.scalars(select(UserAccount))}
        people = session.scalars(select(Person).where(Person.active).order_by(Person.id))
        return [
            AccountRow(
                p.id,
                p.name,
                p.role.label,
                p.id in logins,
                bool(logins[p.id].must_change) if p.id in logins else False,
                logins[p.id].last_login if p.id in logins else None,
            )
            for p in people
        ]


def login_names(sessions: sessionmaker[Session]) -> list[str]:
    """The names that can log in, for the login dialog's list."""
    with sessions() as session:
        query = (
            select(Person.name)
            .join(UserAccount, UserAccount.person_id == Person.id)
            .where(Person.active)
            .order_by(Person.id)
        )
        return list(session.scalars(query))


def idle_minutes(sessions: sessionmaker[Session]) -> int:
    """Minutes without input after which the window locks (setting, default 15)."""
    with sessions() as session:
        value = get_setting(session, IDLE_LOCK_MINUTES, str(DEFAULT_IDLE_MINUTES))
    return int(value) if value.isdecimal() and int(value) > 0 else DEFAULT_IDLE_MINUTES


@dataclass
class LoginSession:
    """A logged-in user's session in the window; it expires after the idle time."""

    person_id: int
    name: str
    idle_limit: dt.timedelta
    last_activity: dt.datetime

    def touch(self, now: dt.datetime) -> None:
        """The user did something."""
        self.last_activity = now

    def expired(self, now: dt.datetime) -> bool:
        """True once the user has been idle for the limit."""
        return now - self.last_activity >= self.idle_limit


def default_user(sessions: sessionmaker[Session]) -> LoggedIn:
    """The chief as the user of a window built without a login (tests, demos)."""
    with sessions() as session:
        person_id = chief_id(session)
        person = session.get(Person, person_id) if person_id is not None else None
        if person is None:
            raise UserError("人员名册中找不到执行局局长。")
        return LoggedIn(person.id, person.name, rank_of(session, person).label, False)


def set_idle_minutes(sessions: sessionmaker[Session], actor_id: int | None, minutes: int) -> None:
    """Set the idle-lock time (1–240 minutes); a chief's or deputy's setting."""
    if not 1 <= minutes <= 240:
        raise UserError("自动锁定时间应为 1 至 240 分钟。", field="idle")
    with sessions.begin() as session:
        acting_as(session, actor_id)
        require(session, actor_id, Action.EDIT_SETTINGS)
        row = session.get(Setting, IDLE_LOCK_MINUTES)
        if row is None:
            session.add(Setting(key=IDLE_LOCK_MINUTES, value=str(minutes)))
        else:
            row.value = str(minutes)
