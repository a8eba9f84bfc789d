"""Fixtures of the window's tests."""

from __future__ import annotations

import pytest


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
