"""The database's tables as typed SQLAlchemy 2 entities, one module per domain.

``base`` (the declarative base, column helpers), ``roster`` (people, teams, case groups),
``cases`` (cases, parties, triage, assignment, the events, history), ``rules`` (settings,
criteria, case types, holidays, duties) and ``access`` (logins, the audit record). Every
entity is importable from here (``from model.entities import Case``): importing this
package maps them all. These modules import SQLAlchemy and each other only (roster ←
cases ← rules; access ← roster), never a service.
"""

from __future__ import annotations

from model.entities.access import (
    AuditEntry,
    UserAccount,
)
from model.entities.base import (
    Base,
    enum_column,
    now,
    table_of,
)
from model.entities.cases import (
    BASIS_OTHER,
    CLOSING_METHODS,
    COERCIVE_MEASURES,
    OPEN_CASES,
    OPEN_STATUSES,
    PARTY_TYPES,
    STATUS_LABELS,
    TRACK_LABELS,
    Assignment,
    Case,
    CaseStatus,
    Closing,
    CoerciveMeasure,
    ExcludedPeriod,
    Extension,
    HistoryEntry,
    Party,
    PartySide,
    Track,
    Transfer,
    TriageDecision,
    earliest_due,
    status_is,
)
from model.entities.roster import (
    ROLE_LABELS,
    CaseGroup,
    Person,
    PersonAlias,
    Role,
    Team,
    TeamMember,
)
from model.entities.rules import (
    BasisKind,
    CaseType,
    Criterion,
    Duty,
    ExclusionKind,
    Holiday,
    HolidayYear,
    Setting,
)

__all__ = [
    "BASIS_OTHER",
    "CLOSING_METHODS",
    "COERCIVE_MEASURES",
    "OPEN_CASES",
    "OPEN_STATUSES",
    "PARTY_TYPES",
    "ROLE_LABELS",
    "STATUS_LABELS",
    "TRACK_LABELS",
    "Assignment",
    "AuditEntry",
    "Base",
    "BasisKind",
    "Case",
    "CaseGroup",
    "CaseStatus",
    "CaseType",
    "Closing",
    "CoerciveMeasure",
    "Criterion",
    "Duty",
    "ExcludedPeriod",
    "ExclusionKind",
    "Extension",
    "HistoryEntry",
    "Holiday",
    "HolidayYear",
    "Party",
    "PartySide",
    "Person",
    "PersonAlias",
    "Role",
    "Setting",
    "Team",
    "TeamMember",
    "Track",
    "Transfer",
    "TriageDecision",
    "UserAccount",
    "earliest_due",
    "enum_column",
    "now",
    "status_is",
    "table_of",
]
