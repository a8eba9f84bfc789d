"""A tab page built on first show, and reloaded on show after a change made while hidden."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget

from gui.lazy_page import LazyPage


class Counting(QLabel):
    def __init__(self) -> None:
        super().__init__("内容")
        self.refreshed = 0

    def refresh(self) -> None:
        self.refreshed += 1


def test_a_hidden_tab_is_built_when_shown_and_reloads_only_when_shown(qtbot) -> None:
    built: list[Counting] = []

    def build() -> Counting:
        built.append(Counting())
        return built[-1]

    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    first, second = LazyPage(build), LazyPage(build)
    tabs.addTab(first, "一")
    tabs.addTab(second, "二")
    tabs.show()
    qtbot.waitExposed(tabs)
    assert first.built is not None and second.built is None  # only what is seen
    second.refresh()  # data changed before it was ever shown: nothing to do
    assert second.built is None
    tabs.setCurrentIndex(1)
    assert second.built is not None and second.built.isVisible()
    tab = second.built
    tabs.setCurrentIndex(0)
    second.refresh()
    second.refresh()
    assert tab.refreshed == 0 and second.stale  # hidden: deferred
    tabs.setCurrentIndex(1)
    assert tab.refreshed == 1 and not second.stale  # once, on show
    second.refresh()
    assert tab.refreshed == 2  # shown: at once
    assert first.content() is built[0] and len(built) == 2
