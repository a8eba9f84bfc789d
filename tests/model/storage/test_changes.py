"""The change counter: another store's commits are seen, our own and read-only ones are not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from model.entities import Case
from model.storage.store import Store, open_store
from tests.factories import make_case


@pytest.fixture
def other(store: Store) -> Iterator[Store]:
    """A second program on the same database (another PC, or another window)."""
    second = open_store(store.url, use_lock=False)
    yield second
    second.close()


def test_a_commit_of_another_store_is_seen_once(store: Store, other: Store) -> None:
    assert store.changes is not None and other.changes is not None
    assert not other.changes.others_changed()
    with store.sessions.begin() as s:
        make_case(s)
    assert other.changes.others_changed()
    assert not other.changes.others_changed()  # seen once, not again
    assert not store.changes.others_changed()  # our own commit is not news to us


def test_reading_and_rolling_back_change_nothing(store: Store, other: Store) -> None:
    assert other.changes is not None
    with store.sessions() as s:
        s.scalars(select(Case)).all()
    with pytest.raises(RuntimeError), store.sessions.begin() as s:
        make_case(s)
        raise RuntimeError("abandoned")
    assert not other.changes.others_changed()


def test_both_sides_see_each_other(store: Store, other: Store) -> None:
    assert store.changes is not None and other.changes is not None
    with other.sessions.begin() as s:
        make_case(s)
    with store.sessions.begin() as s:
        make_case(s)
    assert store.changes.others_changed()
    assert other.changes.others_changed()
