"""The login dialog: first start sets the chief's password, wrong passwords wait, resets."""

from __future__ import annotations

import datetime as dt

from gui.dialogs.login_dialog import CHANGE, FIRST, LOGIN, LoginDialog
from model.access.users import needs_first_start, set_password_for, set_up_chief

T0 = dt.datetime(2026, 3, 2, 9, 0)


def make(qtbot, sessions, **kwargs) -> LoginDialog:
    dialog = LoginDialog(sessions, **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def test_first_start_asks_for_the_chiefs_password_and_logs_him_in(qtbot, sessions) -> None:
    dialog = make(qtbot, sessions)
    assert dialog.pages.currentIndex() == FIRST
    dialog.first_password.setText("123")
    dialog.first_again.setText("123")
    assert not dialog.submit()
    assert "至少 6 位" in dialog.error_label.text()
    assert needs_first_start(sessions)  # nothing written
    dialog.first_password.setText("局长密码abc")
    dialog.first_again.setText("局长密码abc")
    with qtbot.waitSignal(dialog.accepted):
        dialog.ok_button.click()
    assert dialog.user is not None and dialog.user.name == "王爱军"
    assert dialog.user.rank_label == "局长"


def test_a_wrong_password_is_refused_and_then_waits(qtbot, sessions) -> None:
    set_up_chief(sessions, "right-pass", "right-pass")
    clock = [T0]
    dialog = make(qtbot, sessions, now=lambda: clock[0])
    assert dialog.pages.currentIndex() == LOGIN
    dialog.name_box.setCurrentText("王爱军")
    for _ in range(2):
        dialog.password_edit.setText("wrong")
        assert not dialog.submit()
        assert dialog.error_label.text() == "姓名或密码不正确。"
    dialog.password_edit.setText("wrong")
    assert not dialog.submit()
    assert "请 2 秒后再试" in dialog.error_label.text()
    dialog.password_edit.setText("right-pass")
    assert not dialog.submit()  # too soon, even with the right password
    assert "连续输错" in dialog.error_label.text()
    clock[0] = T0 + dt.timedelta(seconds=2)
    with qtbot.waitSignal(dialog.accepted):
        assert dialog.submit()
    assert dialog.user.person_id == 1 and dialog.result() == LoginDialog.DialogCode.Accepted


def test_a_reset_password_must_be_changed_at_login(qtbot, sessions) -> None:
    set_up_chief(sessions, "right-pass", "right-pass")
    set_password_for(sessions, 1, 7, "given-by-chief")
    dialog = make(qtbot, sessions, name="高博", reason="窗口已锁定。")
    assert dialog.reason_label.text() == "窗口已锁定。"
    dialog.password_edit.setText("given-by-chief")
    assert not dialog.submit()
    assert dialog.pages.currentIndex() == CHANGE
    dialog.new_password.setText("my-own-pass")
    dialog.new_again.setText("different")
    assert not dialog.submit()
    assert "不一致" in dialog.error_label.text()
    dialog.new_again.setText("my-own-pass")
    with qtbot.waitSignal(dialog.accepted):
        assert dialog.submit()
    assert dialog.user.name == "高博" and not dialog.user.must_change
