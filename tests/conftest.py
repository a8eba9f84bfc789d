"""Fixtures shared by every test: offscreen Qt, a fresh seeded database, private settings.

The model and service tests (tests/model/) run on SQLite and on PostgreSQL: their
``store`` fixture is parametrised over both. The PostgreSQL server comes from
``ZT_TEST_POSTGRES_URL`` or, where PostgreSQL's programs are installed, is started by
tests/pg_server.sh. Where no server can be had the PostgreSQL half is skipped with the
reason shown by ``-ra``; under CI (``CI=true``) a missing server fails the run instead.
Tests marked ``sqlite_only`` (lock file, backup API, pragmas, damaged files, crashes)
and the GUI tests run on SQLite only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Unexpected database errors are logged (model/storage/faults.py): never into the
# user's data folder from a test run.
os.environ.setdefault(
    "ZT_LOG_FILE", str(Path(tempfile.gettempdir()) / f"zt-test-{os.getpid()}.log")
)

from sqlalchemy import Engine, Integer, create_engine, make_url, text
from sqlalchemy.orm import Session, sessionmaker

from model.entities import Base
from model.storage.store import Store, open_store

# Hypothesis profiles for the hostile-input tests (each test sets its own number of
# inputs, the README's figures): "default" on a developer's machine; "ci" replays the
# same inputs every run (derandomised, no example database), so CI is reproducible;
# `--hypothesis-profile=explore` looks at new inputs without the one-minute budget.
for _name, _options in (
    ("default", {}),
    ("ci", {"derandomize": True, "database": None}),
    ("explore", {"derandomize": False}),
):
    hypothesis_settings.register_profile(
        _name,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        print_blob=True,
        **_options,
    )
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "default")

TESTS = Path(__file__).resolve().parent
BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    """Register the markers this file gives meaning to."""
    config.addinivalue_line(
        "markers", "sqlite_only: the test is about SQLite itself; not run on PostgreSQL"
    )
    config.addinivalue_line("markers", "postgresql: the test needs the PostgreSQL server")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every model test that uses a store on both databases."""
    if "store" not in metafunc.fixturenames:
        return
    in_model = TESTS / "model" in Path(str(metafunc.definition.path)).parents
    if not in_model or metafunc.definition.get_closest_marker("sqlite_only"):
        return
    metafunc.parametrize("store", BACKENDS, indirect=True)


def _start_local_server() -> tuple[str | None, str]:
    """Start tests/pg_server.sh's cluster; its URL, or None and why not."""
    binaries = shutil.which("initdb") or any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not binaries:
        return None, (
            "未安装 PostgreSQL 服务器程序（apt-get install postgresql），"
            "也未设置 ZT_TEST_POSTGRES_URL"
        )
    try:
        done = subprocess.run(
            ["bash", str(TESTS / "pg_server.sh"), "start"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"无法启动 PostgreSQL 测试服务器：{error}"
    for line in done.stdout.splitlines():
        if line.startswith("export ZT_TEST_POSTGRES_URL="):
            return line.split("=", 1)[1], ""
    return None, f"无法启动 PostgreSQL 测试服务器：{done.stderr.strip()[-500:]}"


def _with_schema(url: str, schema: str) -> str:
    """The URL whose connections work in ``schema`` (and only there)."""
    return (
        make_url(url)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )


class PostgresTestDatabase:
    """A private schema in the test server for this test run, reset for each test.

    Creating and seeding the tables costs about 0.6 s on the server, too much for each
    of hundreds of tests: the first store is created as on first run, its rows are kept
    in a side schema, and each later test gets them back with one TRUNCATE and copies.
    """

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.name = f"zt_{uuid.uuid4().hex[:10]}"
        self.url = _with_schema(server_url, self.name)
        self.seed = f"{self.name}_seed"
        self.admin: Engine = create_engine(server_url)
        self.ready = False

    def new_schema_url(self) -> str:
        """An empty schema of its own (for tests that need a second, empty database)."""
        name = f"{self.name}_{uuid.uuid4().hex[:6]}"
        with self.admin.begin() as connection:
            connection.exec_driver_sql(f"CREATE SCHEMA {name}")
        return _with_schema(self.server_url, name)

    def fresh_store(self) -> Store:
        """A store as on first run: created and seeded, no cases."""
        tables = [table.name for table in Base.metadata.sorted_tables]
        if not self.ready:
            with self.admin.begin() as connection:
                connection.exec_driver_sql(f"CREATE SCHEMA {self.name}")
                connection.exec_driver_sql(f"CREATE SCHEMA {self.seed}")
            store = open_store(self.url)
            with self.admin.begin() as connection:
                for table in tables:
                    connection.exec_driver_sql(
                        f"CREATE TABLE {self.seed}.{table} AS TABLE {self.name}.{table}"
                    )
            self.ready = True
            return store
        with self.admin.begin() as connection:
            everything = ", ".join(f"{self.name}.{table}" for table in tables)
            connection.exec_driver_sql(f"TRUNCATE {everything} RESTART IDENTITY CASCADE")
            for table in tables:
                connection.exec_driver_sql(
                    f"INSERT INTO {self.name}.{table} SELECT * FROM {self.seed}.{table}"
                )
            for table in Base.metadata.sorted_tables:
                for column in table.primary_key.columns:
                    if not isinstance(column.type, Integer):
                        continue
                    # NULL (and no change) where the column has no sequence.
                    connection.execute(
                        text(
                            "SELECT setval(pg_get_serial_sequence(:t, :c), coalesce("
                            f"(SELECT max({column.name}) FROM {self.name}.{table.name}), 0) + 1,"
                            " false)"
                        ),
                        {"t": f"{self.name}.{table.name}", "c": column.name},
                    )
        return open_store(self.url)

    def drop(self) -> None:
        """Remove this run's schemas."""
        with self.admin.begin() as connection:
            names = connection.execute(
                text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :p"),
                {"p": f"{self.name}%"},
            ).scalars()
            for name in list(names):
                connection.exec_driver_sql(f"DROP SCHEMA {name} CASCADE")
        self.admin.dispose()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresTestDatabase]:
    """This run's schema in the PostgreSQL test server (skipped, visibly, without one)."""
    url = os.environ.get("ZT_TEST_POSTGRES_URL")
    reason = "未设置 ZT_TEST_POSTGRES_URL"
    if not url:
        url, reason = _start_local_server()
    if not url:
        if os.environ.get("CI"):
            pytest.fail(f"CI 中必须有 PostgreSQL 服务器：{reason}")
        pytest.skip(f"PostgreSQL 测试服务器不可用：{reason}")
    database = PostgresTestDatabase(url)
    try:
        with database.admin.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        database.admin.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"CI 中必须有 PostgreSQL 服务器：{error}")
        pytest.skip(f"PostgreSQL 测试服务器无法连接：{error}")
    yield database
    database.drop()


@pytest.fixture
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A new database, created and seeded exactly as on first run (SQLite or PostgreSQL)."""
    backend = getattr(request, "param", "sqlite")
    if backend == "postgresql":
        opened = request.getfixturevalue("postgres").fresh_store()
    else:
        opened = open_store(tmp_path / "cases.sqlite")
    yield opened
    opened.close()


@pytest.fixture
def sessions(store: Store) -> sessionmaker[Session]:
    """The session factory of the fresh database."""
    return store.sessions


@pytest.fixture
def qsettings(tmp_path: Path, qapp):
    """A QSettings in a temporary INI file, so tests never touch the user's settings."""
    from PySide6.QtCore import QSettings

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    yield settings
    settings.sync()
