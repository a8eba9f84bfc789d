"""操作记录 in words a reader understands: who, when, what and which fields changed.

Reads ``audit_entries`` (written by model/access/audit.py) for the record dialog and the
exported sheet (model/access/audit_sheet.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model import entities as e
from model.access.audit import ENTITY_LABELS
from model.access.audit_packing import canonical, row_changes

TABLE_LABELS = {e.table_of(cls).name: label for cls, label in ENTITY_LABELS.items()}
ACTION_LABELS = {"insert": "新增", "update": "修改", "delete": "删除"}


@dataclass(frozen=True)
class AuditLine:
    """One row an entry changed, in words a reader understands (an entry may have many)."""

    seq: int
    at: dt.datetime
    actor: str
    action: str  # 新增 / 修改 / 删除
    entity: str  # 案件 / 结案 / 人员 …
    entity_id: str
    case_number: str
    changes: str  # 字段：旧值 → 新值; …


COLUMN_LABELS = {
    "number": "案号", "filing_date": "立案日期", "amount": "标的额", "track": "分流类型",
    "team_id": "团队", "group_id": "办案组", "judge_id": "承办法官", "status": "状态",
    "due_date": "到期日", "statutory_due_date": "法定到期日", "closed_on": "结案日期",
    "closing_method": "结案方式", "basis": "执行依据", "cause": "案由", "name": "名称",
    "applicant_names": "申请执行人", "respondent_names": "被执行人", "role": "岗位",
    "position": "职务", "active": "在用", "value": "值", "text": "内容", "reason": "理由",
    "start": "起", "end": "止", "kind": "类别", "method": "方式", "months": "月数",
    "void_reason": "更正理由", "voided_at": "更正时间", "leader_id": "负责人",
    "police_id": "司法警察", "clerk_id": "书记员", "final_track": "最终类型",
    "override_reason": "改变理由", "must_change": "须改密码", "failed_count": "连续输错",
    "last_login": "最近登录", "approver_name": "批准人", "approved_on": "批准日期",
    "transferred_on": "移交日期", "applicant_count": "申请执行人数", "version": "版本",
    "received_on": "到位日期", "amount_fen": "到位金额（分）",
}  # fmt: skip
"""Readable names of the columns a reader meets most; others keep their column name."""


def _describe(action: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    label = COLUMN_LABELS.get
    if action == "update":
        parts = [
            f"{label(key, key)}：{_short(old.get(key))} → {_short(new.get(key))}"
            for key in sorted(new)
        ]
    else:
        values = new if action == "insert" else old
        parts = [
            f"{label(key, key)}={_short(value)}"
            for key, value in values.items()
            if value not in (None, "")
        ]
    return "；".join(parts)


def _short(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    shown = value if isinstance(value, str) else canonical(value)
    return shown if len(shown) <= 60 else shown[:57] + "…"


def audit_lines(
    sessions: sessionmaker[Session],
    *,
    case_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[AuditLine]:
    """The entries of one case, or of a period (inclusive dates), oldest first."""
    table = e.table_of(e.AuditEntry)
    query = select(table).order_by(table.c.seq)
    if case_id is not None:
        query = query.where(table.c.case_id == case_id)
    if start is not None:
        query = query.where(table.c.at >= dt.datetime.combine(start, dt.time()))
    if end is not None:
        query = query.where(table.c.at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time()))
    with sessions() as session:
        names = dict(session.execute(select(e.Person.id, e.Person.name)).all())
        rows = session.execute(query).mappings().all()
        case_ids = {row["case_id"] for row in rows if row["case_id"] is not None}
        numbers = dict(
            session.execute(select(e.Case.id, e.Case.number).where(e.Case.id.in_(case_ids))).all()
        )
    lines = []
    for row in rows:
        actor = "系统" if row["actor_id"] is None else names.get(row["actor_id"], "?")
        for change in row_changes(row):
            lines.append(
                AuditLine(
                    seq=row["seq"],
                    at=row["at"],
                    actor=actor,
                    action=ACTION_LABELS.get(change.action, change.action),
                    entity=TABLE_LABELS.get(change.entity, change.entity),
                    entity_id=change.entity_id,
                    case_number=numbers.get(row["case_id"], ""),
                    changes=_describe(change.action, change.before, change.after),
                )
            )
    return lines
