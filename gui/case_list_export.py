"""导出清单 / 导出全部案件: the case list written by a child process, with progress and 取消.

The child (model/reports/case_list_process.py) has an interpreter of its own, so the
window paints and answers at its own pace while a million rows are written: on a
worker thread of this process each of its paint steps waited for the writer's Python
(longest stall 131 ms at 100k, about 200 ms at 1M; README, 性能).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session, sessionmaker

from gui.child_task import ChildTask
from model.cases.queries import CaseFilter

CANCELLED = "已取消导出，没有生成文件。"


def export_case_list(
    parent: QWidget,
    title: str,
    sessions: sessionmaker[Session],
    case_filter: CaseFilter | None,
    path: Path,
    today: dt.date,
) -> int:
    """Write the cases of a filter (None: every case) to ``path``; the rows written.

    Raises a ``UserError`` when cancelled, refused or failed; the target is replaced
    only when the whole list was written, and nothing is left behind otherwise.
    """
    # at first use, not at the window's start (tests/gui/test_launch_imports.py)
    from model.reports.case_list_process import CaseListChild, reopenable_url
    from model.reports.target_file import atomic_target

    database = reopenable_url(sessions.kw["bind"])
    with atomic_target(path) as temporary:
        child = CaseListChild(database, case_filter, temporary, today)
        try:
            task = ChildTask(parent, title, "正在导出案件…", "导出")
            return task.run(child, CANCELLED)
        finally:
            child.close()
