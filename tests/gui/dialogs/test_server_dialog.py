"""文件 → 服务器数据库…: the address is kept without a password; the start asks for it."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from gui import app as app_module
from gui.dialogs.server_dialog import SETTING, ServerDialog, stored_server
from model.storage.server_address import server_address


def _ok(dialog: ServerDialog) -> None:
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()


def test_the_address_is_checked_and_kept_without_password(qtbot, qsettings: QSettings) -> None:
    dialog = ServerDialog(qsettings)
    qtbot.addWidget(dialog)
    dialog.host_edit.setText("192.168.1.10")
    dialog.port_edit.setText("99999")
    _ok(dialog)
    assert "端口" in dialog.error_label.text() and not dialog.error_label.isHidden()
    assert qsettings.value(SETTING) is None  # refused: nothing kept
    dialog.port_edit.setText("5432")
    _ok(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert qsettings.value(SETTING) == "postgresql+psycopg://zhixing@192.168.1.10:5432/zhixing"
    assert stored_server(qsettings) == server_address("192.168.1.10", 5432, "zhixing", "zhixing")


def test_an_empty_host_goes_back_to_the_local_file(qtbot, qsettings: QSettings) -> None:
    qsettings.setValue(SETTING, "postgresql+psycopg://zhixing@server:5432/zhixing")
    dialog = ServerDialog(qsettings)
    qtbot.addWidget(dialog)
    assert dialog.host_edit.text() == "server"
    dialog.host_edit.setText("")
    _ok(dialog)
    assert stored_server(qsettings) is None


def test_the_start_asks_the_password_and_opens_the_server(qtbot, monkeypatch) -> None:
    address = server_address("192.168.1.10", 5432, "zhixing", "zhixing")
    opened: list[str] = []
    monkeypatch.setattr(app_module, "stored_server", lambda _settings: address)
    monkeypatch.setattr(ServerDialog, "ask_password", staticmethod(lambda _a, *_p: "密码"))
    monkeypatch.setattr(
        app_module, "open_with_recovery", lambda target: (opened.append(str(target)), (None, ""))[1]
    )
    assert app_module.run_app([]) == 1  # the fake server did not open
    assert opened and opened[0].startswith("postgresql+psycopg://zhixing:")
    assert "@192.168.1.10:5432/zhixing" in opened[0]


def test_giving_up_on_the_password_quits_quietly(qtbot, monkeypatch) -> None:
    address = server_address("server", 5432, "zhixing", "zhixing")
    monkeypatch.setattr(app_module, "stored_server", lambda _settings: address)
    monkeypatch.setattr(ServerDialog, "ask_password", staticmethod(lambda _a, *_p: None))
    monkeypatch.setattr(
        app_module, "open_with_recovery", lambda target: (_ for _ in ()).throw(AssertionError)
    )
    assert app_module.run_app([]) == 0


def test_a_given_db_wins_over_the_stored_server(qtbot, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(
        app_module, "stored_server", lambda _s: server_address("server", 5432, "z", "z")
    )
    opened: list[str] = []
    monkeypatch.setattr(
        app_module, "open_with_recovery", lambda target: (opened.append(str(target)), (None, ""))[1]
    )
    app_module.run_app(["--db", str(tmp_path / "cases.sqlite")])
    assert opened == [str(tmp_path / "cases.sqlite")]
