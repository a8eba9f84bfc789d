"""A typed, unsaved case is never lost: closing asks 保存/放弃/取消, a crash leaves a draft
that the next start offers back."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import func, select

from gui.dialogs.unsaved_dialog import RestoreDraftDialog, Unsaved, UnsavedDialog
from gui.intake_draft import KEY, kept_draft
from gui.main_window import MainWindow
from model.entities import Case
from model.storage.store import Store


def window_with_a_typed_case(qtbot, store: Store, qsettings: QSettings) -> MainWindow:
    window = MainWindow(store, qsettings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # the window's shortcuts (Ctrl+Q) need it
    form = window.intake_tab.form
    form.number_edit.setText("（2026）吉0605执77号")
    form.applicants.first_edit().setText("张三")
    form.respondents.first_edit().setText("李四")
    form.amount_edit.setText("8000")
    window.intake_tab.checklist.code_edit.setText("S2")
    return window


def cases(store: Store) -> int:
    with store.sessions() as s:
        return s.scalar(select(func.count()).select_from(Case)) or 0


@pytest.fixture
def answers(monkeypatch) -> list[Unsaved]:
    """The answers the clerk gives to the question, in order; records each question."""
    given: list[Unsaved] = []

    def ask(parent, what: str) -> Unsaved:
        assert "（2026）吉0605执77号" in what
        return given.pop(0)

    monkeypatch.setattr(UnsavedDialog, "ask", staticmethod(ask))
    return given


def test_cancel_keeps_the_window_and_the_form(qtbot, store, qsettings, answers) -> None:
    window = window_with_a_typed_case(qtbot, store, qsettings)
    answers.append(Unsaved.CANCEL)
    assert not window.close()
    assert window.isVisible() and window.intake_tab.form.amount_edit.text() == "8000"
    assert not answers  # it was asked
    window.intake_tab.new_case()  # (nothing left for the teardown's close to ask about)


def test_ctrl_q_asks_and_save_saves(qtbot, store, qsettings, answers) -> None:
    window = window_with_a_typed_case(qtbot, store, qsettings)
    answers.append(Unsaved.SAVE)
    qtbot.keyClick(
        window.intake_tab.form.amount_edit, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: not window.isVisible())
    assert cases(store) == 1
    assert kept_draft(qsettings) is None


def test_a_refused_save_keeps_the_window_open(qtbot, store, qsettings, answers) -> None:
    window = window_with_a_typed_case(qtbot, store, qsettings)
    window.intake_tab.form.amount_edit.setText("-5")  # refused on save
    answers.append(Unsaved.SAVE)
    assert not window.close()
    assert window.isVisible() and cases(store) == 0
    assert "标的额" in window.intake_tab.status_label.text()
    window.intake_tab.new_case()


def test_discard_closes_and_forgets(qtbot, store, qsettings, answers) -> None:
    window = window_with_a_typed_case(qtbot, store, qsettings)
    qtbot.waitUntil(lambda: kept_draft(qsettings) is not None)
    answers.append(Unsaved.DISCARD)
    assert window.close()
    assert cases(store) == 0 and kept_draft(qsettings) is None


def test_an_untouched_form_closes_without_a_question(qtbot, store, qsettings, answers) -> None:
    window = MainWindow(store, qsettings)
    qtbot.addWidget(window)
    window.show()
    assert window.intake_tab.form.is_blank()
    assert window.close()  # answers is empty: a question would have failed


def test_a_crash_leaves_a_draft_that_the_next_start_offers(
    qtbot, store, qsettings, monkeypatch
) -> None:
    first = window_with_a_typed_case(qtbot, store, qsettings)
    first.intake_tab.panel.override_combo.setCurrentIndex(
        first.intake_tab.panel.override_combo.findData("ordinary")
    )
    first.intake_tab.panel.reason_edit.setText("需处分房产")
    qtbot.waitUntil(lambda: (kept_draft(qsettings) or {}).get("reason") == "需处分房产")
    # The process dies here: no closeEvent. A new run reads the same settings file.
    reread = QSettings(qsettings.fileName(), QSettings.Format.IniFormat)
    assert json.loads(str(reread.value(KEY)))["draft"]["amount"] == "8000"
    offered: list[str] = []
    monkeypatch.setattr(
        RestoreDraftDialog, "ask", staticmethod(lambda parent, what: offered.append(what) or True)
    )
    second = MainWindow(store, reread)
    qtbot.addWidget(second)
    second.show()
    assert second.offer_draft()
    assert offered and "（2026）吉0605执77号" in offered[0] and "张三" in offered[0]
    tab = second.intake_tab
    assert second.tabs.currentWidget().built is tab  # type: ignore[attr-defined]
    assert tab.form.number_edit.text() == "（2026）吉0605执77号"
    assert tab.form.respondents.entries() == [("李四", "自然人")]
    assert tab.form.amount_edit.text() == "8000"
    assert tab.checklist.ticked() == {"S2"} and tab.checklist.code_edit.text() == "S2"
    assert tab.panel.reason_edit.text() == "需处分房产"
    assert tab.panel.final_track().value == "ordinary"
    first.intake_tab.new_case()  # (the first window's draft is gone with its process)
    tab.new_case()


def test_a_declined_draft_is_forgotten(qtbot, store, qsettings, monkeypatch) -> None:
    first = window_with_a_typed_case(qtbot, store, qsettings)
    qtbot.waitUntil(lambda: kept_draft(qsettings) is not None)
    monkeypatch.setattr(RestoreDraftDialog, "ask", staticmethod(lambda parent, what: False))
    second = MainWindow(store, qsettings)
    qtbot.addWidget(second)
    assert not second.offer_draft()
    assert kept_draft(qsettings) is None
    first.intake_tab.new_case()  # (the first window's draft is gone with its process)


def test_a_saved_case_leaves_no_draft(qtbot, store, qsettings) -> None:
    window = window_with_a_typed_case(qtbot, store, qsettings)
    qtbot.waitUntil(lambda: kept_draft(qsettings) is not None)
    window.intake_tab.save()
    assert cases(store) == 1
    qtbot.waitUntil(lambda: kept_draft(qsettings) is None)


def test_termination_keeps_the_draft_without_asking(qtbot, store, qsettings, answers, qapp) -> None:
    window = window_with_a_typed_case(qtbot, store, qsettings)
    qapp.setProperty("terminating", True)
    try:
        assert window.close()  # answers is empty: a question would have failed
    finally:
        qapp.setProperty("terminating", False)
    assert kept_draft(qsettings) is not None
    window.intake_tab.new_case()
