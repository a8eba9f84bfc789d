"""Schema version and migrations, run at every start.

A new database gets the current tables at once and is stamped with the latest
version. An older one is carried forward by each step in ``MIGRATIONS`` in turn,
inside one transaction, so a failed upgrade leaves the file as it was.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.schema import CreateIndex

import model.access.audit  # noqa: F401  (installs the audit record's session listener)
from model.entities import Base
from model.errors import DatabaseOpenError
from model.storage.changes import ensure_counter
from model.storage.engine import APPLICATION_ID, ForeignDatabaseError, NewerDatabaseError
from model.storage.search_index import (
    drop_search_index,
    ensure_search_index,
    has_search_source,
    has_search_table,
)

VERSION_TABLE = "schema_version"

Migration = Callable[[Connection], None]


def add_users_and_audit(connection: Connection) -> None:
    """Version 1 → 2: logins (users) and the chained audit record (audit_entries)."""
    from model.entities import AuditEntry, UserAccount, table_of

    Base.metadata.create_all(
        connection, tables=[table_of(UserAccount), table_of(AuditEntry)], checkfirst=True
    )


def add_due_date_indexes(connection: Connection) -> None:
    """Version 2 → 3: indexes on each due date (the holiday-year banner looks up ranges)."""
    from model.entities import Case, table_of

    for index in table_of(Case).indexes:
        if index.name in ("ix_cases_due", "ix_cases_statutory_due"):
            index.create(connection, checkfirst=True)


def add_coercive_measures(connection: Connection) -> None:
    """Version 3 → 4: coercive measures (强制措施) recorded on cases."""
    from model.entities import CoerciveMeasure, table_of

    Base.metadata.create_all(connection, tables=[table_of(CoerciveMeasure)], checkfirst=True)


def add_urgency_indexes(connection: Connection) -> None:
    """Version 4 → 5: the earlier due date indexed, for all cases and for the open ones."""
    from model.entities import Case, table_of

    # IF NOT EXISTS rather than checkfirst: SQLAlchemy cannot reflect expression indexes.
    for index in table_of(Case).indexes:
        if index.name in ("ix_cases_urgency", "ix_cases_open_urgency"):
            connection.execute(CreateIndex(index, if_not_exists=True))


def add_basis_kinds(connection: Connection) -> None:
    """Version 5 → 6: 执行依据类别 as a list and on each case.

    The list is seeded from data/basis_kinds.json; a case ticked 非诉 becomes
    行政机关决定 (the commonest 非诉 document in the bureau), every other case 其他.
    """
    from model.entities import BASIS_OTHER, BasisKind, table_of
    from model.storage.seed import load_data

    Base.metadata.create_all(connection, tables=[table_of(BasisKind)], checkfirst=True)
    if not connection.execute(text("SELECT COUNT(*) FROM basis_kinds")).scalar():
        kinds = load_data("basis_kinds.json")["kinds"]
        connection.execute(
            table_of(BasisKind).insert(),
            [
                {"name": k["name"], "non_litigation": k["non_litigation"], "ordinal": n}
                for n, k in enumerate(kinds)
            ],
        )
    columns = {c["name"] for c in inspect(connection).get_columns("cases")}
    if "basis_kind" not in columns:
        connection.execute(
            text(
                "ALTER TABLE cases ADD COLUMN basis_kind VARCHAR(32) NOT NULL "
                f"DEFAULT '{BASIS_OTHER}'"
            )
        )
    connection.execute(
        text("UPDATE cases SET basis_kind = :kind WHERE non_litigation = :yes"),
        {"kind": NON_LITIGATION_DEFAULT, "yes": True},
    )


NON_LITIGATION_DEFAULT = "行政机关决定"
"""The kind a case ticked 非诉 before the list existed is carried forward as."""


def add_clock_timeline(connection: Connection) -> None:
    """Version 6 → 7: each case's clock over time (clock_spans), built from its events.

    SPEC §3 "As of a day": a past week's figures come from the spans, so every
    existing case gets its timeline now, computed from its standing events.
    """
    from sqlalchemy.orm import Session

    from model.calendar.clock import rebuild_timelines
    from model.entities import ClockSpan, table_of

    Base.metadata.create_all(connection, tables=[table_of(ClockSpan)], checkfirst=True)
    with Session(bind=connection) as session:
        rebuild_timelines(session)


def add_issued_sheets(connection: Connection) -> None:
    """Version 6 → 7: 报表存档, the weekly sheets made and what they showed."""
    from model.entities import IssuedSheet, IssuedSheetContent, table_of

    Base.metadata.create_all(
        connection,
        tables=[table_of(IssuedSheet), table_of(IssuedSheetContent)],
        checkfirst=True,
    )


def add_property_checks(connection: Connection) -> None:
    """Version 8 → 9: 终本 property checks (终本复查) recorded on cases, and the index
    that finds the 终本 cases by closing date."""
    from model.entities import Case, PropertyCheck, table_of

    Base.metadata.create_all(connection, tables=[table_of(PropertyCheck)], checkfirst=True)
    for index in table_of(Case).indexes:
        if index.name == "ix_cases_closing_method":  # see add_urgency_indexes: no reflection
            connection.execute(CreateIndex(index, if_not_exists=True))


def add_payments(connection: Connection) -> None:
    """Version 9 → 10: money received on cases (执行到位款)."""
    from model.entities import Payment, table_of

    Base.metadata.create_all(connection, tables=[table_of(Payment)], checkfirst=True)


def store_criteria_versions(connection: Connection) -> None:
    """Version 10 → 11: each wording of the checklist stored once, and JSON kept compact.

    Until now every triage decision carried a copy of all fifteen criteria texts (2.3 KB
    a case, escaped as ``\\uXXXX``). Each distinct copy becomes one ``criteria_versions``
    row, the decisions reference it, and the copies go. The texts a decision was made on
    stay exactly what they were (``load_case`` reads them through the reference, and
    ``audit-verify`` compares the record's copies with them). Every other JSON value is
    rewritten in the compact UTF-8 spelling the program writes from now on.

    The audit record is not touched: its entries stay as written and verify as such.
    """
    import datetime as dt
    import json

    from model.entities import CriteriaVersion, table_of
    from model.storage.engine import compact_json
    from model.triage.criteria import texts_digest

    Base.metadata.create_all(connection, tables=[table_of(CriteriaVersion)], checkfirst=True)
    columns = {c["name"] for c in inspect(connection).get_columns("triage_decisions")}
    if "criteria_version_id" not in columns:
        connection.execute(
            text(
                "ALTER TABLE triage_decisions ADD COLUMN criteria_version_id INTEGER "
                "REFERENCES criteria_versions (id)"
            )
        )
    if "criteria_texts" in columns:
        versions: dict[str, int] = {}
        spellings = connection.execute(
            text("SELECT DISTINCT CAST(criteria_texts AS TEXT) FROM triage_decisions")
        ).scalars()
        for spelling in list(spellings):
            texts = json.loads(spelling) if spelling else {}
            digest = texts_digest(texts)
            if digest not in versions:
                versions[digest] = connection.execute(
                    table_of(CriteriaVersion)
                    .insert()
                    .values(digest=digest, texts=texts, created_at=dt.datetime.now())
                    .returning(table_of(CriteriaVersion).c.id)
                ).scalar_one()
            connection.execute(
                text(
                    "UPDATE triage_decisions SET criteria_version_id = :version "
                    "WHERE CAST(criteria_texts AS TEXT) = :spelling"
                ),
                {"version": versions[digest], "spelling": spelling},
            )
        connection.execute(text("ALTER TABLE triage_decisions DROP COLUMN criteria_texts"))
    _compact_json_columns(connection, compact_json)


def _compact_json_columns(connection: Connection, spell: Callable[[object], str]) -> None:
    """Rewrite every stored JSON value in ``spell``'s spelling, 5,000 rows a statement."""
    import json

    from sqlalchemy import JSON

    for table in Base.metadata.sorted_tables:
        names = [c.name for c in table.columns if isinstance(c.type, JSON)]
        key = list(table.primary_key.columns)
        if not names or len(key) != 1 or not inspect(connection).has_table(table.name):
            continue
        present = {c["name"] for c in inspect(connection).get_columns(table.name)}
        names = [name for name in names if name in present]
        if not names:
            continue
        listed = ", ".join(f"CAST({name} AS TEXT)" for name in names)
        query = f"SELECT {key[0].name}, {listed} FROM {table.name} ORDER BY {key[0].name}"
        # PostgreSQL takes text for a json column only when told; SQLite must not be
        # (CAST … AS JSON there would give the value numeric affinity).
        json_type = "JSON" if connection.dialect.name == "postgresql" else ""
        assignments = ", ".join(
            f"{name} = CAST(:{name} AS {json_type})" if json_type else f"{name} = :{name}"
            for name in names
        )
        update = text(f"UPDATE {table.name} SET {assignments} WHERE {key[0].name} = :key")
        changed = []
        for row in connection.execute(text(query)).all():
            values = {
                name: spell(json.loads(stored)) if stored else stored
                for name, stored in zip(names, row[1:], strict=True)
            }
            if any(values[name] != stored for name, stored in zip(names, row[1:], strict=True)):
                changed.append({"key": row[0], **values})
            if len(changed) >= 5000:
                connection.execute(update, changed)
                changed = []
        if changed:
            connection.execute(update, changed)


def add_search_index(connection: Connection) -> None:
    """Version 11 → 12: the search box's trigram index (``model.storage.search_index``),
    filled from the cases already there."""
    ensure_search_index(connection)


def add_packed_audit_entries(connection: Connection) -> None:
    """Version 12 → 13: audit entries grouped by action, their payload compressed
    (``model.access.audit_packing``); entries already written keep their form."""
    columns = {c["name"] for c in inspect(connection).get_columns("audit_entries")}
    if "packed" not in columns:
        kind = "BYTEA" if connection.dialect.name == "postgresql" else "BLOB"
        connection.execute(text(f"ALTER TABLE audit_entries ADD COLUMN packed {kind}"))


def end_search_texts(connection: Connection) -> None:
    """Version 13 → 14: the search index rebuilt over texts ended by a mark, so that it
    finds two-character fragments too (``model.storage.search_index.END``)."""
    if connection.dialect.name != "sqlite" or not has_search_table(connection):
        return  # PostgreSQL's indexes are unchanged; a SQLite without FTS5 has none
    if has_search_source(connection):
        return  # built in this form already (by step 11 → 12 of this version)
    drop_search_index(connection)
    ensure_search_index(connection)


# MIGRATIONS[n] takes a database from version n + 1 to n + 2. Version 1 is the
# first released schema; append steps, never edit one that has shipped.
MIGRATIONS: list[Migration] = [
    add_users_and_audit,
    add_due_date_indexes,
    add_coercive_measures,
    add_urgency_indexes,
    add_basis_kinds,
    add_clock_timeline,
    add_issued_sheets,
    add_property_checks,
    add_payments,
    store_criteria_versions,
    add_search_index,
    add_packed_audit_entries,
    end_search_texts,
]


class UpgradeNeededError(DatabaseOpenError):
    """A read-only open of a file an older version wrote: it must be upgraded first."""


def latest_version(migrations: list[Migration] | None = None) -> int:
    """The version this program writes."""
    return 1 + len(MIGRATIONS if migrations is None else migrations)


def current_version(connection: Connection) -> int | None:
    """The version recorded in the database, or None for an empty database."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    version: int = connection.execute(text(f"SELECT version FROM {VERSION_TABLE}")).scalar_one()
    return version


def _application_id(connection: Connection) -> int | None:
    if connection.dialect.name != "sqlite":
        return None
    return int(connection.exec_driver_sql("PRAGMA application_id").scalar() or 0)


def _foreign(message: str = "") -> ForeignDatabaseError:
    return ForeignDatabaseError(
        message
        or "这个数据库文件不是本程序创建的（属于其他程序）。请选择本程序的数据库文件；"
        "该文件未作任何改动。"
    )


def upgrade(
    engine: Engine,
    migrations: list[Migration] | None = None,
    *,
    read_only: bool = False,
    before_migrate: Callable[[int, int], None] | None = None,
) -> bool:
    """Bring the database to the latest version; True when it was new and empty.

    ``before_migrate(old, new)`` runs before an older file is changed (the store makes
    a backup there). A read-only open checks the file and changes nothing.
    """
    steps = MIGRATIONS if migrations is None else migrations
    target = latest_version(steps)
    version = check_version(engine, target)
    if read_only:
        if version is None:
            raise DatabaseOpenError("这个数据库是空的，无法以只读方式打开。")
        if version < target:
            raise UpgradeNeededError(
                f"这个数据库需要升级（数据库版本 {version}，本程序为 {target}），"
                "只读方式下不能升级。请在没有其他副本使用它时再打开。"
            )
        return False
    if version is not None and version < target and before_migrate is not None:
        before_migrate(version, target)
    with engine.begin() as connection:
        version = check_version(connection, target)
        if version is None:
            create_schema(connection, target)
            return True
        if _application_id(connection) == 0:
            # Files made before the id existed carry a schema_version: stamp them now.
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        for step in steps[version - 1 :]:
            step(connection)
        if version != target:
            connection.execute(text(f"UPDATE {VERSION_TABLE} SET version = :v"), {"v": target})
        ensure_counter(connection)  # not a versioned table: files of any version get it
        ensure_search_index(connection)  # where the SQLite or the server lacked it before
    return False


def create_schema(connection: Connection, version: int | None = None) -> None:
    """Every table of an empty database, stamped with ``version`` (the latest by default)."""
    Base.metadata.create_all(connection)
    connection.execute(text(f"CREATE TABLE {VERSION_TABLE} (version INTEGER NOT NULL)"))
    connection.execute(
        text(f"INSERT INTO {VERSION_TABLE} VALUES (:v)"), {"v": version or latest_version()}
    )
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    ensure_counter(connection)
    ensure_search_index(connection)


def check_version(bind: Engine | Connection, target: int | None = None) -> int | None:
    """The file's version after checking it is ours and not newer; None when empty."""
    target = latest_version() if target is None else target
    if isinstance(bind, Engine):
        with bind.connect() as connection:
            return check_version(connection, target)
    connection = bind
    app_id = _application_id(connection)
    if app_id not in (None, 0, APPLICATION_ID):
        raise _foreign()
    version = current_version(connection)
    if version is None:
        if inspect(connection).get_table_names():
            raise _foreign(
                "这个数据库文件不是本程序创建的（缺少版本信息）。请选择本程序的数据库文件；"
                "该文件未作任何改动。"
            )
        return None
    if version > target:
        raise NewerDatabaseError(
            f"这个数据库由较新版本的程序创建（数据库版本 {version}，本程序支持到 {target}）。"
            "为免损坏数据，本程序不会降级打开它。请升级程序后再打开，或从备份恢复。"
        )
    return version
