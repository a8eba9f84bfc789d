"""Logins: scrypt hashes, the chief's first start, growing delays, resets, idle sessions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text

from model.access.permissions import PermissionDenied
from model.access.users import (
    LoginSession,
    accounts,
    change_password,
    chief,
    failure_delay,
    hash_password,
    idle_minutes,
    login,
    login_names,
    needs_first_start,
    set_password_for,
    set_up_chief,
)
from model.entities import UserAccount
from model.errors import UserError
from tests.factories import recorded_changes

T0 = dt.datetime(2026, 3, 2, 9, 0, 0)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def test_passwords_are_salted_scrypt_hashes_never_plain(sessions, store) -> None:
    first = hash_password("secret1")
    second = hash_password("secret1")
    assert first[0] != second[0] and first[1] != second[1]  # a new salt each time
    assert first[2] == {"n": 2**14, "r": 8, "p": 1}
    assert hash_password("secret1", bytes.fromhex(first[1]), first[2])[0] == first[0]
    set_up_chief(sessions, "chief-pass", "chief-pass")
    if store.path is not None:
        assert b"chief-pass" not in store.path.read_bytes()
    with store.engine.connect() as connection:
        dump = str(connection.execute(text("SELECT * FROM users")).all())
    record = str(recorded_changes(sessions))  # the record's entries, unpacked
    assert "chief-pass" not in dump and "chief-pass" not in record
    assert "'users'" in record  # the account's creation is recorded …
    with sessions() as s:
        account = s.scalars(select(UserAccount)).one()
        assert account.password_hash not in record  # … without its hash


def test_first_start_sets_the_chiefs_password_once(sessions) -> None:
    assert needs_first_start(sessions)
    assert chief(sessions) == (1, "王爱军")
    with pytest.raises(UserError, match="至少 6 位"):
        set_up_chief(sessions, "123", "123")
    with pytest.raises(UserError, match="不一致"):
        set_up_chief(sessions, "123456", "654321")
    assert set_up_chief(sessions, "123456", "123456") == 1
    assert not needs_first_start(sessions)
    with pytest.raises(UserError, match="已经设置过"):
        set_up_chief(sessions, "abcdef", "abcdef")
    user = login(sessions, "王爱军", "123456", now=lambda: T0)
    assert (user.person_id, user.rank_label, user.must_change) == (1, "局长", False)
    assert login_names(sessions) == ["王爱军"]


def test_a_wrong_password_is_refused_with_a_growing_delay(sessions) -> None:
    set_up_chief(sessions, "right-one", "right-one")
    clock = Clock()
    assert [failure_delay(n) for n in range(1, 8)] == [0, 0, 2, 4, 8, 16, 32]
    assert failure_delay(100) == 300
    for _ in range(2):
        with pytest.raises(UserError, match=r"姓名或密码不正确。$"):
            login(sessions, "王爱军", "wrong", now=clock)
    with pytest.raises(UserError, match="请 2 秒后再试"):
        login(sessions, "王爱军", "wrong", now=clock)
    # even the right password waits until the delay has passed
    with pytest.raises(UserError, match="连续输错，请 2 秒后再试"):
        login(sessions, "王爱军", "right-one", now=clock)
    clock.advance(2)
    with pytest.raises(UserError, match="请 4 秒后再试"):
        login(sessions, "王爱军", "wrong", now=clock)
    clock.advance(4)
    assert login(sessions, "王爱军", "right-one", now=clock).person_id == 1
    with sessions() as s:
        assert s.get(UserAccount, 1).failed_count == 0


def test_unknown_names_and_people_without_a_login_are_refused_alike(sessions) -> None:
    set_up_chief(sessions, "123456", "123456")
    for name in ("无此人", "高博"):
        with pytest.raises(UserError, match="姓名或密码不正确"):
            login(sessions, name, "123456")


def test_the_chief_opens_and_resets_logins_and_others_may_not(sessions) -> None:
    set_up_chief(sessions, "123456", "123456")
    set_password_for(sessions, 1, 7, "first-pass")  # 高博
    user = login(sessions, "高博", "first-pass")
    assert user.must_change  # a password the chief chose is changed at the next login
    with pytest.raises(UserError, match="原密码不正确"):
        change_password(sessions, 7, "nope", "mine-now", "mine-now")
    change_password(sessions, 7, "first-pass", "mine-now", "mine-now")
    assert not login(sessions, "高博", "mine-now").must_change
    with pytest.raises(PermissionDenied):
        set_password_for(sessions, 7, 1, "hijacked")  # a clerk resets the chief's password
    with pytest.raises(PermissionDenied):
        set_password_for(sessions, 2, 8, "deputy-set")  # only the chief manages logins
    set_password_for(sessions, 1, 7, "reset-pass")
    assert login(sessions, "高博", "reset-pass").must_change
    rows = {row.name: row for row in accounts(sessions)}
    assert rows["高博"].has_login and rows["高博"].must_change and not rows["宋云鹏"].has_login


def test_a_session_expires_after_the_idle_time(sessions) -> None:
    assert idle_minutes(sessions) == 15
    session = LoginSession(1, "王爱军", dt.timedelta(minutes=15), T0)
    assert not session.expired(T0 + dt.timedelta(minutes=14))
    session.touch(T0 + dt.timedelta(minutes=10))
    assert not session.expired(T0 + dt.timedelta(minutes=24))
    assert session.expired(T0 + dt.timedelta(minutes=25))
