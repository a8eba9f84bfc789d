"""The permission gate: refused controls are disabled with the reason as their tooltip."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from gui.permission_gate import gate
from model.access.permissions import Action
from model.storage.faults import ServerUnreachableError


class _Unreachable:
    """A sessionmaker whose server has gone away."""

    def __call__(self) -> None:
        raise ServerUnreachableError("无法连接数据库服务器。")


def test_a_control_is_disabled_while_the_database_cannot_be_read(qtbot) -> None:
    button = QPushButton("记录延长")
    qtbot.addWidget(button)
    button.setToolTip("申请延长执行期限")
    allowed = gate([button], _Unreachable(), 1, Action.RECORD_EVENT)  # type: ignore[arg-type]
    assert not allowed and not button.isEnabled()
    assert button.toolTip() == "无法连接数据库服务器。"


def test_an_allowed_control_gets_its_own_tooltip_back(qtbot, sessions) -> None:
    button = QPushButton("记录延长")
    qtbot.addWidget(button)
    button.setToolTip("申请延长执行期限")
    gate([button], _Unreachable(), 1, Action.RECORD_EVENT)  # type: ignore[arg-type]
    assert gate([button], sessions, None, Action.RECORD_EVENT)
    assert button.isEnabled() and button.toolTip() == "申请延长执行期限"
