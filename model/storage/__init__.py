"""Storage: opening a database and keeping it whole.

Where the files live (``paths``), the engine and its pragmas, the schema and its
migrations, first-run seeding, the lock file, network-share detection, integrity
checks, backups, upkeep commands, change tracking between PCs, optimistic locking,
bulk writes, the server address and the copy onto a server, the unexpected error told
in Chinese and logged (``faults``). May import ``model.entities``, ``model.errors`` and
the domain packages whose data it seeds or checks; nothing in the domain packages
imports it but ``store`` (to open) and ``concurrency``/``bulk`` (to write).
"""
