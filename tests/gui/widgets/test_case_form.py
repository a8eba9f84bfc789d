"""CaseForm: reads a draft, shows messages only for touched fields, clears."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gui.widgets.case_form import CaseForm
from model.cases.basis import BasisKindInfo
from model.cases.draft import CaseDraft

KINDS = (
    BasisKindInfo("民事判决书", False),
    BasisKindInfo("仲裁裁决书", True),
    BasisKindInfo("其他", False),
)


def test_draft_roundtrip_and_messages(qtbot) -> None:
    form = CaseForm()
    qtbot.addWidget(form)
    form.set_basis_kinds(KINDS)
    form.show()
    draft = CaseDraft(
        number="（2026）吉0605执1号",
        filing_date=dt.date(2026, 2, 3),
        applicants=["甲", "乙"],
        applicant_count=3,
        respondents=[("丙", "法人")],
        amount=Decimal("12.50"),
        basis="判决书",
        cause="案由",
        basis_kind="仲裁裁决书",
    )
    form.set_draft(draft)
    assert form.draft() == CaseDraft(**{**draft.__dict__, "amount": "12.50"})
    form.show_check({"amount": "标的额不能为负数。", "cause": "x"}, {}, None)
    assert form.errors["amount"].isVisible()  # touched by set_draft
    form.clear(dt.date(2026, 3, 2))
    assert form.draft().number == "" and form.draft().filing_date == dt.date(2026, 3, 2)
    form.show_check({"number": "请填写案号。"}, {}, None)
    assert not form.errors["number"].isVisible()  # untouched: nothing shouted yet
    form.touch_all()
    form.show_check({"number": "请填写案号。"}, {}, None)
    assert form.errors["number"].isVisible()


def test_applicant_count_follows_names_until_set(qtbot) -> None:
    form = CaseForm()
    qtbot.addWidget(form)
    form.applicants.first_edit().setText("甲")
    form.applicants.add_row("乙")
    assert form.count_spin.value() == 2
    form.count_spin.setValue(5)
    form.applicants.add_row("丙")
    assert form.count_spin.value() == 5


def test_basis_kind_is_a_drop_down_that_says_which_kinds_are_non_litigation(qtbot) -> None:
    form = CaseForm()
    qtbot.addWidget(form)
    form.set_basis_kinds(KINDS)
    box = form.basis_kind_box
    assert [box.itemText(i) for i in range(box.count())] == [
        "民事判决书", "仲裁裁决书（非诉）", "其他",
    ]  # fmt: skip
    assert box.currentData() == "其他" and not form.non_litigation()  # the default
    with qtbot.waitSignal(form.changed):
        box.setCurrentIndex(1)
    assert form.non_litigation() and form.draft().basis_kind == "仲裁裁决书"
    form.set_basis_kinds(KINDS[1:])  # the list reloaded: the choice is kept
    assert form.draft().basis_kind == "仲裁裁决书"
    form.clear(dt.date(2026, 3, 2))
    assert form.draft().basis_kind == "其他"
