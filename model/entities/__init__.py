"""The database's tables as typed SQLAlchemy 2 entities, one module per domain.

``base`` (the declarative base, column helpers), ``roster`` (people, teams, case groups),
``cases`` (cases, parties, triage, assignment, the events, the clock's spans, property
checks, payments, history), ``rules`` (settings, criteria, case types, holidays, duties), ``access``
(logins, the audit record) and ``reports`` (the issued weekly sheets). Every
entity is importable from here (``from model.entities import Case``): importing this
package maps them all. These modules import SQLAlchemy and each other only (roster ←
cases ← rules; access ← roster; reports ← base), never a service.

Unlike the rest of the program, the entity modules do without ``from __future__ import
annotations``: with it every ``Mapped[...]`` is a string that SQLAlchemy parses and
evaluates while mapping, about a tenth of the mapping's time at every start (issue 20;
tests/gui/test_launch_imports.py keeps it so). A class named before it is defined is
quoted (``Mapped[list["Party"]]``).
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
    PROPERTY_CHECK_RESULTS,
    STATUS_LABELS,
    TRACK_LABELS,
    Assignment,
    Case,
    CaseStatus,
    ClockSpan,
    Closing,
    CoerciveMeasure,
    ExcludedPeriod,
    Extension,
    HistoryEntry,
    Party,
    PartySide,
    Payment,
    PropertyCheck,
    Track,
    Transfer,
    TriageDecision,
    earliest_due,
    status_is,
)
from model.entities.reports import IssuedSheet, IssuedSheetContent
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
    CriteriaVersion,
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
    "PROPERTY_CHECK_RESULTS",
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
    "ClockSpan",
    "Closing",
    "CoerciveMeasure",
    "CriteriaVersion",
    "Criterion",
    "Duty",
    "ExcludedPeriod",
    "ExclusionKind",
    "Extension",
    "HistoryEntry",
    "Holiday",
    "HolidayYear",
    "IssuedSheet",
    "IssuedSheetContent",
    "Party",
    "PartySide",
    "Payment",
    "Person",
    "PersonAlias",
    "PropertyCheck",
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
