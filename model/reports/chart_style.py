"""The charts' colours and series names, shared by the window's charts and the Excel ones.

The reds are the program's: 超期 the light red the deadline list paints overdue rows
with (gui/models/deadline_table_model.py), 超审限 the darker red of its error texts
(resources/style.qss), so a bar's colour means what it means everywhere else.
"""

from __future__ import annotations

IN_TIME = "#9dbfe0"  # a calm blue: nothing to do yet
OVERDUE = "#f6c4c0"  # 超期: the deadline list's overdue colour
STATUTORY = "#b3261e"  # 超审限: the error red
BORDER = "#7a2a24"  # a dark outline so the light red reads on white paper
RATE_LINE = "#2f5f8f"
OVERDUE_LINE = "#d9665c"  # 超期: the overdue red, dark enough to read as a line
STATUTORY_LINE = STATUTORY  # 超审限: the error red, as its bars
TREND_TITLE = "近12周结案率与超期、超审限案件数"

SPLIT_NAMES = ("未超期", "超期", "超审限")
SPLIT_COLOURS = (IN_TIME, OVERDUE, STATUTORY)
FONT = "宋体"
