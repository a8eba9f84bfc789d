"""Errors a user is shown: each carries a Chinese message that says what to do."""

from __future__ import annotations


class UserError(Exception):
    """A refused action; ``str(error)`` is the Chinese message for the user."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field  # the form field at fault, where there is one


class Cancelled(UserError):
    """The user stopped a long export or import; nothing was written."""


class DatabaseOpenError(UserError):
    """The database file cannot be opened or used."""
