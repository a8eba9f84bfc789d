"""Who may do what, and what they did: logins, permissions, the audit chain (操作记录).

``audit`` writes the record, ``audit_chain`` checks its hashes, ``audit_rows`` compares
the tables with it, ``audit_lines`` reads it for the window, ``audit_sheet`` prints it.

May import ``model.entities``, ``model.errors``, ``model.storage.bulk`` (the audit chain
appends with the bulk writer) and, for the audit sheet only, ``model.reports.sheet_style``.
"""
