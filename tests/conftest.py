"""Fixtures shared by every test: offscreen Qt, a fresh seeded database, private settings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy.orm import Session, sessionmaker

from model.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A new database file, created and seeded exactly as on first run."""
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
