"""PartyList: rows added and removed, names and types read back."""

from __future__ import annotations

from gui.widgets.party_list import PartyList


def test_rows(qtbot) -> None:
    widget = PartyList("被执行人", with_type=True)
    qtbot.addWidget(widget)
    assert widget.entries() == [("", "自然人")]
    with qtbot.waitSignal(widget.rows_changed):
        widget.add_button.click()
    widget.set_entries([("某局", "党政机关"), ("某公司", "法人")])
    assert widget.entries() == [("某局", "党政机关"), ("某公司", "法人")]
    assert len(widget.edits()) == 5  # two names, two types, the add button


def test_last_row_cannot_be_removed(qtbot) -> None:
    from PySide6.QtWidgets import QPushButton

    widget = PartyList("申请执行人", with_type=False)
    qtbot.addWidget(widget)
    removes = [b for b in widget.findChildren(QPushButton) if b.text() == "删除"]
    assert len(removes) == 1 and not removes[0].isEnabled()
    widget.add_row("乙")
    removes = [b for b in widget.findChildren(QPushButton) if b.text() == "删除"]
    removes[0].click()
    assert widget.names() == ["乙"]
