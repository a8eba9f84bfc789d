"""migrate-to: a bureau's SQLite database copied into an empty PostgreSQL database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from model.cases.events.closing import close_case
from model.commands import run_command
from model.entities import Case, HistoryEntry, Person
from model.errors import UserError
from model.storage.server_copy import copy_to_server
from model.storage.store import open_store
from tests.factories import make_case

pytestmark = pytest.mark.postgresql
D = dt.date


def bureau_file(tmp_path: Path, cases: int = 30) -> Path:
    path = tmp_path / "bureau.sqlite"
    store = open_store(path)
    with store.sessions.begin() as s:
        ids = [make_case(s).id for _ in range(cases)]
    import datetime as dt

    close_case(
        store.sessions, ids[0], dt.date(2026, 3, 20), "执行完毕", 1, today=dt.date(2026, 4, 1)
    )
    store.close()
    return path


def test_the_copy_keeps_every_row_and_continues_the_ids(postgres, tmp_path: Path) -> None:
    source = bureau_file(tmp_path)
    target = postgres.new_schema_url()
    report = copy_to_server(source, target, batch=7)  # several batches per table
    assert report.rows["cases"] == 30 and report.rows["persons"] == 10
    server = open_store(target)
    try:
        assert not server.created
        with server.sessions.begin() as s:
            assert s.scalar(select(func.count()).select_from(Case)) == 30
            assert s.scalar(select(func.count()).select_from(HistoryEntry)) >= 1
            closed = s.scalars(select(Case).where(Case.closing_method == "执行完毕")).one()
            assert closed.version > 1  # versions are copied as they are
            new = make_case(s)  # the sequences go on after the copied ids
            assert new.id == 31
            assert s.scalar(select(func.max(Person.id))) == 10
    finally:
        server.close()


def test_a_database_that_is_not_empty_is_refused_untouched(postgres, tmp_path: Path) -> None:
    source = bureau_file(tmp_path, cases=2)
    target = postgres.new_schema_url()
    open_store(target).close()  # someone already started using it
    with pytest.raises(UserError, match="不是空的"):
        copy_to_server(source, target)
    server = open_store(target)
    try:
        with server.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Case)) == 0
    finally:
        server.close()


def test_a_failure_half_way_leaves_the_server_empty(postgres, tmp_path: Path, monkeypatch) -> None:
    source = bureau_file(tmp_path, cases=3)
    target = postgres.new_schema_url()
    calls: list[str] = []

    def fail_at_cases(table: str, _count: int) -> None:
        calls.append(table)
        if table == "cases":
            raise UserError("中断")

    with pytest.raises(UserError, match="中断"):
        copy_to_server(source, target, progress=fail_at_cases)
    assert "persons" in calls
    from sqlalchemy import create_engine

    engine = create_engine(target)
    try:
        with engine.connect() as connection:
            tables = connection.execute(
                text("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
            ).scalar()
            assert tables == 0
    finally:
        engine.dispose()


def test_migrate_to_command_prints_a_chinese_summary(postgres, tmp_path: Path, capsys) -> None:
    source = bureau_file(tmp_path, cases=4)
    target = postgres.new_schema_url()
    assert run_command(["migrate-to", target, "--db", str(source)]) == 0
    out = capsys.readouterr().out
    assert "迁移完成" in out and "其中案件 4 件" in out and "行数均已核对一致" in out
    assert "zt_app_test" not in out  # the password is never printed
    assert run_command(["migrate-to", target, "--db", str(source)]) == 1
    assert "不是空的" in capsys.readouterr().err


def test_only_a_postgresql_target_is_accepted(tmp_path: Path, capsys) -> None:
    source = bureau_file(tmp_path, cases=1)
    assert run_command(["migrate-to", str(tmp_path / "x.sqlite"), "--db", str(source)]) == 1
    assert "必须是 PostgreSQL" in capsys.readouterr().err


def test_backup_of_a_server_database_says_to_use_pg_dump(postgres, capsys) -> None:
    assert run_command(["backup", "/tmp/x.sqlite", "--db", postgres.url]) == 1
    assert "pg_dump" in capsys.readouterr().err


def test_a_server_that_refuses_is_explained_without_the_password(postgres) -> None:
    from sqlalchemy import make_url

    from model.errors import DatabaseOpenError

    wrong = make_url(postgres.url).set(password="not-the-password")
    with pytest.raises(DatabaseOpenError) as refused:
        open_store(wrong.render_as_string(hide_password=False))
    assert "用户名或密码不正确" in refused.value.message
    assert "not-the-password" not in refused.value.message
    closed_port = make_url(postgres.url).set(port=1)
    with pytest.raises(DatabaseOpenError, match="连接被拒绝"):
        open_store(closed_port.render_as_string(hide_password=False))


def test_a_plain_postgresql_url_uses_the_shipped_driver() -> None:
    from model.storage.engine import database_url, display_url

    url = database_url("postgresql://zt:secret@server:5432/cases")
    assert url == "postgresql+psycopg://zt:secret@server:5432/cases"
    assert display_url(url) == "postgresql+psycopg://zt:***@server:5432/cases"
