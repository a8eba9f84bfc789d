"""Who may do what (岗位权限): named actions, the rank of each person, one ``require``.

Every service that changes data calls ``require(session, actor_id, action, case=...)``
inside its transaction, so a refused action writes nothing whichever way it came (the
window, the command line, a test). The window asks ``denial_reason`` to disable the
controls a user may not use.

``actor_id=None`` is the system actor: the command line (which has no login), the first
seeding of a new database and maintenance. It is allowed everything and is recorded as
“系统” in the audit record. The window never passes None: it always has a logged-in user.
"""

from __future__ import annotations

from collections import Counter
from enum import Enum

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.entities import Case, CaseGroup, Person, Role, Team
from model.errors import UserError

SYSTEM_ACTOR: None = None
"""The actor id of the command line and of maintenance: no login, allowed everything."""


class PermissionDenied(UserError):
    """A person tried an action their position does not allow."""


class Action(str, Enum):
    """An action the rules of the bureau give to some positions and not to others."""

    INTAKE = "intake"  # 收案、分流、分案
    RECORD_EVENT = "record_event"  # 扣除期间、延长、作废记录
    RECORD_CLOSING = "record_closing"  # 结案
    CORRECT_BASIS = "correct_basis"  # 更正执行依据类别
    RECORD_COERCIVE = "record_coercive"  # 强制措施
    RECORD_PAYMENT = "record_payment"  # 执行到位款
    EXPORT_LIST = "export_list"  # 导出案件清单
    WEEKLY_REPORT = "weekly_report"  # 周工作量统计
    IMPORT_LEDGER = "import_ledger"  # 导入台账
    CONFIRM_TRANSFER = "confirm_transfer"  # 移交普执团队
    EDIT_ROSTER = "edit_roster"  # 人员名册、团队、办案组
    EDIT_SETTINGS = "edit_settings"  # 分流标准金额、人数
    EDIT_CRITERIA = "edit_criteria"  # 分流标准条文
    EDIT_HOLIDAYS = "edit_holidays"  # 节假日安排
    EDIT_BASIS_KINDS = "edit_basis_kinds"  # 执行依据类别列表
    VIEW_AUDIT = "view_audit"  # 导出操作记录
    MANAGE_USERS = "manage_users"  # 开设账号、重置密码

    @property
    def label(self) -> str:
        """The action in the words of the refusal message."""
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.INTAKE: "收案登记",
    Action.RECORD_EVENT: "登记期限事项",
    Action.RECORD_CLOSING: "登记结案",
    Action.CORRECT_BASIS: "更正执行依据类别",
    Action.RECORD_COERCIVE: "登记强制措施",
    Action.RECORD_PAYMENT: "登记执行到位款",
    Action.EXPORT_LIST: "导出案件清单",
    Action.WEEKLY_REPORT: "生成周统计表",
    Action.IMPORT_LEDGER: "导入案件台账",
    Action.CONFIRM_TRANSFER: "确认移交",
    Action.EDIT_ROSTER: "修改人员名册",
    Action.EDIT_SETTINGS: "修改分流标准金额和人数",
    Action.EDIT_CRITERIA: "修改分流标准",
    Action.EDIT_HOLIDAYS: "修改节假日安排",
    Action.EDIT_BASIS_KINDS: "修改执行依据类别列表",
    Action.VIEW_AUDIT: "导出操作记录",
    Action.MANAGE_USERS: "管理登录账号",
}


class Rank(str, Enum):
    """A person's standing for permissions: the role, raised for the chief and deputy."""

    CHIEF = "chief"  # 执行局局长 (the leader of the teams)
    DEPUTY = "deputy"  # 执行局副局长
    JUDGE = "judge"  # 员额法官
    POLICE = "police"  # 司法警察
    CLERK = "clerk"  # 书记员

    @property
    def label(self) -> str:
        """The rank in Chinese."""
        return RANK_LABELS[self]


RANK_LABELS = {
    Rank.CHIEF: "局长",
    Rank.DEPUTY: "副局长",
    Rank.JUDGE: "员额法官",
    Rank.POLICE: "司法警察",
    Rank.CLERK: "书记员",
}

_CASE_WORK = {Action.EXPORT_LIST, Action.WEEKLY_REPORT}
_LEADERS = frozenset(set(Action) - {Action.MANAGE_USERS})
ALLOWED: dict[Rank, frozenset[Action]] = {
    Rank.CHIEF: frozenset(Action),
    Rank.DEPUTY: _LEADERS,
    Rank.JUDGE: frozenset({Action.RECORD_EVENT, Action.RECORD_CLOSING, *_CASE_WORK}),
    Rank.POLICE: frozenset({Action.RECORD_COERCIVE}),
    Rank.CLERK: frozenset(
        {
            Action.INTAKE,
            Action.RECORD_EVENT,
            Action.RECORD_CLOSING,
            Action.CORRECT_BASIS,
            Action.IMPORT_LEDGER,
            Action.RECORD_PAYMENT,
            *_CASE_WORK,
        }
    ),
}
"""The rule of the issue: clerks do intake, events, closings and lists; judges their own
cases and closings; police their group's coercive measures; the chief and deputy also the
roster, thresholds, criteria, holidays and transfers; only the chief manages logins."""

_OWN_CASES_ONLY = frozenset({Rank.JUDGE, Rank.POLICE})


def chief_id(session: Session) -> int | None:
    """The bureau chief: the leader of the teams, else the judge whose position is 局长."""
    leaders = Counter(
        leader for leader in session.scalars(select(Team.leader_id)) if leader is not None
    )
    for leader, _count in leaders.most_common():
        person = session.get(Person, leader)
        if person is not None and person.active and "副局长" not in person.position:
            return person.id
    for person in session.scalars(select(Person).where(Person.active).order_by(Person.id)):
        if "局长" in person.position.replace("副局长", ""):
            return person.id
    return None


def rank_of(session: Session, person: Person) -> Rank:
    """The person's rank: chief, deputy, or their roster role."""
    if person.id == chief_id(session):
        return Rank.CHIEF
    if person.role is Role.JUDGE and "副局长" in person.position:
        return Rank.DEPUTY
    return Rank(person.role.value)


def _who_may(action: Action) -> str:
    ranks = [rank.label for rank in Rank if action in ALLOWED[rank]]
    return "、".join(ranks)


def refusal(session: Session, actor_id: int | None, action: Action, case: Case | None) -> str:
    """Why the actor may not do this (in Chinese), or "" when they may."""
    if actor_id is SYSTEM_ACTOR:
        return ""
    person = session.get(Person, actor_id)
    if person is None or not person.active:
        return "当前操作人不在人员名册中或已停用，不能进行此操作。请重新登录。"
    rank = rank_of(session, person)
    if action not in ALLOWED[rank]:
        return f"{person.name}（{rank.label}）无权{action.label}。此操作由{_who_may(action)}办理。"
    if case is not None and rank in _OWN_CASES_ONLY and not _is_own(session, person, case):
        return f"案件 {case.number} 不是{person.name}承办或所在办案组的案件，不能{action.label}。"
    return ""


def _is_own(session: Session, person: Person, case: Case) -> bool:
    if case.judge_id == person.id:
        return True
    group = session.get(CaseGroup, case.group_id) if case.group_id is not None else None
    return group is not None and person.id in (group.judge_id, group.police_id)


def require(
    session: Session, actor_id: int | None, action: Action, *, case: Case | None = None
) -> None:
    """Raise ``PermissionDenied`` (in Chinese) when the actor may not do the action."""
    message = refusal(session, actor_id, action, case)
    if message:
        raise PermissionDenied(message)


def denial_reason(
    sessions: sessionmaker[Session],
    actor_id: int | None,
    action: Action,
    case_id: int | None = None,
) -> str:
    """For the window: why a control is disabled for this user (on this case), or ""."""
    with sessions() as session:
        case = session.get(Case, case_id) if case_id is not None else None
        return refusal(session, actor_id, action, case)


def may(sessions: sessionmaker[Session], actor_id: int | None, action: Action) -> bool:
    """True when the actor may do the action (on some case)."""
    return not denial_reason(sessions, actor_id, action)


def authorise(
    session: Session, actor_id: int | None, action: Action, *, case: Case | None = None
) -> None:
    """Name the actor for the audit record and check they may do the action."""
    from model.access.audit import acting_as

    acting_as(session, actor_id)
    require(session, actor_id, action, case=case)


def case_scope(
    sessions: sessionmaker[Session], actor_id: int | None
) -> tuple[int | None, int | None] | None:
    """The cases this user sees in lists: (judge_id, group_id), or None for every case.

    A judge sees the cases they handle; a police officer those of their group (a group
    id that matches nothing when they sit on none). The others see every case.
    """
    if actor_id is SYSTEM_ACTOR:
        return None
    with sessions() as session:
        person = session.get(Person, actor_id)
        if person is None:
            return (None, -1)
        rank = rank_of(session, person)
        if rank is Rank.JUDGE:
            return (person.id, None)
        if rank is Rank.POLICE:
            group = session.scalar(
                select(CaseGroup.id)
                .where(CaseGroup.police_id == person.id, CaseGroup.active)
                .order_by(CaseGroup.id)
                .limit(1)
            )
            return (None, group if group is not None else -1)
        return None
