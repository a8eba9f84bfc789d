"""Calendar and deadlines (期限): working days, holidays, due-date arithmetic, each case's clock.

``workdays`` and ``deadlines`` are pure; ``holidays`` edits the calendar the office keeps;
``clock`` stores each case's derived dates on its row and, through ``timeline``, its
clock over time (``clock_spans``, for figures as of a past day). May import
``model.entities``, ``model.errors``, ``model.access`` (permissions, audit) and
``model.storage.bulk``; never ``model.cases``.
"""
