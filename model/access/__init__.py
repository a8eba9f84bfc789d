"""Who may do what, and what they did: logins, permissions, the audit chain (操作记录).

May import ``model.entities``, ``model.errors``, ``model.storage.bulk`` (the audit chain
appends with the bulk writer) and, for the audit sheet only, ``model.reports.sheet_style``.
"""
