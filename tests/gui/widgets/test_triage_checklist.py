"""TriageChecklist: suggestions ticked and marked; the clerk's own choice wins."""

from __future__ import annotations

from gui.widgets.triage_checklist import SUGGESTED_MARK, TriageChecklist
from model.triage.criteria import load_triage_context


def test_suggestions(qtbot, sessions) -> None:
    widget = TriageChecklist()
    qtbot.addWidget(widget)
    widget.set_criteria(load_triage_context(sessions).criteria)
    assert len(widget.boxes()) == 15
    with qtbot.waitSignal(widget.changed):
        widget.set_suggested({"S5", "O4"})
    assert widget.ticked() == {"S5", "O4"}
    assert widget.label("S5").text().endswith(SUGGESTED_MARK)
    widget.box("S5").click()  # the clerk unticks it
    widget.set_suggested({"S5", "O4", "X1"})
    assert widget.ticked() == {"O4", "X1"}
    widget.set_suggested(set())
    assert widget.ticked() == set()  # O4 and X1 were only suggestions
    assert not widget.label("O4").text().endswith(SUGGESTED_MARK)


def test_clicking_the_text_toggles(qtbot, sessions) -> None:
    from PySide6.QtCore import Qt

    widget = TriageChecklist()
    qtbot.addWidget(widget)
    widget.set_criteria(load_triage_context(sessions).criteria)
    qtbot.mouseClick(widget.label("O2"), Qt.MouseButton.LeftButton)
    assert widget.ticked() == {"O2"}
    widget.set_ticked(("S1",), {"S1"})
    assert widget.ticked() == {"S1"}


def test_typed_codes_reads_what_a_clerk_types() -> None:
    from gui.widgets.triage_checklist import typed_codes

    assert typed_codes("s2 o1") == ["S2", "O1"]
    assert typed_codes("S2O1") == ["S2", "O1"]
    assert typed_codes("S2、x3,o5") == ["S2", "X3", "O5"]
    assert typed_codes("") == []
