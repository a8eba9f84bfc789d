"""人员名册: people, teams, case groups, aliases; the edits and the overview the tab shows.

May import ``model.entities``, ``model.errors`` and ``model.access``.
"""
