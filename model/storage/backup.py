"""Backups: SQLite's online backup API, verified after writing, kept in a rotation.

Backups live in a ``backups`` folder beside the database, named
``<stem>-<kind>-YYYYMMDD-HHMMSS-<cases>.sqlite.xz``: compressed with lzma (a sixth to a
seventh of the database), the case count in the name so the list needs no unpacking.
Automatic ones are thinned to the last 7 days, 4 weeks and 12 months (the newest backup
of each), and then, oldest first, to at most ``BUDGET`` times the database's size; the
copies made before a restore or an upgrade are kept apart from that rotation. A backup
is never a plain file copy: copying a live database mid-write can copy a torn file, the
backup API cannot. A compressed copy counts only once it has been unpacked again into a
temporary file that passed ``integrity_check`` (model/storage/backup_packing.py).
Restore takes compressed copies (``.xz``, ``.gz``) and plain ones (older backups, a copy
on a USB stick) alike.
"""

from __future__ import annotations

import datetime as dt
import gzip
import lzma
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from model.errors import DatabaseOpenError, UserError
from model.storage.backup_packing import (
    PACKED,
    is_packed,
    pack,
    temporary_plain,
    unpack,
    unpacked,
)
from model.storage.engine import DamagedDatabaseError
from model.storage.identity import connect_read_only, identify

FOLDER = "backups"
KINDS = {"auto": "自动", "manual": "手动", "restore": "恢复前", "upgrade": "升级前"}
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
KEEP_SPECIAL = 10  # copies made before a restore or an upgrade, of each kind
_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<kind>[a-z]+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<cases>\d+))?"
    r"\.sqlite(?P<packed>\.xz|\.gz)?$"
)
BUDGET = 3  # the automatic copies together: at most this many times the database's size


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: when it was taken, of what kind, how many cases it holds."""

    path: Path
    taken: dt.datetime
    kind: str
    cases: int | None  # None when the file cannot be read

    @property
    def kind_label(self) -> str:
        """自动 / 手动 / 恢复前 / 升级前."""
        return KINDS.get(self.kind, self.kind)


def backup_folder(database: Path) -> Path:
    """The rotation folder beside the database."""
    return database.parent / FOLDER


def _connect_ro(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    connection.isolation_level = None
    return connection


def verify_backup(path: Path) -> int:
    """Check a backup before it is trusted: its case count, or UserError saying why not.

    It must be our database (application id and tables), of a version this program
    reads (not newer), and pass SQLite's full ``integrity_check``; it is only read. A
    compressed backup is unpacked into a temporary file and that file is checked.
    """
    with unpacked(path) as plain:
        return _verify_plain(plain, path.name)


def _verify_plain(path: Path, name: str) -> int:
    try:
        version = identify(path, check=False)
    except DamagedDatabaseError as error:
        raise UserError(
            f"备份文件“{name}”不是有效的数据库，或已经损坏，不能使用。请选择另一份备份。"
        ) from error
    except DatabaseOpenError as error:
        raise UserError(f"备份文件“{name}”不能使用：{error.message}") from error
    if version is None:
        raise UserError(f"备份文件“{name}”是空的数据库，不是本程序的备份。")
    try:
        connection = _connect_ro(path)
        try:
            findings = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            cases = connection.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise UserError(
            f"备份文件“{name}”无法读取或已经损坏，不能使用。请选择另一份备份。"
        ) from error
    if findings != ["ok"]:
        raise UserError(
            f"备份文件“{name}”已经损坏（完整性检查发现 {len(findings)} 处问题），"
            "不能使用。请选择另一份备份。"
        )
    return int(cases)


def _disk_message(error: Exception, out: Path) -> str:
    text = str(error)
    if "full" in text or getattr(error, "errno", None) == 28:
        return f"磁盘空间不足，无法写入备份“{out}”。原数据库未受影响，请换一个位置或清理空间。"
    if isinstance(error, FileNotFoundError) or "unable to open" in text:
        return f"无法写入备份“{out}”：文件夹不存在或不可写。原数据库未受影响。"
    if isinstance(error, PermissionError) or "readonly" in text:
        return f"没有写入“{out}”的权限。原数据库未受影响，请换一个位置。"
    return f"备份“{out}”失败：{text}。原数据库未受影响。"


def write_backup(database: Path, out: Path) -> int:
    """Copy ``database`` to ``out`` through the backup API and verify it; its case count.

    The copy is written to ``out.part`` and renamed only after it passed
    integrity_check, so ``out`` is never a half-written file. An ``out`` ending in
    ``.xz`` or ``.gz`` is compressed, and checked by unpacking it again.
    """
    if not database.is_file():
        raise UserError(f"数据库文件“{database}”不存在，无法备份。")
    if not out.parent.is_dir():
        raise UserError(f"备份位置“{out.parent}”不存在。请先插入 U 盘或创建该文件夹。")
    identify(database, check=False)  # another program's file is refused, not copied
    part = out.with_name(out.name + ".part")
    plain = out.with_name(out.name + ".part.sqlite") if is_packed(out) else part
    try:
        # Read-only: a backup never writes to what it copies (nor waits for the window).
        source = connect_read_only(database)
        try:
            target = sqlite3.connect(plain)
            try:
                source.backup(target)
                # One self-contained file (no -wal beside it) is what goes on a USB stick.
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        finally:
            source.close()
        if plain != part:
            pack(plain, part, out.suffix)
            plain.unlink()
        cases = verify_backup(part) if plain == part else _verify_packed(part, out)
        os.replace(part, out)
    except (sqlite3.Error, OSError) as error:
        part.unlink(missing_ok=True)
        raise UserError(_disk_message(error, out)) from error
    except UserError:
        part.unlink(missing_ok=True)
        raise
    finally:
        if plain != part:
            plain.unlink(missing_ok=True)
    return cases


def _verify_packed(part: Path, out: Path) -> int:
    """Unpack a just-written ``.part`` of ``out``'s kind and check it; its case count."""
    with temporary_plain() as plain:
        try:
            unpack(part, plain, out.suffix)
        except (lzma.LZMAError, gzip.BadGzipFile, EOFError) as error:
            raise UserError(f"备份“{out}”写入后无法解压，未保存。原数据库未受影响。") from error
        return _verify_plain(plain, out.name)


def make_backup(database: Path, kind: str = "auto", now: dt.datetime | None = None) -> BackupInfo:
    """Take a backup into the rotation folder and thin the rotation."""
    now = (now or dt.datetime.now()).replace(microsecond=0)
    folder = backup_folder(database)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise UserError(_disk_message(error, folder)) from error
    out = folder / f"{database.stem}-{kind}-{now:%Y%m%d-%H%M%S}.sqlite{PACKED}"
    cases = write_backup(database, out)
    named = out.with_name(f"{database.stem}-{kind}-{now:%Y%m%d-%H%M%S}-{cases}.sqlite{PACKED}")
    os.replace(out, named)  # the count in the name: the list reads it without unpacking
    rotate(database)
    return BackupInfo(named, now, kind, cases)


def _parse(path: Path, stem: str) -> tuple[str, dt.datetime] | None:
    match = _NAME.match(path.name)
    if not match or match["stem"] != stem:
        return None
    try:
        return match["kind"], dt.datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def _named_cases(path: Path) -> int | None:
    match = _NAME.match(path.name)
    return int(match["cases"]) if match and match["cases"] else None


def _backup_files(database: Path) -> list[tuple[Path, str, dt.datetime]]:
    folder = backup_folder(database)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        parsed = _parse(path, database.stem)
        if parsed:
            found.append((path, *parsed))
    found.sort(key=lambda item: item[2], reverse=True)
    return found


def list_backups(database: Path) -> list[BackupInfo]:
    """Every backup of ``database``, newest first, with its case count."""
    infos = []
    for path, kind, taken in _backup_files(database):
        named = _named_cases(path)
        if named is not None or is_packed(path):
            infos.append(BackupInfo(path, taken, kind, named))
            continue
        try:
            connection = _connect_ro(path)
            try:
                cases = int(connection.execute("SELECT COUNT(*) FROM cases").fetchone()[0])
            finally:
                connection.close()
        except sqlite3.Error:
            cases = None
        infos.append(BackupInfo(path, taken, kind, cases))
    return infos


def keep_set(stamps: list[dt.datetime]) -> set[dt.datetime]:
    """Which automatic backups the rotation keeps: newest of each of the last 7 days,
    4 ISO weeks and 12 months."""
    keep: set[dt.datetime] = set()
    for key, limit in (
        (lambda t: t.date(), KEEP_DAILY),
        (lambda t: t.isocalendar()[:2], KEEP_WEEKLY),
        (lambda t: (t.year, t.month), KEEP_MONTHLY),
    ):
        seen: list[object] = []
        for stamp in sorted(stamps, reverse=True):
            period = key(stamp)
            if period not in seen:
                seen.append(period)
                if len(seen) > limit:
                    break
                keep.add(stamp)
    return keep


def rotate(database: Path) -> list[Path]:
    """Delete the automatic backups the rotation no longer keeps; the deleted files."""
    files = _backup_files(database)
    autos = [(path, taken) for path, kind, taken in files if kind == "auto"]
    keep = keep_set([taken for _path, taken in autos])
    removed = [path for path, taken in autos if taken not in keep]
    for kind in ("restore", "upgrade"):
        removed += [path for path, k, _t in files if k == kind][KEEP_SPECIAL:]
    for path in removed:
        path.unlink(missing_ok=True)
    removed += _within_budget(database, [path for path, taken in autos if taken in keep])
    return removed


def _within_budget(database: Path, kept: list[Path]) -> list[Path]:
    """Drop the oldest automatic copies while they take more than ``BUDGET`` times the
    database; the newest is always kept. The deleted files."""
    try:
        wal = database.with_name(database.name + "-wal")  # committed pages not yet moved in
        size = database.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
        allowed = BUDGET * size
        sizes = [(path, path.stat().st_size) for path in kept]  # newest first
    except OSError:
        return []
    total = sum(size for _path, size in sizes)
    removed = []
    while total > allowed and len(sizes) > 1:
        path, size = sizes.pop()
        path.unlink(missing_ok=True)
        removed.append(path)
        total -= size
    return removed


def latest_good_backup(database: Path) -> BackupInfo | None:
    """The newest backup that passes integrity_check, or None."""
    for path, kind, taken in _backup_files(database):
        try:
            cases = verify_backup(path)
        except UserError:
            continue
        return BackupInfo(path, taken, kind, cases)
    return None


def _set_aside(database: Path, now: dt.datetime) -> Path:
    """Move an unusable database (and its journal files) into the backups folder."""
    folder = backup_folder(database)
    folder.mkdir(exist_ok=True)
    aside = folder / f"{database.stem}-unusable-{now:%Y%m%d-%H%M%S}{database.suffix}"
    for suffix in ("-wal", "-shm", "-journal"):
        extra = database.with_name(database.name + suffix)
        if extra.exists():
            os.replace(extra, aside.with_name(aside.name + suffix))
    os.replace(database, aside)
    return aside


def restore_backup(backup: Path, database: Path, now: dt.datetime | None = None) -> Path | None:
    """Replace ``database`` by ``backup``, after backing the current file up first.

    The backup is verified before anything changes. A sound current file is backed up
    (kind "restore"); one that cannot be backed up (damaged, foreign) is moved aside
    into the backups folder instead. The copy goes through the backup API and is
    verified afterwards. Returns where the previous file was kept.
    """
    now = (now or dt.datetime.now()).replace(microsecond=0)
    with unpacked(backup) as plain:  # a compressed backup is unpacked once, for both
        return _restore_plain(plain, backup.name, database, now)


def _restore_plain(backup: Path, name: str, database: Path, now: dt.datetime) -> Path | None:
    cases = _verify_plain(backup, name)
    kept: Path | None = None
    if database.exists():
        try:
            kept = make_backup(database, kind="restore", now=now).path
        except UserError:
            kept = _set_aside(database, now)
    try:
        source = _connect_ro(backup)
        try:
            target = sqlite3.connect(database)
            try:
                source.backup(target)
                findings = [row[0] for row in target.execute("PRAGMA integrity_check")]
                restored = target.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.Error as error:
        raise UserError(
            f"恢复失败：{error}。原文件已保存在“{kept}”。" if kept else f"恢复失败：{error}。"
        ) from error
    if findings != ["ok"] or restored != cases:
        raise UserError(f"恢复后的数据库校验未通过：{'；'.join(findings[:3])}")
    return kept
