"""Reports: the weekly figures and their layout, the case list; the spreadsheet writers.

Read-only over the domain: may import ``cases``, ``calendar``, ``roster``, ``triage``,
``access``; nothing in the domain imports it.
"""
