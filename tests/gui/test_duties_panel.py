"""职责 panel: a role's duties, numbered, with the police preamble."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from gui.duties_panel import DutiesPanel
from model.entities import Role
from model.roster.overview import load_overview


def numbered(panel: DutiesPanel) -> list[str]:
    """The list items as shown: number and text."""
    document = panel.text_view.document()
    block, lines = document.begin(), []
    while block.isValid():
        if block.textList() is not None:
            lines.append(f"{block.textList().itemText(block)} {block.text()}")
        block = block.next()
    return lines


def test_shows_the_chosen_roles_duties(qtbot, sessions: sessionmaker[Session]) -> None:
    panel = DutiesPanel()
    qtbot.addWidget(panel)
    panel.set_overview(load_overview(sessions))
    assert panel.role() is Role.JUDGE
    lines = numbered(panel)
    assert len(lines) == 6
    assert lines[0].startswith("1. 办理各类执行案件")
    assert lines[5] == "6. 完成由执行法官完成的其他工作任务。"
    panel.set_role(Role.POLICE)
    assert panel.text_view.toPlainText().startswith("除依职责履行押解")
    assert numbered(panel)[-1] == "3. 完成司法警察其他工作任务。"
    panel.set_role(Role.CLERK)
    assert "报结" in panel.text_view.toPlainText()
