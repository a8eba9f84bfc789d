"""The account table model passes Qt's model checks and says who has a login."""

from __future__ import annotations

from gui.models.account_table_model import AccountTableModel
from model.access.users import accounts, set_password_for, set_up_chief


def test_account_table_model(qtmodeltester, sessions) -> None:
    set_up_chief(sessions, "123456", "123456")
    set_password_for(sessions, 1, 7, "abcdef")
    model = AccountTableModel()
    model.set_rows(accounts(sessions))
    qtmodeltester.check(model)
    assert model.rowCount() == 10
    by_name = {model.data(model.index(r, 0)): r for r in range(10)}
    assert model.data(model.index(by_name["王爱军"], 2)) == "已开设"
    assert model.data(model.index(by_name["高博"], 2)) == "已开设（待本人改密码）"
    assert model.data(model.index(by_name["王鑫"], 2)) == "未开设"
