"""Calendar and deadlines (期限): working days, holidays, due-date arithmetic, each case's clock.

``workdays`` and ``deadlines`` are pure; ``holidays`` edits the calendar the office keeps;
``clock`` stores each case's derived dates on its row. May import ``model.entities``,
``model.errors`` and ``model.access`` (permissions, audit); never ``model.cases``.
"""
