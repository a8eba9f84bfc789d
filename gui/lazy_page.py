"""A tab page built when first shown, and reloaded when shown after a change made while hidden.

At a decade's scale a tab's first fill costs real time (the 报表 tab computes a whole
week's figures); the window pays only for the tab the user sees. The page is what the
QTabWidget holds; ``content()`` is the real tab, built on first call.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    """Holds one tab: builds it on first show (or first use) and defers its reloads while hidden."""

    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        """``build`` makes the tab (filled as its constructor fills it) and connects its signals."""
        super().__init__(parent)
        self._build = build
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.built: QWidget | None = None
        self.stale = False  # data changed while the tab was hidden

    def content(self) -> QWidget:
        """The tab, built now if it was not yet."""
        if self.built is None:
            self.built = self._build()
            self._layout.addWidget(self.built)
            if self.isVisible():
                self.built.show()
        return self.built

    def refresh(self) -> None:
        """Reload now if shown; otherwise when next shown (an unbuilt tab fills when built)."""
        if self.built is None:
            return
        if self.isVisible():
            self.stale = False
            self.built.refresh()  # type: ignore[attr-defined]  # every lazily built tab has refresh()
        else:
            self.stale = True

    def showEvent(self, event: QShowEvent) -> None:
        """Build on first show; reload if data changed while hidden."""
        super().showEvent(event)
        if self.built is None:
            self.content()
        elif self.stale:
            self.stale = False
            self.built.refresh()  # type: ignore[attr-defined]  # every lazily built tab has refresh()
