"""登录账号管理: the chief opens and resets logins; others find the controls disabled."""

from __future__ import annotations

from gui.dialogs.user_admin_dialog import UserAdminDialog
from gui.table_views import select_row
from model.access.users import accounts, idle_minutes, login, set_up_chief


def make(qtbot, sessions, actor: int) -> UserAdminDialog:
    dialog = UserAdminDialog(sessions, actor)
    qtbot.addWidget(dialog)
    return dialog


def row_of(dialog: UserAdminDialog, name: str) -> int:
    return next(r for r in range(dialog.model.rowCount()) if dialog.model.row_at(r).name == name)


def test_the_chief_opens_a_login_which_must_be_changed(qtbot, sessions) -> None:
    set_up_chief(sessions, "123456", "123456")
    dialog = make(qtbot, sessions, 1)
    assert dialog.set_button.isEnabled()
    select_row(dialog.view, row_of(dialog, "高博"))
    dialog.password_edit.setText("12")
    assert not dialog.set_password()
    assert "至少 6 位" in dialog.message_label.text()
    dialog.password_edit.setText("start-pass")
    dialog.set_button.click()
    assert "已为高博设置密码" in dialog.message_label.text()
    assert login(sessions, "高博", "start-pass").must_change
    dialog.idle_spin.setValue(5)
    dialog.idle_button.click()
    assert idle_minutes(sessions) == 5


def test_a_clerk_finds_the_controls_disabled_and_saying_why(qtbot, sessions) -> None:
    dialog = make(qtbot, sessions, 7)
    for widget in (dialog.set_button, dialog.password_edit, dialog.idle_button):
        assert not widget.isEnabled()
        assert "无权" in widget.toolTip()
    select_row(dialog.view, row_of(dialog, "王爱军"))
    dialog.password_edit.setText("hijacked")
    assert not dialog.set_password()  # even when called: refused by the model
    assert "无权管理登录账号" in dialog.message_label.text()
    assert not any(row.has_login for row in accounts(sessions))
