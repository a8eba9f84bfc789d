"""导出清单 through the 期限 tab: written by a child process, with progress and 取消."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget
from sqlalchemy.orm import Session, sessionmaker

from gui.tabs.deadlines_tab import DeadlinesTab
from model.entities import Track
from model.reports.case_list import write_case_list
from tests.report_cases import D, bulk_cases

TODAY = D(2026, 6, 1)


class DialogWatch:
    """Looks at the progress box every 10 ms while the export runs; may press 取消."""

    def __init__(self, parent: QWidget, press_cancel: Callable[[str], bool] | None = None):
        self.parent = parent
        self.labels: list[str] = []
        self.press_cancel = press_cancel
        self.pressed = False
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self.look)
        self.timer.start()

    def look(self) -> None:
        for dialog in self.parent.findChildren(QProgressDialog):
            if not dialog.isVisible():
                continue
            self.labels.append(dialog.labelText())
            if self.press_cancel and not self.pressed and self.press_cancel(dialog.labelText()):
                button = dialog.findChild(QPushButton)
                assert button is not None and button.text() == "取消"
                self.pressed = True
                button.click()


def make_tab(qtbot, sessions: sessionmaker[Session], monkeypatch, target: Path) -> DeadlinesTab:
    tab = DeadlinesTab(sessions, lambda: 1, today=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: not tab.summary_pending())
    monkeypatch.setattr(DeadlinesTab, "ask_export_path", staticmethod(lambda parent: target))
    return tab


def test_the_filtered_list_is_written_by_the_child(
    qtbot, monkeypatch, tmp_path: Path, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as s:
        bulk_cases(s, 6000, pending_every=2)
    target = tmp_path / "list.xlsx"
    tab = make_tab(qtbot, sessions, monkeypatch, target)
    tab.filters.track_box.setCurrentIndex(tab.filters.track_box.findData(Track.SIMPLE))
    watch = DialogWatch(tab)
    with qtbot.waitSignal(tab.exported, timeout=60_000) as exported:
        tab.export_button.click()
    watch.timer.stop()
    assert "已导出 3000 件" in exported.args[0]
    assert watch.labels and watch.labels[0] == "正在导出案件…"  # the box is up at once
    assert "正在导出：2,000 / 3,000 行" in watch.labels or "正在导出：3,000 / 3,000 行" in (
        watch.labels
    )
    assert not any(d.isVisible() for d in tab.findChildren(QProgressDialog))  # and gone
    # The same rows as the command line's writer gives for the tab's filter.
    expected = tmp_path / "expected.xlsx"
    write_case_list(sessions, tab.current_filter(), expected, TODAY)
    got = [row for row in load_workbook(target).active.iter_rows(values_only=True)]
    assert got == list(load_workbook(expected).active.iter_rows(values_only=True))
    assert len(got) == 3001
    assert sorted(p.name for p in tmp_path.glob("*.xlsx")) == ["expected.xlsx", "list.xlsx"]


def test_cancel_stops_the_child_and_leaves_nothing(
    qtbot, monkeypatch, tmp_path: Path, sessions: sessionmaker[Session]
) -> None:
    with sessions.begin() as s:
        bulk_cases(s, 16_000, pending_every=1)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "list.xlsx"
    target.write_bytes(b"the list of last week")
    tab = make_tab(qtbot, sessions, monkeypatch, target)
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(tab, "show_message", lambda title, text: said.append((title, text)))
    exported: list[str] = []
    tab.exported.connect(lambda text, path: exported.append(text))
    # 取消 once the child has written its first 2,000 rows: mid-way, not before it starts.
    watch = DialogWatch(tab, press_cancel=lambda label: "2,000 / 16,000" in label)
    tab.export_button.click()  # returns once the export has ended
    watch.timer.stop()
    assert watch.pressed
    assert said == [("导出失败", "已取消导出，没有生成文件。")] and exported == []
    assert [p.name for p in folder.iterdir()] == ["list.xlsx"]  # no temporary left
    assert target.read_bytes() == b"the list of last week"  # the old file untouched
    assert not any(d.isVisible() for d in tab.findChildren(QProgressDialog))


def test_a_child_that_dies_is_reported(
    qtbot, monkeypatch, tmp_path: Path, sessions: sessionmaker[Session]
) -> None:
    from model.reports import case_list_process

    with sessions.begin() as s:
        bulk_cases(s, 100)
    target = tmp_path / "list.xlsx"
    tab = make_tab(qtbot, sessions, monkeypatch, target)
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(tab, "show_message", lambda title, text: said.append((title, text)))
    started = case_list_process.CaseListChild.start

    def start_then_crash(child: case_list_process.CaseListChild) -> None:
        started(child)
        child.process.kill()  # gone before it said a word

    monkeypatch.setattr(case_list_process.CaseListChild, "start", start_then_crash)
    tab.export_button.click()
    assert len(said) == 1 and said[0][0] == "导出失败"
    assert "导出进程意外终止" in said[0][1] and "没有生成文件" in said[0][1]
    assert list(tmp_path.glob("*.xlsx")) == []
