"""Schema version and migrations, run at every start.

A new database gets the current tables at once and is stamped with the latest
version. An older one is carried forward by each step in ``MIGRATIONS`` in turn,
inside one transaction, so a failed upgrade leaves the file as it was.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, inspect, text

from model.entities import Base
from model.errors import DatabaseOpenError

VERSION_TABLE = "schema_version"

Migration = Callable[[Connection], None]

# MIGRATIONS[n] takes a database from version n + 1 to n + 2. Version 1 is the
# first released schema; append steps, never edit one that has shipped.
MIGRATIONS: list[Migration] = []


def latest_version(migrations: list[Migration] | None = None) -> int:
    """The version this program writes."""
    return 1 + len(MIGRATIONS if migrations is None else migrations)


def current_version(connection: Connection) -> int | None:
    """The version recorded in the database, or None for an empty database."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    return connection.execute(text(f"SELECT version FROM {VERSION_TABLE}")).scalar_one()


def upgrade(engine: Engine, migrations: list[Migration] | None = None) -> bool:
    """Bring the database to the latest version; True when it was new and empty."""
    steps = MIGRATIONS if migrations is None else migrations
    target = latest_version(steps)
    with engine.begin() as connection:
        version = current_version(connection)
        if version is None:
            if inspect(connection).get_table_names():
                raise DatabaseOpenError(
                    "这个数据库文件不是本程序创建的（缺少版本信息）。请选择本程序的数据库文件。"
                )
            Base.metadata.create_all(connection)
            connection.execute(text(f"CREATE TABLE {VERSION_TABLE} (version INTEGER NOT NULL)"))
            connection.execute(text(f"INSERT INTO {VERSION_TABLE} VALUES (:v)"), {"v": target})
            return True
        if version > target:
            raise DatabaseOpenError(
                f"这个数据库由较新版本的程序创建（数据库版本 {version}，本程序支持到 {target}）。"
                "请升级程序后再打开。"
            )
        for step in steps[version - 1 :]:
            step(connection)
        if version != target:
            connection.execute(text(f"UPDATE {VERSION_TABLE} SET version = :v"), {"v": target})
    return False
