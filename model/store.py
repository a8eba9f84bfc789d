"""Opening a database: engine, migrations, first-run seeding, session factory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from model.db import database_url, describe_database_error, make_engine, make_sessions
from model.errors import DatabaseOpenError
from model.schema import upgrade
from model.seed import DATA_DIR, seed_database


@dataclass
class Store:
    """An open database: its engine, its session factory and where it lives."""

    engine: Engine
    sessions: sessionmaker[Session]
    url: str
    created: bool

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()


def open_store(target: str | Path, data_dir: Path = DATA_DIR) -> Store:
    """Open the database at a path or URL; create and seed it when it is new."""
    url = database_url(target)
    engine = make_engine(url)
    try:
        created = upgrade(engine)
        sessions = make_sessions(engine)
        if created:
            with sessions.begin() as session:
                seed_database(session, data_dir)
    except (DatabaseError, OperationalError) as error:
        engine.dispose()
        raise DatabaseOpenError(describe_database_error(error, url)) from error
    except DatabaseOpenError:
        engine.dispose()
        raise
    return Store(engine=engine, sessions=sessions, url=url, created=created)
