"""Long work on a worker thread: the window keeps answering, progress shows, 取消 reaches it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton, QWidget

from gui.worker_task import WorkerTask


def test_the_result_comes_back_and_the_window_answers_meanwhile(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    labels: list[str] = []
    task = WorkerTask(window, "导出", "正在导出…")
    shown: list[bool] = []
    QTimer.singleShot(20, lambda: shown.append(task.dialog.isVisible()))

    def work(progress: Callable[[str, int, int], None], cancelled: Callable[[], bool]) -> str:
        for done in range(1, 6):
            time.sleep(0.06)
            progress("导出", done, 5)
        return threading.current_thread().name

    original = task._show_progress

    def record(stage: str, done: int, total: int) -> None:
        original(stage, done, total)
        labels.append(task.dialog.labelText())

    task._show_progress = record  # type: ignore[method-assign]
    assert task.run(work) == "worker-task"
    timer.stop()
    # The GUI thread's event loop ran while the worker worked; how smoothly is the
    # benchmark's longest-stall row (tests/benchmark.py), not a timed assertion here.
    assert ticks
    assert labels[-1] == "正在导出：5 / 5 行"
    assert shown == [True]  # the progress dialog is up from the start, with 取消


def test_the_works_error_is_raised_on_the_gui_thread(qtbot) -> None:
    def work(progress: Callable[[str, int, int], None], cancelled: Callable[[], bool]) -> None:
        raise ValueError("坏文件")

    with pytest.raises(ValueError, match="坏文件"):
        WorkerTask(None, "导入", "正在导入…").run(work)


def test_cancel_reaches_the_work(qtbot) -> None:
    task = WorkerTask(None, "导出", "正在导出…")
    started = threading.Event()

    def work(progress: Callable[[str, int, int], None], cancelled: Callable[[], bool]) -> str:
        started.set()
        deadline = time.monotonic() + 5
        while not cancelled() and time.monotonic() < deadline:
            time.sleep(0.01)
        return "stopped" if cancelled() else "ran out"

    cancel_button = task.dialog.findChild(QPushButton)
    assert cancel_button.text() == "取消"
    QTimer.singleShot(50, cancel_button.click)  # the user presses 取消
    assert task.run(work) == "stopped" and started.is_set()


def test_the_progress_box_goes_away_when_the_work_ends(qtbot) -> None:
    """Even while the loop that would delete it is waiting (a dialog opened next)."""
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    task = WorkerTask(window, "导入台账", "正在检查台账…")
    box = task.dialog
    seen: list[bool] = []

    def work(progress: Callable[[str, int, int], None], cancelled: Callable[[], bool]) -> int:
        progress("检查", 6, 6)
        return 6

    assert task.run(work) == 6
    seen.append(box.isVisible())
    assert seen == [False]
