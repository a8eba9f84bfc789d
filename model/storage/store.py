"""Opening a database: checks, lock, migrations, first-run seeding, session factory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, event, make_url
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from model.errors import DatabaseOpenError
from model.storage.auto_backup import WriteCounter
from model.storage.backup import make_backup
from model.storage.changes import ChangeTracker
from model.storage.engine import database_url, error_for, make_engine, make_sessions, sqlite_path
from model.storage.faults import DatabaseFault
from model.storage.identity import identify
from model.storage.lock import DatabaseLock, TakeOver, acquire_lock
from model.storage.network import is_network_path
from model.storage.schema import upgrade
from model.storage.seed import DATA_DIR, seed_database


@dataclass
class Store:
    """An open database: its engine, its session factory and where it lives."""

    engine: Engine
    sessions: sessionmaker[Session]
    url: str
    created: bool
    read_only: bool = False
    network: bool = False  # on a network share: rollback journal, and the window warns
    lock: DatabaseLock | None = None
    writes: WriteCounter = field(default_factory=WriteCounter)
    changes: ChangeTracker | None = None  # others' commits, for the window to reload

    @property
    def label(self) -> str:
        """Where the data lives, for the window: the file, or the server without password."""
        if self.path is not None:
            return str(self.path)
        return make_url(self.url).render_as_string(hide_password=True)

    @property
    def path(self) -> Path | None:
        """The database file, or None for a server database."""
        return sqlite_path(self.url)

    def close(self) -> None:
        """Release every connection and the lock file."""
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def open_store(
    target: str | Path,
    data_dir: Path = DATA_DIR,
    *,
    read_only: bool = False,
    take_over_lock: bool | TakeOver = False,
    use_lock: bool = True,
    backup_before_upgrade: bool = True,
    check: bool = True,
) -> Store:
    """Open the database at a path or URL; create and seed it when it is new.

    A damaged, foreign or newer file raises a DatabaseOpenError subclass; a file another
    copy of the program holds raises ``DatabaseLockedError`` unless ``read_only``.
    ``take_over_lock`` replaces a stale lock left by a crashed copy (``True``: one
    proven gone or unreadable; a ``TakeOver`` says exactly which). ``check=False``
    skips SQLite's integrity check of an existing file (the caller checks it later:
    model/storage/integrity.py).
    """
    url = database_url(target)
    path = sqlite_path(url)
    network = path is not None and is_network_path(path)
    if path is not None and path.is_file() and path.stat().st_size > 0:
        # Known to be ours before the engine's first connection sets journal_mode=WAL.
        identify(path, check=check)
        check = False
    engine = make_engine(
        url, read_only=read_only, journal_mode="DELETE" if network else "WAL", check=check
    )
    lock: DatabaseLock | None = None
    try:
        if path is not None and use_lock and not read_only:
            lock = acquire_lock(path, take_over=take_over_lock)
        created = upgrade(
            engine,
            read_only=read_only,
            before_migrate=_backup_before(path) if backup_before_upgrade else None,
        )
        sessions = make_sessions(engine)
        if created:
            with sessions.begin() as session:
                seed_database(session, data_dir)
    except (DatabaseError, OperationalError) as error:
        engine.dispose()
        if lock is not None:
            lock.release()
        raise error_for(error, url) from error
    except DatabaseFault as fault:  # a database error leaving a session (the seeding)
        engine.dispose()
        if lock is not None:
            lock.release()
        cause = fault.__cause__ if isinstance(fault.__cause__, Exception) else fault
        raise error_for(cause, url) from fault
    except DatabaseOpenError:
        engine.dispose()
        if lock is not None:
            lock.release()
        raise
    store = Store(
        engine=engine,
        sessions=sessions,
        url=url,
        created=created,
        read_only=read_only,
        network=network,
        lock=lock,
    )
    event.listen(engine, "after_cursor_execute", store.writes.seen)
    store.changes = ChangeTracker(engine)
    return store


def _backup_before(path: Path | None) -> Callable[[int, int], None] | None:
    if path is None:
        return None

    def backup(_old: int, _new: int) -> None:
        # A migration changes the file in place: keep the old version first.
        make_backup(path, kind="upgrade")

    return backup
