"""Database upkeep commands: integrity check (backup and the rest come with data safety)."""

from __future__ import annotations

import argparse

from sqlalchemy import text

from model.commands import open_for_command


def check_command(arguments: argparse.Namespace) -> int:
    """`check`: run SQLite's integrity check and report it in Chinese."""
    store = open_for_command(arguments.db)
    try:
        with store.engine.connect() as connection:
            if store.url.startswith("sqlite"):
                result = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
                foreign = list(connection.exec_driver_sql("PRAGMA foreign_key_check"))
            else:
                result, foreign = ["ok"], []
            cases = connection.execute(text("SELECT COUNT(*) FROM cases")).scalar_one()
    finally:
        store.close()
    if result != ["ok"] or foreign:
        print("数据库检查发现问题：", *result[:20], sep="\n")
        if foreign:
            print(f"外键不一致的记录 {len(foreign)} 条。")
        print("请从备份恢复，或联系管理员。")
        return 1
    print(f"数据库完好：共 {cases} 件案件。")
    return 0
