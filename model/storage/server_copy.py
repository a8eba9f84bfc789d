"""Moving a bureau onto the server: copy an SQLite database into an empty PostgreSQL one.

Everything happens in one transaction on the server: the tables are created exactly as
on first run, every table is copied in dependency order in batches, the id sequences
are set past the copied ids, and every table's row count is checked against the file
before the commit. A count that differs, or any error, leaves the server database empty.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, func, inspect, select
from sqlalchemy.exc import DBAPIError

from model.entities import Base
from model.errors import UserError
from model.storage.bulk import refresh_statistics, reset_id_sequences
from model.storage.engine import database_url, display_url, make_engine
from model.storage.schema import create_schema, current_version
from model.storage.store import Store, open_store

BATCH = 2000


@dataclass
class CopyReport:
    """What was copied: rows per table (all checked), and the schema version stamped."""

    version: int
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """All rows copied."""
        return sum(self.rows.values())


def _refuse_non_empty(connection: Connection, where: str) -> None:
    tables = inspect(connection).get_table_names()
    if tables:
        raise UserError(
            f"目标数据库“{where}”不是空的（已有 {len(tables)} 张表），为免覆盖其中的数据，"
            "不会向它复制。请在服务器上新建一个空数据库后再迁移。"
        )


def copy_to_server(
    source: str | Path | Store,
    target_url: str,
    *,
    batch: int = BATCH,
    progress: Callable[[str, int], None] | None = None,
) -> CopyReport:
    """Copy the SQLite database ``source`` into the empty PostgreSQL database ``target_url``.

    ``source`` is a path, or a store the caller opened (and closes) itself.
    """
    url = database_url(target_url)
    if not url.startswith("postgresql"):
        raise UserError(
            "迁移目标必须是 PostgreSQL 数据库地址，例如 postgresql://用户名@服务器:5432/数据库名"
        )
    where = display_url(url)
    # Opening brings an older file to the current version first.
    source_store = source if isinstance(source, Store) else open_store(source)
    try:
        with source_store.engine.connect() as reader:
            version = current_version(reader) or 0
            counts = {
                table.name: reader.execute(select(func.count()).select_from(table)).scalar_one()
                for table in Base.metadata.sorted_tables
            }
        target = make_engine(url)
        try:
            report = CopyReport(version=version)
            with target.begin() as writer, source_store.engine.connect() as reader:
                _refuse_non_empty(writer, where)
                create_schema(writer, version)
                for table in Base.metadata.sorted_tables:
                    copied = 0
                    rows = reader.execution_options(yield_per=batch).execute(select(table))
                    for chunk in rows.mappings().partitions(batch):
                        writer.execute(table.insert(), [dict(row) for row in chunk])
                        copied += len(chunk)
                        if progress is not None:
                            progress(table.name, copied)
                    report.rows[table.name] = copied
                reset_id_sequences(writer, Base.metadata)
                refresh_statistics(writer, sum(report.rows.values()))
                for table in Base.metadata.sorted_tables:
                    on_server = writer.execute(select(func.count()).select_from(table)).scalar_one()
                    if not on_server == counts[table.name] == report.rows[table.name]:
                        raise UserError(
                            f"核对失败：表 {table.name} 原有 {counts[table.name]} 行，"
                            f"服务器上为 {on_server} 行。迁移已撤销，服务器数据库仍为空。"
                        )
        except DBAPIError as error:
            raise UserError(
                f"迁移到“{where}”失败，已全部撤销：{str(error.orig).strip()}"
            ) from error
        finally:
            target.dispose()
    finally:
        if source_store is not source:
            source_store.close()
    return report
