"""导出清单 / 导出全部案件: the case list written on a worker thread, with progress and 取消."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session, sessionmaker

from gui.worker_task import Progress, WorkerTask
from model.cases.queries import CaseFilter


def export_case_list(
    parent: QWidget,
    title: str,
    sessions: sessionmaker[Session],
    case_filter: CaseFilter | None,
    path: Path,
    today: dt.date,
) -> int:
    """Write the cases of a filter (None: every case) to ``path``; the rows written.

    Raises what the writer raises (a ``UserError`` when cancelled or refused).
    """

    def export(progress: Progress, cancelled: Callable[[], bool]) -> int:
        # Imported here, on the worker: the spreadsheet libraries take half a second to
        # import, which the window (waiting for a click to be answered) should not pay.
        from model.reports.case_list import write_case_list

        def rows_written(done: int, total: int) -> None:
            progress("导出", done, total)

        return write_case_list(sessions, case_filter, path, today, rows_written, cancelled)

    return WorkerTask(parent, title, "正在导出案件…").run(export)
