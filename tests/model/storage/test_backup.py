"""Backups: the online backup API, verification, rotation, restore, automatic backups."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from model.entities import Case
from model.errors import UserError
from model.storage import backup as backup_module
from model.storage.auto_backup import auto_backup_if_due
from model.storage.backup import (
    backup_folder,
    keep_set,
    latest_good_backup,
    list_backups,
    make_backup,
    restore_backup,
    rotate,
    verify_backup,
    write_backup,
)
from model.storage.store import Store, open_store
from tests.factories import make_case

# SQLite's backup API, WAL and files: a server database is backed up on the server.
pytestmark = pytest.mark.sqlite_only

NOW = dt.datetime(2026, 3, 2, 18, 0, 0)


def add_cases(store: Store, count: int) -> None:
    with store.sessions.begin() as session:
        for _ in range(count):
            make_case(session)


def case_count(store: Store) -> int:
    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(Case))


def test_backup_is_a_verified_copy_with_the_case_count(store: Store, tmp_path: Path) -> None:
    add_cases(store, 3)
    out = tmp_path / "usb" / "copy.sqlite"
    out.parent.mkdir()
    assert write_backup(store.path, out) == 3
    assert not out.with_name("copy.sqlite.part").exists()
    with sqlite3.connect(out) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not Path(str(out) + "-wal").exists()
    assert verify_backup(out) == 3


def test_backup_sees_committed_data_still_in_the_wal(store: Store, tmp_path: Path) -> None:
    add_cases(store, 2)  # committed, not yet checkpointed: lives in cases.sqlite-wal
    assert Path(str(store.path) + "-wal").stat().st_size > 0
    assert write_backup(store.path, tmp_path / "b.sqlite") == 2


def test_backup_to_a_missing_folder_is_refused_and_writes_nothing(
    store: Store, tmp_path: Path
) -> None:
    with pytest.raises(UserError, match="不存在"):
        write_backup(store.path, tmp_path / "no-usb" / "b.sqlite")
    assert not (tmp_path / "no-usb").exists()


def test_a_failed_backup_leaves_no_half_file(store: Store, tmp_path: Path, monkeypatch) -> None:
    def disk_full(_self: sqlite3.Connection, _target: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    out = tmp_path / "b.sqlite"
    monkeypatch.setattr(sqlite3, "connect", _wrapping_connect(sqlite3.connect, disk_full))
    with pytest.raises(UserError, match="磁盘空间不足"):
        write_backup(store.path, out)
    assert list(tmp_path.glob("b.sqlite*")) == []


def _wrapping_connect(real, backup):
    class Connection:
        def __init__(self, *args, **kwargs) -> None:
            self._inner = real(*args, **kwargs)

        def backup(self, target: object) -> None:
            backup(self._inner, target)

        def __getattr__(self, name: str) -> object:
            return getattr(self._inner, name)

    return Connection


def test_verify_refuses_a_damaged_or_foreign_file(tmp_path: Path) -> None:
    foreign = tmp_path / "other.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("PRAGMA application_id = 42")
        connection.execute("CREATE TABLE cases (id INTEGER)")
    with pytest.raises(UserError, match="不是本程序"):
        verify_backup(foreign)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"x" * 8192)
    with pytest.raises(UserError, match=r"不是有效的数据库.*不能使用"):
        verify_backup(junk)


def test_rotation_keeps_7_daily_4_weekly_12_monthly() -> None:
    # One backup every 6 hours for 400 days.
    stamps = [NOW - dt.timedelta(hours=6 * i) for i in range(1600)]
    kept = keep_set(stamps)
    days = {stamp.date() for stamp in kept}
    assert NOW in kept  # the newest is always kept
    assert {NOW.date() - dt.timedelta(days=i) for i in range(7)} <= days
    weeks = {stamp.isocalendar()[:2] for stamp in kept}
    assert len(weeks) >= 4
    months = {(stamp.year, stamp.month) for stamp in kept}
    assert len(months) == 12
    assert len(kept) <= 7 + 4 + 12
    # each kept one is the newest of its day
    for stamp in kept:
        assert stamp == max(s for s in stamps if s.date() == stamp.date())


def test_make_backup_rotates_the_folder(store: Store) -> None:
    for day in range(30):
        make_backup(store.path, now=NOW - dt.timedelta(days=day))
    make_backup(store.path, kind="manual", now=NOW - dt.timedelta(days=40))
    names = [info.path.name for info in list_backups(store.path)]
    autos = [name for name in names if "-auto-" in name]
    assert 7 <= len(autos) <= 7 + 4 + 2  # 7 days, then weeks and months not yet covered
    assert autos[0] == "cases-auto-20260302-180000-0.sqlite.xz"  # compressed, case count named
    assert any("-manual-" in name for name in names)  # never rotated away
    assert rotate(store.path) == []  # already thinned


def test_list_backups_gives_date_kind_and_case_count(store: Store) -> None:
    make_backup(store.path, now=NOW - dt.timedelta(days=1))
    add_cases(store, 4)
    make_backup(store.path, kind="manual", now=NOW)
    (backup_folder(store.path) / "notes.txt").write_text("not a backup")
    infos = list_backups(store.path)
    assert [(i.taken, i.kind_label, i.cases) for i in infos] == [
        (NOW, "手动", 4),
        (NOW - dt.timedelta(days=1), "自动", 0),
    ]


def test_restore_backs_up_the_current_file_first(store: Store) -> None:
    add_cases(store, 2)
    good = make_backup(store.path, now=NOW - dt.timedelta(hours=1))
    add_cases(store, 5)
    kept = restore_backup(good.path, store.path, now=NOW)
    assert case_count(store) == 2  # the open store sees the restored data
    assert kept is not None and verify_backup(kept) == 7
    assert "-restore-" in kept.name


def test_restore_over_a_damaged_file_moves_it_aside(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    store = open_store(path)
    add_cases(store, 3)
    good = make_backup(path, now=NOW - dt.timedelta(days=1))
    store.close()
    path.write_bytes(b"garbage" * 3000)
    assert latest_good_backup(path) == good
    kept = restore_backup(good.path, path, now=NOW)
    assert kept is not None and kept.read_bytes().startswith(b"garbage")
    again = open_store(path)
    try:
        assert case_count(again) == 3
    finally:
        again.close()


def test_a_damaged_backup_is_never_restored(store: Store, tmp_path: Path) -> None:
    add_cases(store, 1)
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"\0" * 4096)
    with pytest.raises(UserError):
        restore_backup(bad, store.path, now=NOW)
    assert case_count(store) == 1
    assert not backup_folder(store.path).exists()  # nothing was touched


def test_latest_good_backup_skips_damaged_ones(store: Store) -> None:
    older = make_backup(store.path, now=NOW - dt.timedelta(days=2))
    newer = make_backup(store.path, now=NOW - dt.timedelta(days=1))
    newer.path.write_bytes(b"broken" * 1000)
    assert latest_good_backup(store.path).path == older.path


def test_auto_backup_only_after_changes_and_at_most_daily(store: Store) -> None:
    assert auto_backup_if_due(store, closing=True, now=NOW) is None  # nothing changed
    add_cases(store, 1)
    first = auto_backup_if_due(store, now=NOW)
    assert first is not None and first.cases == 1
    add_cases(store, 1)
    assert auto_backup_if_due(store, now=NOW + dt.timedelta(hours=3)) is None  # not a day yet
    second = auto_backup_if_due(store, now=NOW + dt.timedelta(hours=25))
    assert second is not None and second.cases == 2
    assert auto_backup_if_due(store, closing=True, now=NOW + dt.timedelta(hours=26)) is None
    add_cases(store, 1)
    on_close = auto_backup_if_due(store, closing=True, now=NOW + dt.timedelta(hours=27))
    assert on_close is not None and on_close.cases == 3


def test_read_only_and_server_stores_are_not_backed_up(tmp_path: Path) -> None:
    path = tmp_path / "cases.sqlite"
    open_store(path).close()
    reader = open_store(path, read_only=True)
    try:
        reader.writes.count = 5
        assert auto_backup_if_due(reader, closing=True, now=NOW) is None
    finally:
        reader.close()


# --- compressed copies --------------------------------------------------------------


def test_the_rotation_writes_verified_compressed_copies(store: Store) -> None:
    add_cases(store, 30)
    info = make_backup(store.path, now=NOW)
    assert info.path.name.endswith("-30.sqlite.xz") and info.cases == 30
    assert info.path.read_bytes()[:6] == b"\xfd7zXZ\x00"  # an xz stream, not a database
    wal = store.path.with_name("cases.sqlite-wal")
    assert info.path.stat().st_size < (store.path.stat().st_size + wal.stat().st_size) / 3
    assert verify_backup(info.path) == 30  # unpacked into a temporary file and checked
    assert [i.cases for i in list_backups(store.path)] == [30]  # read from the name
    assert sorted(p.name for p in backup_folder(store.path).iterdir()) == [info.path.name]


def test_a_compressed_copy_that_fails_its_check_is_not_kept(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(part, out):
        raise UserError("解压后校验未通过")

    monkeypatch.setattr(backup_module, "_verify_packed", broken)
    with pytest.raises(UserError):
        make_backup(store.path, now=NOW)
    assert list(backup_folder(store.path).iterdir()) == []  # no copy, no .part, no temp


def test_a_damaged_compressed_copy_is_refused_and_skipped(store: Store) -> None:
    add_cases(store, 2)
    older = make_backup(store.path, now=NOW - dt.timedelta(days=2))
    newer = make_backup(store.path, now=NOW - dt.timedelta(days=1))
    data = newer.path.read_bytes()
    newer.path.write_bytes(data[: len(data) // 2])  # cut short, as by a full USB stick
    with pytest.raises(UserError, match="无法解压或已经损坏"):
        verify_backup(newer.path)
    assert latest_good_backup(store.path).path == older.path
    with pytest.raises(UserError):
        restore_backup(newer.path, store.path, now=NOW)
    assert case_count(store) == 2


def test_restore_takes_compressed_and_old_plain_backups(store: Store, tmp_path: Path) -> None:
    add_cases(store, 2)
    packed = make_backup(store.path, now=NOW - dt.timedelta(days=1))
    plain = write_backup(store.path, tmp_path / "u盘-备份.sqlite")  # the old, uncompressed kind
    gz = tmp_path / "cases.sqlite.gz"
    assert write_backup(store.path, gz) == 2 and gz.read_bytes()[:2] == b"\x1f\x8b"
    assert plain == 2
    add_cases(store, 3)
    kept = restore_backup(packed.path, store.path, now=NOW)
    assert case_count(store) == 2 and kept is not None and verify_backup(kept) == 5
    add_cases(store, 1)
    restore_backup(tmp_path / "u盘-备份.sqlite", store.path, now=NOW + dt.timedelta(hours=1))
    assert case_count(store) == 2
    add_cases(store, 4)
    restore_backup(gz, store.path, now=NOW + dt.timedelta(hours=2))
    assert case_count(store) == 2


def test_old_plain_copies_in_the_folder_are_listed_and_rotated(store: Store) -> None:
    folder = backup_folder(store.path)
    folder.mkdir()
    old = folder / "cases-auto-20250101-180000.sqlite"  # written before compression
    write_backup(store.path, old)
    make_backup(store.path, now=NOW)
    infos = list_backups(store.path)
    assert [i.path.name for i in infos][-1] == old.name and infos[-1].cases == 0
    assert latest_good_backup(store.path).path == infos[0].path


def test_the_automatic_copies_stay_within_three_times_the_database(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_cases(store, 20)
    monkeypatch.setattr(backup_module, "BUDGET", 0.5)  # ten copies would not fit
    for day in range(10):
        make_backup(store.path, now=NOW - dt.timedelta(days=10 - day))
    files = [i.path for i in list_backups(store.path)]
    size = store.path.stat().st_size + store.path.with_name("cases.sqlite-wal").stat().st_size
    assert sum(p.stat().st_size for p in files) <= 0.5 * size
    assert files[0].name.startswith("cases-auto-20260301")  # the newest is always kept
    assert 1 <= len(files) < 10  # older ones were dropped to stay within it
