"""Reports: the weekly figures and their layout, the case list; the spreadsheet writers.

Figures for a day — any report's, the weekly sheet's and the statistics' (SPEC §9) —
come from one function, ``model.reports.as_of.figures_as_of(session, first_day,
last_day, cases=None)``: the counts of SPEC §5 (旧存 新收 已结 未结 超期 超审限
7日内到期, closings within each limit) for the period, every case counted with the facts
in effect on ``last_day`` (SPEC §3 "As of a day"), per (team, group, judge, special)
bucket; ``cases`` narrows the set. ``as_of.clock_on(day)`` joins each case's clock on a
day into a query of one's own; ``urgent.urgent_cases(session, day)`` lists the cases
overdue or due soon on either limit that day.

Read-only over the domain: may import ``cases``, ``calendar``, ``roster``, ``triage``,
``access``; nothing in the domain imports it.
"""
