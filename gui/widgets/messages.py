"""The parts every form shares: the line saying why it was refused, and 保存/取消.

Colours come from resources/style.qss only: a label takes a ``role`` property (error,
warning, hint, notice) the style sheet colours; a table model, which a style sheet cannot reach,
asks ``error_colour()``, read from the same rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget

from model.errors import UserError

STYLE_SHEET = Path(__file__).resolve().parent.parent.parent / "resources" / "style.qss"
Answer = TypeVar("Answer")
_ERROR_RULE = re.compile(r'QLabel\[role="error"\]\s*\{\s*color:\s*(#[0-9a-fA-F]{6})')


@cache
def error_colour() -> QColor:
    """The colour of error text, as the style sheet's ``QLabel[role="error"]`` rule has it."""
    found = _ERROR_RULE.search(STYLE_SHEET.read_text(encoding="utf-8"))
    assert found is not None, "resources/style.qss has no QLabel[role=error] colour"
    return QColor(found.group(1))


def set_role(label: QLabel, role: str) -> None:
    """Give a label its style sheet role (error, warning, hint; "" for none), restyled now."""
    label.setProperty("role", role)
    label.style().unpolish(label)
    label.style().polish(label)


def error_label(text: str = "") -> QLabel:
    """The line under a form that says why it was refused; hidden while there is nothing to say."""
    label = QLabel(text)
    label.setObjectName("errorLabel")
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.setVisible(bool(text))
    return label


def save_cancel(
    on_save: Callable[[], object],
    on_cancel: Callable[[], object],
    parent: QWidget | None = None,
) -> QDialogButtonBox:
    """保存 and 取消: 保存 is the box's Ok button (``accepted``), 取消 its Cancel."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(on_cancel)
    return buttons


def ask_until_saved(
    ask: Callable[[Answer | None, str], Answer | None],
    save: Callable[[Answer], object],
    refused: Callable[[str], None],
) -> bool:
    """Ask (a dialog's ``ask()``), save; a refusal reopens the dialog with the input and why.

    ``ask`` gets the previous answer and the refusal's message ("" the first time) and
    returns None when cancelled; ``refused`` also shows the message outside the dialog.
    True when saved.
    """
    answer: Answer | None = None
    error = ""
    while True:
        answer = ask(answer, error)
        if answer is None:
            return False
        try:
            save(answer)
        except UserError as refusal:
            error = refusal.message
            refused(error)
            continue
        return True
