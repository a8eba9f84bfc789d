"""Where a sheet is saved: an .xlsx in an existing folder, written beside it and moved in.

Kept out of sheet_style (which imports the spreadsheet libraries, half a second) so
the window can prepare a target without importing them (the export's child writes).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from model.errors import UserError


def check_target(path: Path) -> Path:
    """Refuse a target that is not an .xlsx in an existing folder."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"文件名应以 .xlsx 结尾：{path.name}", field="path")
    if not path.parent.is_dir():
        raise UserError(f"文件夹不存在：{path.parent}", field="path")
    return path


@contextmanager
def atomic_target(path: Path) -> Iterator[str]:
    """A temporary file beside ``path``, moved into place only when the block succeeds.

    A failure or a cancel leaves neither half a file nor the temporary one behind.
    """
    path = check_target(path)
    handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=path.parent)
    os.close(handle)
    try:
        yield temporary
        os.replace(temporary, path)
    except PermissionError:
        raise UserError(
            f"无法写入 {path.name}：文件可能正在 Excel/WPS 中打开，请关闭后重试。", field="path"
        ) from None
    except OSError as error:
        raise UserError(f"无法写入 {path.name}：{error.strerror or error}", field="path") from None
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
