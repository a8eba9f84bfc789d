"""Long work (an import, an export) on a worker thread, behind a progress dialog with 取消.

The caller waits in a local event loop, so it reads as if the work ran in place: the
result comes back, or the work's exception is raised, on the GUI thread. Meanwhile
the window repaints and answers, and 取消 sets a flag the work checks between steps
(the services roll back or remove their half-written file when it does). With a
million cases an export takes minutes; the window must never freeze for that long.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from gui.session_guard import input_unwatched

T = TypeVar("T")
Progress = Callable[[str, int, int], None]  # stage, steps done, steps in all
Work = Callable[[Progress, Callable[[], bool]], T]


class _Relay(QObject):
    """Carries the worker's news to the GUI thread (signals cross threads queued)."""

    progressed = Signal(str, int, int)
    finished = Signal(object)  # (result, error)


class WorkerTask:
    """One piece of long work with its progress dialog; ``run`` it once."""

    def __init__(self, parent: QWidget | None, title: str, label: str, unit: str = "行") -> None:
        self.dialog = progress_dialog(parent, title, label)
        self._unit = unit
        self._cancel = threading.Event()
        self.dialog.canceled.connect(self._cancel.set)

    def cancelled(self) -> bool:
        """The user pressed 取消 (asked from the worker thread)."""
        return self._cancel.is_set()

    def run(self, work: Work[T]) -> T:
        """Run ``work(progress, cancelled)`` on a worker thread; its result or its error."""
        relay = _Relay()
        loop = QEventLoop()
        outcome: dict[str, Any] = {}
        relay.progressed.connect(self._show_progress)

        def finish(answer: tuple[object, object]) -> None:
            outcome.update(result=answer[0], error=answer[1])
            loop.quit()

        relay.finished.connect(finish)

        def body() -> None:
            try:
                result = work(relay.progressed.emit, self.cancelled)
            except BaseException as error:  # handed to the GUI thread, raised there
                relay.finished.emit((None, error))
            else:
                relay.finished.emit((result, None))

        worker = threading.Thread(target=body, name="worker-task", daemon=True)
        with input_unwatched():
            # The dialog is drawn before the worker starts: drawn while the worker runs
            # Python, each of its paint steps waited for the interpreter (up to 300 ms at
            # 1M cases, against about 100 ms now), so even quick work shows it briefly.
            self.dialog.setValue(0)
            worker.start()
            loop.exec()
            worker.join()
        close_progress(self.dialog)
        error = outcome["error"]
        if isinstance(error, BaseException):
            raise error
        return outcome["result"]

    def _show_progress(self, stage: str, done: int, total: int) -> None:
        show_progress(self.dialog, stage, done, total, self._unit)


def progress_dialog(parent: QWidget | None, title: str, label: str) -> QProgressDialog:
    """The window-modal progress box with 取消 that long work shows (kept open till reset)."""
    dialog = QProgressDialog(label, "取消", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    return dialog


def show_progress(dialog: QProgressDialog, stage: str, done: int, total: int, unit: str) -> None:
    """Put ``done`` of ``total`` on the box: 正在导出：12,000 / 100,000 行."""
    dialog.setLabelText(f"正在{stage}：{done:,} / {total:,} {unit}")
    dialog.setMaximum(max(total, 1))
    dialog.setValue(min(done, total))


def close_progress(dialog: QProgressDialog) -> None:
    """Take the box away now and delete it later."""
    dialog.reset()
    # Hidden now: reset() hides only an auto-closing dialog, and deleteLater() waits
    # for the event loop it was called from, which a dialog opened next (the import
    # dialog's own exec) keeps waiting; the box stayed over the results till then.
    dialog.hide()
    dialog.deleteLater()
