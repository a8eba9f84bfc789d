"""Several clerks on one database: optimistic locking and duplicate case numbers.

``Case.version`` is SQLAlchemy's version counter: every UPDATE of a case checks the
version it read and writes the next one, so a change made on a case that another
clerk changed meanwhile matches no row and is refused (``StaleDataError``). The window
also passes the version it displayed (``expected_version``), so a case that changed
while its dialog was open is refused before anything is written. Either way the user
gets a ``ConcurrentChangeError`` saying who changed the case, when, and how.

Every line added to a case's history is a change of the case, even when no column of
its row moved (a period lying inside one already recorded moves no date): the flush
then bumps the version itself, so a clerk who has not seen that line is refused too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import event, inspect, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, SessionTransaction, object_session
from sqlalchemy.orm.exc import StaleDataError

from model.entities import Case, HistoryEntry, Person
from model.errors import UserError
from model.storage.faults import user_error_for

# The case and version a window displayed while one of its dialogs saves (see expecting).
_shown: ContextVar[tuple[int, int] | None] = ContextVar("shown_case_version", default=None)


@contextmanager
def expecting(case_id: int, version: int) -> Iterator[None]:
    """Within the block, a service changing ``case_id`` checks it is still at ``version``.

    The case detail window wraps its event dialogs in this, so each of them refuses a
    case another clerk changed while the window was open, without passing it along.
    """
    token = _shown.set((case_id, version))
    try:
        yield
    finally:
        _shown.reset(token)


class ConcurrentChangeError(UserError):
    """The case was changed by someone else since it was read; nothing was saved."""


class DuplicateNumberError(UserError):
    """Another clerk registered the same case number at the same moment."""


def describe_newer_state(session: Session, case_id: int) -> str:
    """Who changed the case last, when, and what: the Chinese message for a conflict."""
    row = session.execute(
        select(Case.number, HistoryEntry.at, HistoryEntry.summary, Person.name)
        .join(HistoryEntry, HistoryEntry.case_id == Case.id, isouter=True)
        .join(Person, Person.id == HistoryEntry.actor_id, isouter=True)
        .where(Case.id == case_id)
        .order_by(HistoryEntry.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return "该案件已被他人删除，本次操作没有保存。请刷新后重试。"
    number, at, summary, name = row
    if at is None:
        return (
            f"该案件（{number}）已被其他用户修改。您看到的是修改前的内容，本次操作没有保存。"
            "请刷新后重试。"
        )
    return (
        f"该案件（{number}）已被 {name or '其他用户'} 于 {at:%Y-%m-%d %H:%M} 修改：{summary}。"
        "您看到的是修改前的内容，本次操作没有保存。请刷新后重试。"
    )


def load_case_for_update(
    session: Session, case_id: int, expected_version: int | None = None
) -> Case | None:
    """The case, refused with the newer state when it is no longer the version the user saw.

    None when there is no such case (the caller says so in its own words).
    """
    shown = _shown.get()
    if expected_version is None and shown is not None and shown[0] == case_id:
        expected_version = shown[1]
    case = session.get(Case, case_id)
    if case is not None and expected_version is not None and case.version != expected_version:
        raise ConcurrentChangeError(describe_newer_state(session, case_id))
    return case


def _stale_cases(session: Session, versions: dict[int, int]) -> list[int]:
    """Ids of the cases whose version on disk is no longer the one we read."""
    if not versions:
        return []
    with Session(session.get_bind()) as fresh:
        rows = fresh.execute(select(Case.id, Case.version).where(Case.id.in_(versions)))
        on_disk = {case_id: version for case_id, version in rows}
    return [case_id for case_id, version in versions.items() if on_disk.get(case_id) != version]


_CREATED = "cases_created_in_this_transaction"
# Cases whose version already moved in this transaction: one user action, one step.
_MOVED = "cases_whose_version_moved_in_this_transaction"


class AppSession(Session):
    """The program's session: write conflicts become Chinese ``UserError``s.

    Leaving a ``with sessions() as s`` (or ``sessions.begin()``) block on any other
    database error turns it into a ``UserError`` too (``faults.user_error_for``: logged,
    told in Chinese), so no raw driver error reaches a clerk from any service.
    """

    def __exit__(self, kind: object, value: object, trace: object) -> None:
        super().__exit__(kind, value, trace)
        if isinstance(value, SQLAlchemyError):
            raise user_error_for(value, "数据库操作") from value

    def flush(self, objects: object = None) -> None:
        """Flush; a lost-update or a duplicate case number is refused in Chinese."""
        self._bump_versions_of_cases_with_new_history()
        versions = {
            obj.id: obj.version
            for obj in (*self.dirty, *self.deleted)
            if isinstance(obj, Case) and obj.id is not None
        }
        updated = [obj.id for obj in self.dirty if isinstance(obj, Case) and self.is_modified(obj)]
        created = [obj for obj in self.new if isinstance(obj, Case)]
        numbers = [obj.number for obj in created]
        try:
            super().flush(objects)  # type: ignore[arg-type]  # Session.flush's own annotation is narrower than what it accepts
            self.info.setdefault(_CREATED, set()).update(case.id for case in created)
            self.info.setdefault(_MOVED, set()).update(updated)
        except StaleDataError as error:
            stale = _stale_cases(self, versions)
            engine = self.get_bind()
            with Session(engine) as fresh:
                message = (
                    describe_newer_state(fresh, stale[0])
                    if stale
                    else "数据已被其他用户修改，本次操作没有保存。请刷新后重试。"
                )
            raise ConcurrentChangeError(message) from error
        except IntegrityError as error:
            duplicate = _duplicate_number(error, numbers)
            if duplicate is not None:
                raise duplicate from error
            raise

    def _bump_versions_of_cases_with_new_history(self) -> None:
        """A case that gets a new history line is a changed case: its version moves.

        The version is set by hand (one step, whatever else changed): SQLAlchemy then
        writes it with the usual ``WHERE version = <the one read>`` check.
        """
        created = self.info.get(_CREATED, set())  # nobody else has seen these yet
        moved = self.info.get(_MOVED, set())  # an earlier flush of this action moved it
        pending = self.new  # a set made afresh at each reading: read once
        case_ids = {
            obj.case_id
            for obj in pending
            if isinstance(obj, HistoryEntry)
            and obj.case_id is not None
            and obj.case_id not in created
            and obj.case_id not in moved
        }
        if not case_ids:
            return
        with self.no_autoflush:
            for case_id in case_ids:
                case = self.get(Case, case_id)
                if case is None or object_session(case) is not self or case in pending:
                    continue
                state = inspect(case)
                if not state.persistent or state.attrs.version.history.added:
                    continue  # already bumped in this flush
                case.version = case.version + 1


def _duplicate_number(error: IntegrityError, numbers: list[str]) -> UserError | None:
    """The Chinese message for a case number another clerk saved at the same moment."""
    detail = str(error.orig).lower()
    if "cases.number" not in detail and "cases_number_key" not in detail:
        return None
    which = f"案号 {numbers[0]}" if len(numbers) == 1 else "该案号"
    return DuplicateNumberError(
        f"{which} 刚刚已由其他用户收案，不能重复登记。请刷新后核对该案件。", field="number"
    )


@event.listens_for(AppSession, "after_transaction_end")
def _forget_created(session: Session, transaction: SessionTransaction) -> None:
    """A case created in a transaction is an ordinary, seen case once it ends; the next
    transaction's first change moves a version again."""
    if transaction.parent is None:
        session.info.pop(_CREATED, None)
        session.info.pop(_MOVED, None)
