"""收案 fits an office screen: nothing clipped, nothing scrolls sideways, at 1366×768 and
1920×1080, with the long lines a real case brings (the parsed number, errors, warnings)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QScrollArea, QWidget
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from gui.tabs.intake_tab import IntakeTab
from model.entities import Person

TODAY = dt.date(2026, 3, 2)
# The tab's share of a maximised window: the screen less the taskbar, title bar, menu
# bar, tab bar and status bar (about 150 pixels in all).
SIZES = {"1366x768": (1366, 618), "1920x1080": (1920, 930)}


def clipped(root: QWidget) -> list[str]:
    """Every visible widget whose rectangle leaves its parent's (scrolled content may be
    taller than its viewport, never wider)."""
    found = []
    for widget in root.findChildren(QWidget):
        parent = widget.parentWidget()
        if not widget.isVisible() or parent is None or not parent.isVisible():
            continue
        if isinstance(parent.parentWidget(), QScrollArea) and parent is not root:
            # A scroll area's content in its viewport: only the width must fit.
            viewport = parent.rect()
            if widget.geometry().right() > viewport.right() or widget.geometry().left() < 0:
                found.append(f"{type(widget).__name__} {widget.accessibleName()} wider than view")
            continue
        inside = QRect(parent.rect())
        if not inside.contains(widget.geometry()):
            name = widget.accessibleName() or widget.objectName() or getattr(widget, "text", str)()
            found.append(
                f"{type(widget).__name__} '{name}' {widget.geometry()} in "
                f"{type(parent).__name__} {parent.rect()}"
            )
    return found


@pytest.fixture
def office_look(qapp):
    """The program's own font and style sheet (as gui.app sets them): widths depend on them."""
    from gui.app import RESOURCES, choose_font

    font, sheet = qapp.font(), qapp.styleSheet()
    choose_font(qapp)
    qapp.setStyleSheet((RESOURCES / "style.qss").read_text(encoding="utf-8"))
    yield
    qapp.setFont(font)
    qapp.setStyleSheet(sheet)


@pytest.fixture
def tab(qtbot, sessions: sessionmaker[Session], office_look) -> IntakeTab:
    with sessions() as s:
        clerk = s.scalar(select(Person.id).where(Person.name == "高博"))
    widget = IntakeTab(sessions, lambda: clerk, today=lambda: TODAY)
    qtbot.addWidget(widget)
    return widget


def fill_a_difficult_case(tab: IntakeTab) -> None:
    form = tab.form
    form.number_edit.setText("(2026)辽0102执协12345号")  # parse line and a foreign-court warning
    form.applicants.first_edit().setText("白山市江源区某某林业发展有限责任公司")
    form.applicants.add_row("张三")
    form.respondents.first_edit().setText("某某县人民政府办公室")
    form.respondents.add_row("李四", "法人")
    form.amount_edit.setText("-5")  # an error under the field
    form.date_edit.setDate(form.date_edit.date().addDays(3))  # another one
    form.touch_all()
    tab.checklist.code_edit.setText("S2 O1 X2 Q7")  # and the unknown code's hint
    tab.save()


@pytest.mark.parametrize("screen", SIZES)
def test_nothing_is_clipped_or_scrolled_sideways(qtbot, tab: IntakeTab, screen: str) -> None:
    width, height = SIZES[screen]
    tab.resize(width, height)
    tab.show()
    qtbot.waitExposed(tab)
    fill_a_difficult_case(tab)
    assert tab.form.parsed_label.isVisible() and tab.form.errors["amount"].isVisible()
    assert tab.form.warnings["number"].isVisible()
    qtbot.waitUntil(lambda: clipped(tab) == [])
    areas = [a for a in tab.findChildren(QAbstractScrollArea) if isinstance(a, QScrollArea)]
    # Tab through every field: the panes never scroll sideways.
    tab.form.number_edit.setFocus()
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        for area in areas:
            assert area.horizontalScrollBar().maximum() == 0, screen
            assert area.horizontalScrollBar().value() == 0, screen
    qtbot.waitUntil(lambda: clipped(tab) == [])  # once the layouts have settled
