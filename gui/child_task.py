"""Long work in a child process, behind the same progress dialog with 取消 as WorkerTask.

The caller waits in a local event loop, as with ``WorkerTask``; a timer asks the child
how far it got (``ended`` reads its pipe without waiting), so the window's thread runs
no Python loop of its own and never shares an interpreter with the work. 取消 ends the
child at once (terminated, not asked), and the caller removes what it left.
"""

from __future__ import annotations

import threading
from typing import Protocol

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QWidget

from gui.session_guard import input_unwatched
from gui.worker_task import close_progress, progress_dialog, show_progress
from model.errors import Cancelled, UserError

POLL_MS = 50


class ChildWork(Protocol):
    """What a child process's parent side offers (model/reports/case_list_process.py)."""

    done: int
    total: int
    written: int | None
    error: str | None

    def start(self) -> None: ...
    def ended(self) -> bool: ...
    def cancel(self) -> None: ...


class ChildTask:
    """One child process's work with its progress dialog; ``run`` it once."""

    def __init__(self, parent: QWidget | None, title: str, label: str, stage: str) -> None:
        self.dialog = progress_dialog(parent, title, label)
        self._stage = stage
        self.timer = QTimer()
        self.timer.setInterval(POLL_MS)

    def run(self, child: ChildWork, cancelled_message: str) -> int:
        """Start ``child`` and wait (answering) till it ends; its row count.

        Raises ``Cancelled`` (with ``cancelled_message``) when 取消 is pressed, and a
        ``UserError`` with the child's own message when it failed or died.
        """
        loop = QEventLoop()
        outcome: dict[str, object] = {}

        # Started on a thread of its own: starting a child writes its start-up data into
        # a pipe the child reads only once its interpreter runs (on Windows the write may
        # wait for it); the window must not.
        def start() -> None:
            try:
                child.start()
            except BaseException as error:  # raised on the GUI thread below
                outcome["start_error"] = error

        starter = threading.Thread(target=start, name="child-start", daemon=True)

        def check() -> None:
            if starter.is_alive():
                return
            if "start_error" in outcome:
                loop.quit()
                return
            if child.ended():
                loop.quit()
                return
            if child.total:
                show_progress(self.dialog, self._stage, child.done, child.total, "行")

        def cancel() -> None:
            outcome["cancelled"] = True
            loop.quit()

        self.timer.timeout.connect(check)
        self.dialog.canceled.connect(cancel)
        with input_unwatched():
            self.dialog.setValue(0)
            starter.start()
            self.timer.start()
            loop.exec()
            self.timer.stop()
        try:
            starter.join()
            if outcome.get("cancelled"):
                child.cancel()
                raise Cancelled(cancelled_message)
            start_error = outcome.get("start_error")
            if isinstance(start_error, BaseException):
                raise start_error
            if child.error is not None:
                raise UserError(child.error)
            assert child.written is not None
            return child.written
        finally:
            close_progress(self.dialog)
