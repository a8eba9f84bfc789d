"""``import-cases LEDGER.xlsx``: the ledger import from the command line, in Chinese."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from model.ledger.check import LedgerRejected, import_ledger
from model.ledger.read import check_ledger_file


def import_cases_command(arguments: argparse.Namespace) -> int:
    """``import-cases LEDGER.xlsx [--skip-bad] [--db PATH]``."""
    from model.commands import open_for_command

    check_ledger_file(arguments.ledger)  # a wrong file is refused before the database opens
    store = open_for_command(arguments.db)
    try:
        result, checked = import_ledger(
            store.sessions, arguments.ledger, None, dt.date.today(), skip_bad=arguments.skip_bad
        )
    except LedgerRejected as rejected:
        for problem in rejected.checked.problems:
            print(problem.text, file=sys.stderr)
        raise
    finally:
        store.close()
    for problem in checked.problems:
        print(f"已跳过 {problem.text}", file=sys.stderr)
    print(
        f"已导入 {result.imported} 件案件（其中已结 {result.closed} 件）"
        + (f"，期限事项 {result.events} 条" if result.events else "")
        + (f"，跳过有误的 {result.skipped} 行" if result.skipped else "")
        + "。"
    )
    for line in checked.warnings:
        print(f"警告：{line}")
    for line in result.late_extensions:
        print(f"提示：{line}")
    if checked.ignored_headers:
        print(f"未使用的列：{'、'.join(checked.ignored_headers)}")
    return 0
