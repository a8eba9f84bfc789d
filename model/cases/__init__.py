"""Cases (案件): intake, re-triage, assignment, case numbers, the detail view and the lists.

``events/`` holds one module per event on a case's clock. May import ``calendar``,
``triage``, ``roster``, ``access`` and ``storage.concurrency``; never ``reports`` or ``ledger``.
"""
