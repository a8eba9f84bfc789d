"""Who may do what, and what they did: logins, permissions, the audit chain (操作记录).

May import ``model.entities`` and ``model.errors`` only (everything else imports it).
"""
