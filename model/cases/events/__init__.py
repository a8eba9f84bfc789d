"""Events on a case (案件事项), one module each: excluded periods, extension, transfer,
closing, coercive measures, correction (void); ``base`` holds what they share.

Each service is one user action in one transaction, checks its input first and raises
``UserError`` in Chinese. May import ``calendar``, ``access``, ``roster.names`` and
``storage.concurrency``.
"""
