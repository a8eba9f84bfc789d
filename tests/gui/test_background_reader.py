"""The background reader: work off the GUI thread, the newest request answered, errors passed on."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from gui.background_reader import BackgroundReader
from model.entities import Person


def test_a_read_runs_off_the_gui_thread_with_its_own_session(
    qtbot, sessions: sessionmaker[Session]
) -> None:
    reader = BackgroundReader(sessions)
    seen: list[tuple[str, int]] = []

    def work(session: Session) -> tuple[str, int]:
        return threading.current_thread().name, session.scalar(select(func.count(Person.id)))

    reader.read(work, seen.append, lambda error: None)
    qtbot.waitUntil(lambda: not reader.busy())
    thread, people = seen[0]
    assert thread != threading.current_thread().name and people > 0
    reader.close()


def test_an_overtaken_request_is_not_answered(qtbot, sessions: sessionmaker[Session]) -> None:
    reader = BackgroundReader(sessions)
    started, release = threading.Event(), threading.Event()
    answers: list[str] = []

    def slow(_session: Session) -> str:
        started.set()
        release.wait(5)
        return "old"

    reader.read(slow, answers.append, lambda error: None)
    assert started.wait(5)  # under way when the newer request comes
    reader.read(lambda _s: "skipped", answers.append, lambda error: None)
    reader.read(lambda _s: "new", answers.append, lambda error: None)
    release.set()
    qtbot.waitUntil(lambda: not reader.busy())
    # Answers arrive in order: once a later read's answer is in, a stray one would be too.
    reader.read(lambda _s: "last", answers.append, lambda error: None)
    qtbot.waitUntil(lambda: "last" in answers)
    assert answers == ["new", "last"]
    reader.close()


def test_an_error_goes_to_the_requester(qtbot, sessions: sessionmaker[Session]) -> None:
    reader = BackgroundReader(sessions)
    errors: list[Exception] = []

    def broken(_session: Session) -> None:
        raise RuntimeError("no table")

    reader.read(broken, lambda result: None, errors.append)
    qtbot.waitUntil(lambda: not reader.busy())
    assert [str(error) for error in errors] == ["no table"]
    reader.close()
    reader.read(lambda _s: 1, lambda result: errors.append(RuntimeError("late")), errors.append)
    assert not reader.busy() and len(errors) == 1  # closed: nothing more is read


def test_signals_from_another_thread_keep_the_interpreter_whole() -> None:
    """PySide 6.12.0 aborted the interpreter here (a reference count lost per emit), hence
    the pin in pyproject.toml; this catches the installed Qt binding doing it again."""
    import subprocess
    import sys

    code = (
        "import threading\n"
        "from PySide6.QtCore import QCoreApplication, QObject, Signal\n"
        "app = QCoreApplication([])\n"
        "class Box(QObject):\n"
        "    answered = Signal(object)\n"
        "box, got = Box(), []\n"
        "box.answered.connect(got.append)\n"
        "worker = threading.Thread(target=lambda: [box.answered.emit((1, None)) "
        "for _ in range(5000)])\n"
        "worker.start(); worker.join()\n"
        "while len(got) < 5000: app.processEvents()\n"
        "print('ok')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr[-2000:]


def test_no_answer_reaches_a_closed_tab(qtbot, sessions: sessionmaker[Session]) -> None:
    import shiboken6
    from PySide6.QtWidgets import QWidget

    tab = QWidget()
    reader = BackgroundReader(sessions, tab)
    release = threading.Event()
    answers: list[str] = []

    def slow(_session: Session) -> str:
        release.wait(5)
        return "late"

    reader.read(slow, answers.append, lambda error: None)
    shiboken6.delete(tab)  # the window closed the tab (and its reader) meanwhile
    release.set()
    # Once the worker has run _run to its end, whatever it posted is queued; one turn of the
    # event loop delivers it (or, as wanted, nothing). No fixed wait.
    reader._executor.shutdown(wait=True)
    QCoreApplication.processEvents()
    assert answers == []
