"""繁简分流: the criteria as data, the rule as pure functions, the office's settings.

``rule`` is pure; ``criteria`` and ``settings`` read and edit the data. May import
``model.entities``, ``model.errors`` and ``model.access``.
"""
