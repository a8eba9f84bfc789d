"""Controls a user may not use are disabled (not hidden), with a tooltip that says why."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session, sessionmaker

from model.access.permissions import Action, denial_reason
from model.errors import UserError

_OWN_TIP = "permissionOwnTip"


def gate(
    widgets: Iterable[QWidget | QAction],
    sessions: sessionmaker[Session],
    actor_id: int | None,
    action: Action,
    enabled: bool = True,
    case_id: int | None = None,
) -> bool:
    """Enable the widgets when the actor may do the action (and ``enabled``); True if may.

    A refused widget is disabled and its tooltip gives the reason; an allowed one gets
    its own tooltip back. The model layer refuses the action too, whatever the window does.
    While the database cannot be read (a server outage), the widgets are disabled and
    their tooltip says why; the next refresh after it is back enables them again.
    """
    try:
        reason = denial_reason(sessions, actor_id, action, case_id)
    except UserError as error:
        reason = error.message
    for widget in widgets:
        own = widget.property(_OWN_TIP)
        if own is None:
            own = widget.toolTip()
            widget.setProperty(_OWN_TIP, own)
        widget.setEnabled(enabled and not reason)
        widget.setToolTip(reason or own)
    return not reason
