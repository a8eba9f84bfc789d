"""A disk that refuses a write: the user gets a Chinese message and nothing half-written."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, func, select

from model.cases.draft import CaseDraft
from model.cases.intake import IntakeRequest, TriageRequest, save_intake
from model.entities import Case, Party, Person
from model.storage.engine import StorageError
from model.storage.store import Store


def fill_the_disk(store: Store) -> None:
    """Cap the file at its current size, as a full disk would (SQLITE_FULL)."""
    with store.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    store.engine.dispose()

    def cap(dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    event.listen(store.engine, "connect", cap)


def draft(number: str) -> CaseDraft:
    return CaseDraft(
        number=number,
        filing_date=dt.date(2026, 3, 2),
        applicants=["张三" * 2000],  # large enough to need new pages
        respondents=[("李四", "自然人")],
        amount="5000",
    )


@pytest.mark.sqlite_only
def test_a_full_disk_refuses_the_save_with_a_message_and_writes_nothing(store: Store) -> None:
    with store.sessions() as session:
        actor = session.scalar(select(Person.id).where(Person.name == "高博"))
    fill_the_disk(store)
    with pytest.raises(StorageError, match="磁盘空间已满"):
        for sequence in range(1, 200):  # enough rows to outgrow the free pages
            save_intake(
                store.sessions,
                IntakeRequest(draft(f"（2026）吉0605执{sequence}号"), TriageRequest(("S2",))),
                actor,
                dt.date(2026, 3, 2),
            )
    with store.sessions() as session:
        cases = session.scalar(select(func.count()).select_from(Case))
        parties = session.scalar(select(func.count()).select_from(Party))
    assert parties == 2 * cases  # the refused case left no orphan rows
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
