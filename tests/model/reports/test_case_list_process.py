"""The case list written by a child process: same workbook, progress, cancel, failure, no Qt."""

from __future__ import annotations

import multiprocessing
import sys
import time
import zipfile
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

from model.cases.queries import CaseFilter
from model.entities import CaseStatus, Track
from model.errors import Cancelled
from model.reports.case_list import write_case_list
from model.reports.case_list_process import (
    CaseListChild,
    ExportFailed,
    ExportJob,
    reopenable_url,
    write_in_child,
)
from model.reports.target_file import atomic_target
from model.storage.store import Store
from tests.model.reports.test_case_list import three_cases
from tests.report_cases import D, bulk_cases

TODAY = D(2026, 12, 1)
QT_PACKAGES = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def wait_for(child: CaseListChild, until: Any = None, timeout: float = 60.0) -> None:
    """Poll as the window's timer does, till the child ends (or ``until()`` holds)."""
    deadline = time.monotonic() + timeout
    while not child.ended(timeout=0.05):  # waits on the pipe, not in sleep
        if until is not None and until():
            return
        assert time.monotonic() < deadline, "the child neither ended nor got there"


def export_in_child(url: str, case_filter: CaseFilter | None, path: Path) -> int:
    """What the window does: a temporary beside ``path``, the child, the rename."""
    with atomic_target(path) as temporary:
        child = CaseListChild(url, case_filter, temporary, TODAY)
        try:
            child.start()
            wait_for(child)
            if child.error is not None:
                raise ExportFailed(child.error)
            assert child.written is not None
            return child.written
        finally:
            child.close()


def sheet_cells(path: Path) -> list[list[tuple[object, str]]]:
    """Every cell's value and number format, row by row."""
    sheet = load_workbook(path)["案件清单"]
    return [[(cell.value, cell.number_format) for cell in row] for row in sheet.iter_rows()]


def zip_parts(path: Path) -> dict[str, bytes]:
    """The workbook's parts, but for the one stamped with the time it was made."""
    with zipfile.ZipFile(path) as book:
        return {name: book.read(name) for name in book.namelist() if name != "docProps/core.xml"}


FILTERS = [
    None,
    CaseFilter(statuses=frozenset({CaseStatus.PENDING})),
    CaseFilter(track=Track.SIMPLE, text="申请人1"),
]


@pytest.mark.parametrize(
    "case_filter",
    FILTERS,
    ids=["all", "pending", "simple-and-text"],
)
def test_the_child_writes_what_the_command_line_writes(
    store: Store, tmp_path: Path, case_filter: CaseFilter | None
) -> None:
    three_cases(store.sessions)
    with store.sessions.begin() as s:
        bulk_cases(s, 2500, pending_every=3)
    in_process, in_child = tmp_path / "here.xlsx", tmp_path / "child.xlsx"
    expected = write_case_list(store.sessions, case_filter, in_process, TODAY)
    url = reopenable_url(store.engine)
    assert export_in_child(url, case_filter, in_child) == expected > 0
    assert sheet_cells(in_child) == sheet_cells(in_process)  # cell by cell
    assert zip_parts(in_child) == zip_parts(in_process)  # and byte for byte
    assert sorted(p.name for p in tmp_path.glob("*.xlsx")) == ["child.xlsx", "here.xlsx"]


def messages(reader: Connection) -> list[tuple[Any, ...]]:
    said = []
    try:
        while reader.poll():
            said.append(reader.recv())
    except EOFError:  # the writing end is closed: all was said
        pass
    return said


def test_the_child_function_reports_progress_then_the_count(store: Store, tmp_path: Path) -> None:
    with store.sessions.begin() as s:
        bulk_cases(s, 4500)
    reader, writer = multiprocessing.Pipe(duplex=False)
    target = tmp_path / "list.xlsx"
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    job = ExportJob(reopenable_url(store.engine), None, str(target), str(scratch), TODAY)
    write_in_child(job, writer)  # in this process: the same function the child runs
    assert messages(reader) == [("progress", 2000, 4500), ("progress", 4000, 4500),
                                ("progress", 4500, 4500), ("done", 4500)]  # fmt: skip
    assert load_workbook(target).active.max_row == 4501
    assert list(scratch.iterdir()) == []  # XlsxWriter's temporary files went there, and away


def test_a_failure_is_a_message_and_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "list.xlsx"
    target.write_bytes(b"the list of last week")
    missing = tmp_path / "gone.sqlite"
    with pytest.raises(ExportFailed, match="不存在"):
        export_in_child(f"sqlite:///{missing}", None, target)
    assert [p.name for p in folder.iterdir()] == ["list.xlsx"]  # no temporary left
    assert target.read_bytes() == b"the list of last week"  # untouched


def test_a_foreign_file_is_refused_in_words(tmp_path: Path) -> None:
    reader, writer = multiprocessing.Pipe(duplex=False)
    other = tmp_path / "other.sqlite"
    engine = create_engine(f"sqlite:///{other}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x)")
    engine.dispose()
    job = ExportJob(f"sqlite:///{other}", None, str(tmp_path / "x.xlsx"), str(tmp_path), TODAY)
    write_in_child(job, writer)
    [(kind, text)] = messages(reader)
    assert kind == "error" and text.startswith("导出失败：") and "cases" in text


def started_writing(store: Store, temporary: str) -> CaseListChild:
    """A child well into a 16,000-row list."""
    child = CaseListChild(reopenable_url(store.engine), None, temporary, TODAY)
    child.start()
    wait_for(child, until=lambda: child.done > 0)
    assert child.written is None and child.error is None, "the child ended too soon"
    assert Path(temporary).exists() and child.process.is_alive()
    return child


def last_weeks_list(store: Store, tmp_path: Path) -> Path:
    with store.sessions.begin() as s:
        bulk_cases(s, 16_000)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "list.xlsx"
    target.write_bytes(b"the list of last week")
    return target


def test_cancel_terminates_the_child_and_leaves_nothing(store: Store, tmp_path: Path) -> None:
    target = last_weeks_list(store, tmp_path)
    with pytest.raises(Cancelled), atomic_target(target) as temporary:
        child = started_writing(store, temporary)
        scratch = Path(child.job.scratch)
        child.cancel()
        assert not child.process.is_alive()
        child.close()
        raise Cancelled("已取消导出，没有生成文件。")  # as the window does
    assert [p.name for p in target.parent.iterdir()] == ["list.xlsx"]
    assert target.read_bytes() == b"the list of last week"
    assert not scratch.exists()  # XlsxWriter's half-written parts went with it


def test_a_child_that_dies_is_told_in_chinese(store: Store, tmp_path: Path) -> None:
    target = last_weeks_list(store, tmp_path)
    with pytest.raises(ExportFailed, match="导出进程意外终止"), atomic_target(target) as temporary:
        child = started_writing(store, temporary)
        child.process.kill()  # a crash, or the task manager
        wait_for(child)
        child.close()
        assert child.written is None and child.error is not None
        raise ExportFailed(child.error)
    assert [p.name for p in target.parent.iterdir()] == ["list.xlsx"]
    assert target.read_bytes() == b"the list of last week"


def _probe(job: ExportJob, news: Connection) -> None:
    """Run in a spawned child: the export, then which Qt modules the child holds."""
    reader, writer = multiprocessing.Pipe(duplex=False)
    write_in_child(job, writer)
    said = messages(reader)
    news.send((said[-1], sorted(m for m in sys.modules if m.split(".")[0] in QT_PACKAGES)))
    news.close()


@pytest.mark.sqlite_only
def test_the_child_never_imports_qt(
    qapp, store: Store, sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    three_cases(sessions)
    assert "PySide6" in sys.modules  # the parent has Qt, as the window does
    job = ExportJob(reopenable_url(store.engine), None, str(tmp_path / "x.xlsx"), str(tmp_path),
                    TODAY)  # fmt: skip
    context = multiprocessing.get_context("spawn")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_probe, args=(job, writer))
    process.start()
    writer.close()
    assert reader.poll(60)
    outcome, qt_modules = reader.recv()
    process.join(10)
    assert outcome == ("done", 3)
    assert qt_modules == []


def test_an_in_memory_database_cannot_be_reopened() -> None:
    engine = create_engine("sqlite://")
    with pytest.raises(ExportFailed, match="内存数据库"):
        reopenable_url(engine)
