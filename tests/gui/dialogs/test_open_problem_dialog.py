"""The start-up path when the database is refused: restore, read-only, take over, quit."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from gui.dialogs.open_problem_dialog import (
    QUIT,
    READ_ONLY,
    RESTORE,
    TAKE_OVER,
    OpenProblemDialog,
    open_with_recovery,
)
from model.entities import Case
from model.storage.backup import make_backup
from model.storage.lock import computer_name, lock_path_for
from model.storage.store import open_store
from tests.factories import make_case


def answer(monkeypatch, *replies: str) -> list[tuple[str, list[str]]]:
    """Replace the dialog's seam: answer in turn, and record what was asked."""
    asked: list[tuple[str, list[str]]] = []
    queue = list(replies)

    def ask(message: str, choices: list[str], parent: object = None) -> str:
        asked.append((message, list(choices)))
        return queue.pop(0)

    monkeypatch.setattr(OpenProblemDialog, "ask", staticmethod(ask))
    return asked


def database_with_backup(tmp_path: Path, cases: int) -> Path:
    path = tmp_path / "cases.sqlite"
    store = open_store(path)
    with store.sessions.begin() as session:
        for _ in range(cases):
            make_case(session)
    make_backup(path, now=dt.datetime(2026, 3, 1, 17, 30))
    store.close()
    return path


def count_cases(store) -> int:
    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(Case))


def test_dialog_shows_the_reason_and_one_button_per_choice(qtbot) -> None:
    dialog = OpenProblemDialog("数据库已经损坏。", [RESTORE, QUIT])
    qtbot.addWidget(dialog)
    assert dialog.message_label.text() == "数据库已经损坏。"
    assert [b.text() for b in dialog.buttons.values()] == ["从备份恢复", "退出"]
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.buttons[RESTORE], Qt.MouseButton.LeftButton)
    assert dialog.choice == RESTORE


def test_a_damaged_file_is_restored_from_the_latest_good_backup(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    path = database_with_backup(tmp_path, cases=4)
    path.write_bytes(b"\0garbage" * 4000)
    asked = answer(monkeypatch, RESTORE)
    store, message = open_with_recovery(path)
    assert store is not None and message == ""
    try:
        assert count_cases(store) == 4
    finally:
        store.close()
    text, choices = asked[0]
    assert "不是有效的数据库" in text and "2026-03-01 17:30" in text and "4 件案件" in text
    assert choices == [RESTORE, QUIT]
    assert list((tmp_path / "backups").glob("cases-unusable-*.sqlite"))  # kept, not deleted


def test_quitting_instead_of_restoring_changes_nothing(qtbot, tmp_path: Path, monkeypatch) -> None:
    path = database_with_backup(tmp_path, cases=1)
    path.write_bytes(b"\0garbage" * 4000)
    answer(monkeypatch, QUIT)
    assert open_with_recovery(path) == (None, "")
    assert path.read_bytes().startswith(b"\0garbage")


def test_no_backup_means_the_reason_is_shown(qtbot, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "cases.sqlite"
    path.write_bytes(b"\0garbage" * 4000)
    asked = answer(monkeypatch)
    store, message = open_with_recovery(path)
    assert store is None and "没有可用的完好备份" in message
    assert asked == []


def write_lock(path: Path, pid: int, computer: str | None = None) -> None:
    lock_path_for(path).write_text(
        json.dumps(
            {
                "computer": computer or computer_name(),
                "user": "书记员甲",
                "pid": pid,
                "since": "2026-03-02T08:15:00",
            }
        ),
        encoding="utf-8",
    )


def test_a_live_holder_is_named_and_read_only_is_offered(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    path = database_with_backup(tmp_path, cases=2)
    write_lock(path, pid=1, computer="执行局-PC07")  # another computer: cannot be stale
    asked = answer(monkeypatch, READ_ONLY)
    store, _message = open_with_recovery(path)
    assert store is not None and store.read_only
    try:
        assert count_cases(store) == 2
    finally:
        store.close()
    text, choices = asked[0]
    assert "执行局-PC07" in text and "书记员甲" in text and "2026-03-02 08:15" in text
    assert choices == [READ_ONLY, QUIT]
    assert lock_path_for(path).exists()  # the other copy's lock stays


def test_a_stale_lock_can_be_taken_over(qtbot, tmp_path: Path, monkeypatch) -> None:
    path = database_with_backup(tmp_path, cases=1)
    monkeypatch.setattr("model.storage.lock.process_alive", lambda pid: False)
    write_lock(path, pid=424242)
    asked = answer(monkeypatch, TAKE_OVER)
    store, _message = open_with_recovery(path)
    assert store is not None and not store.read_only
    try:
        assert json.loads(lock_path_for(path).read_text(encoding="utf-8"))["pid"] != 424242
    finally:
        store.close()
    assert "已不在运行" in asked[0][0] and asked[0][1] == [TAKE_OVER, READ_ONLY, QUIT]
    assert not lock_path_for(path).exists()
