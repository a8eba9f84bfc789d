"""Database upkeep commands: backup, restore, check, audit-verify, migrate-to (SPEC §7)."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

from model.errors import DatabaseOpenError, UserError
from model.storage.backup import write_backup
from model.storage.engine import (
    APPLICATION_ID,
    ForeignDatabaseError,
    database_url,
    display_url,
    sqlite_path,
)
from model.storage.paths import default_database_path
from model.storage.schema import VERSION_TABLE, latest_version


def _database_file(db: str | None) -> Path:
    """The SQLite file named by --db (or the default one); it must exist."""
    path: Path | None
    if db is None:
        path = default_database_path()
    else:
        path = sqlite_path(database_url(db))
        if path is None:
            raise UserError(
                "该命令只适用于本机的 SQLite 数据库文件。PostgreSQL 服务器上的数据库"
                "请在服务器上用 pg_dump 备份、用 PostgreSQL 自身的工具检查。"
            )
    if not path.is_file():
        raise UserError(f"数据库文件“{path}”不存在。")
    return path


def backup_command(arguments: argparse.Namespace) -> int:
    """`backup OUT.sqlite`: a verified copy through SQLite's backup API."""
    source = _database_file(arguments.db)
    out = Path(arguments.out)
    if out.resolve() == source.resolve():
        raise UserError("备份文件不能与数据库是同一个文件，请换一个文件名或位置。")
    cases = write_backup(source, out)
    print(f"备份完成：{out}（共 {cases} 件案件，已通过完整性校验）。")
    return 0


@dataclass
class CheckReport:
    """What ``check_database`` found; ``sound`` when there is nothing to report."""

    cases: int | None = None
    version: int | None = None
    findings: list[str] = field(default_factory=list)

    @property
    def sound(self) -> bool:
        """True when the file has no findings."""
        return not self.findings


def check_database(path: Path) -> CheckReport:
    """Full integrity_check, foreign_key_check, application id and version, read-only."""
    report = CheckReport()
    try:
        connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as error:
        report.findings.append(f"无法打开文件：{error}")
        return report
    try:
        integrity = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            report.findings += [f"完整性：{line}" for line in integrity[:20]]
        foreign = list(connection.execute("PRAGMA foreign_key_check"))
        for table, rowid, parent, _index in foreign[:20]:
            report.findings.append(f"外键：表 {table} 第 {rowid} 行引用的 {parent} 记录不存在")
        if len(foreign) > 20:
            report.findings.append(f"……外键不一致的记录共 {len(foreign)} 条")
        app_id = connection.execute("PRAGMA application_id").fetchone()[0]
        if app_id not in (0, APPLICATION_ID):
            report.findings.append("文件不是本程序的数据库（application_id 不符）")
            return report
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if VERSION_TABLE not in tables or "cases" not in tables:
            report.findings.append("文件缺少本程序的数据表，不是本程序的数据库")
            return report
        report.version = connection.execute(f"SELECT version FROM {VERSION_TABLE}").fetchone()[0]
        if report.version > latest_version():
            report.findings.append(
                f"数据库版本 {report.version} 比本程序（{latest_version()}）新，请升级程序"
            )
        report.cases = connection.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    except sqlite3.Error as error:
        report.findings.append(f"读取失败：{error}")
    finally:
        connection.close()
    return report


def clock_findings(target: str | Path) -> list[str]:
    """Every stored due date (or status) that differs from what the case's events give.

    Opens the database read-only (no lock, no upgrade): a value edited with an SQLite
    tool is found without writing anything.
    """
    from model.calendar.clock_check import stale_clocks
    from model.storage.store import open_store

    store = open_store(target, read_only=True, check=False)
    try:
        with store.sessions() as session:
            return [difference.message for difference in stale_clocks(session)]
    finally:
        store.close()


def check_command(arguments: argparse.Namespace) -> int:
    """`check`: integrity and foreign-key checks, then every case's clock recomputed.

    Exit 0 when sound, 1 with the findings.
    """
    path = _database_file(arguments.db)
    report = check_database(path)
    if report.sound:
        clocks = clock_findings(path)
        if clocks:
            print(f"数据库“{path}”中有 {len(clocks)} 处期限与案件事项不符（在程序外被改动）：")
            print(*clocks, sep="\n")
            print("请核对这些案件；如确系误改，请从改动前的备份恢复，或报告管理员。")
            return 1
    if not report.sound:
        print(f"数据库“{path}”检查发现问题：", *report.findings, sep="\n")
        print("请在 备份与恢复 中从最近的完好备份恢复，或联系管理员。")
        return 1
    print(
        f"数据库完好：共 {report.cases} 件案件（数据库版本 {report.version}），"
        "各案期限均与其事项相符。"
    )
    return 0


def audit_verify_command(arguments: argparse.Namespace) -> int:
    """`audit-verify`: walk the audit chain; 0 when intact, 1 naming the first broken entry.

    The database is opened read-only (no lock, no upgrade); it runs as the system actor.
    """
    from model.access.audit_chain import verify
    from model.access.audit_rows import verify_rows
    from model.storage.store import open_store

    target = arguments.db if arguments.db is not None else _database_file(None)
    store = open_store(target, read_only=True)
    try:
        report = verify(store.sessions)
        differences = verify_rows(store.sessions)
    finally:
        store.close()
    if not report.ok:
        print(report.message, file=sys.stderr)
    if differences:
        print(
            f"数据表与操作记录不符之处共 {len(differences)} 处（在程序外被改动）：",
            file=sys.stderr,
        )
        for difference in differences:
            print(difference.message, file=sys.stderr)
    if not report.ok or differences:
        print("请从最近的完好备份恢复，并报告管理员。", file=sys.stderr)
        return 1
    print(report.message)
    print("各数据表与操作记录逐行核对一致。")
    print(f"校验链末端（请记入检查记录，下次比对）：{report.head}")
    return 0


def migrate_to_command(arguments: argparse.Namespace) -> int:
    """`migrate-to URL [--db PATH]`: copy the SQLite database into an empty PostgreSQL one."""
    from model.commands import open_for_command
    from model.storage.server_copy import copy_to_server

    source = _database_file(arguments.db)
    store = open_for_command(str(source))  # locked: nobody edits while it is copied
    try:
        report = copy_to_server(store, arguments.url)
    finally:
        store.close()
    cases = report.rows.get("cases", 0)
    print(
        f"迁移完成：已把“{source}”复制到“{display_url(database_url(arguments.url))}”"
        f"（数据库版本 {report.version}）。共 {len(report.rows)} 张表、{report.total} 行，"
        f"其中案件 {cases} 件；每张表的行数均已核对一致。"
    )
    print("今后各台电脑请用 --db 指向该服务器地址。")
    return 0


def restore_command(arguments: argparse.Namespace) -> int:
    """`restore BACKUP.sqlite [--db PATH] [--take-over]`: the window's restore, from here.

    The same service as 数据 → 备份与恢复 (``restore_backup``): the backup is checked
    (integrity, ours, not newer) before anything changes, the current file is backed up
    into the ``backups`` folder first, and the lock is held throughout, so the window
    cannot be working on the file meanwhile. A missing database file is restored into
    (the drill after a lost disk); another program's file is never replaced.
    """
    from model.storage.backup import restore_backup, verify_backup
    from model.storage.command_open import command_target, lock_for_command
    from model.storage.identity import identify

    path = sqlite_path(database_url(command_target(arguments.db)))
    if path is None:
        raise UserError(
            "restore 只适用于本机的 SQLite 数据库文件。PostgreSQL 服务器上的数据库"
            "请用 pg_restore 从 pg_dump 的备份恢复。"
        )
    backup = Path(arguments.backup)
    if not backup.is_file():
        raise UserError(f"备份文件“{backup}”不存在。请检查路径；数据库没有改动。")
    if backup.resolve() == path.resolve():
        raise UserError(
            "备份文件就是要恢复的数据库本身。请选择 backups 文件夹或 U 盘中的一份备份。"
        )
    if not path.parent.is_dir():
        raise UserError(f"数据库所在的文件夹“{path.parent}”不存在。请先创建该文件夹。")
    cases = verify_backup(backup)
    existed = path.exists()
    if existed:
        try:
            identify(path, check=False)
        except ForeignDatabaseError as error:
            raise UserError(
                f"“{path}”不是本程序的数据库（属于其他程序），恢复不会覆盖它；该文件未作任何改动。"
                "请用 --db 指定本程序的数据库文件。"
            ) from error
        except DatabaseOpenError:
            pass  # damaged or newer: that is what a restore is for; it is kept aside first
    lock = lock_for_command(arguments.db, take_over=arguments.take_over)
    try:
        kept = restore_backup(backup, path)
    finally:
        lock.release()
    if not existed:
        print(f"已新建数据库 {path}，内容取自备份。")
    print(f"已从备份“{backup}”恢复数据库“{path}”：共 {cases} 件案件，恢复前后均已通过完整性校验。")
    if kept is not None:
        print(f"恢复前的数据库已保存为“{kept}”，需要时可再从它恢复。")
    return 0
