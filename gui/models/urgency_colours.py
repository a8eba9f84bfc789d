"""The urgency colours the lists share: 期限's rows and chips, 待办's items.

A module of their own: 待办, the tab the window opens on, needs the colours and not
期限's model and queries (issue 20: the window's start imports only what it shows).
"""

from __future__ import annotations

from PySide6.QtGui import QColor

URGENCY_COLOURS = {
    "overdue": QColor("#f6c4c0"),  # red, light enough for black text
    "week": QColor("#fcd9a8"),  # orange
    "month": QColor("#fbf1a9"),  # yellow
}
