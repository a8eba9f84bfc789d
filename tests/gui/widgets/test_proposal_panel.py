"""ProposalPanel: track, limits, deciding criteria, chief's mark, override and choices."""

from __future__ import annotations

from gui.widgets.proposal_panel import ProposalPanel, limits_text
from model.cases.assignment import load_suggestion
from model.entities import Track
from model.triage.rule import Proposal


def test_proposal_and_override(qtbot, sessions) -> None:
    panel = ProposalPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.set_proposal(Proposal(Track.SIMPLE, ("S2",)), {"S2": "没有查询到财产"}, True)
    assert panel.track_label.text() == "简易案件 → 执行速执团队"
    assert panel.limits_label.text() == limits_text(Track.SIMPLE, True)
    assert "法定期限 3 个月（非诉执行）" in panel.limits_label.text()
    assert panel.deciding_label.text() == "依据：S2 没有查询到财产"
    assert not panel.chief_label.isVisible() and not panel.reason_edit.isEnabled()
    with qtbot.waitSignal(panel.track_changed):
        panel.override_combo.setCurrentIndex(panel.override_combo.findData("special"))
    assert panel.chief_label.isVisible() and panel.reason_edit.isEnabled()
    assert panel.override() == (Track.SPECIAL, "")


def test_choices(qtbot, sessions) -> None:
    panel = ProposalPanel()
    qtbot.addWidget(panel)
    suggestion = load_suggestion(sessions, Track.SIMPLE)
    panel.set_suggestion(suggestion, None)
    assert panel.assign_combo.count() == 3
    assert panel.chosen() == (suggestion.suggested.group_id, suggestion.suggested.judge_id)
    third = suggestion.choices[2]
    panel.set_suggestion(suggestion, (third.group_id, third.judge_id))
    assert panel.chosen_label() == "第三办案组（战殿有）"
