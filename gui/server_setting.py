"""Which PostgreSQL server the program opens at start: the address kept in QSettings.

Apart from the dialog that edits it (gui/dialogs/server_dialog.py): every start reads
the setting, and only a start that finds a server needs the dialog's modules (issue 20).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from model.storage.server_address import ServerAddress, parse_stored

SETTING = "database/server"


def stored_server(settings: QSettings) -> ServerAddress | None:
    """The server the program opens at start, or None for the local file."""
    return parse_stored(str(settings.value(SETTING, "") or ""))
