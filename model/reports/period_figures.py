"""The weekly sheet's counts for any period, per bucket (team, case group, judge, special).

The statistics ask for 旧存, 新收, 已结, 未结, 超期 and closings in time — and so 结案率 —
through the very function the weekly sheet sums its lines from, with the period's first
day in place of the Monday: one definition of each count in the program.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, case
from sqlalchemy.orm import Session

from model.entities import Case, Track
from model.reports.weekly import Figures, _buckets

Bucket = tuple[int | None, int | None, int | None, bool]
"""(team id, case group id, judge id, special?)."""


def counts_by_bucket(session: Session, start: dt.date, as_of: dt.date) -> dict[Bucket, Figures]:
    """The weekly sheet's counts for ``start``–``as_of`` as of ``as_of``."""
    return _buckets(session, start, as_of)


def bucket_columns(as_of: dt.date) -> tuple[list[Any], Callable[[Select[Any]], Select[Any]]]:
    """The columns that name a case's bucket, and what a query over ``Case`` needs to read them."""
    special = case((Case.track == Track.SPECIAL, 1), else_=0)
    return [Case.team_id, Case.group_id, Case.judge_id, special], lambda query: query


__all__ = ["Bucket", "Figures", "bucket_columns", "counts_by_bucket"]
