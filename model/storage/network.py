"""Is the database on a network share? SQLite's WAL needs shared memory a share cannot give."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Filesystem types of network shares as /proc/mounts names them.
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "9p",
        "fuse.sshfs",
        "sshfs",
        "fuse.gvfsd-fuse",
        "fuse.rclone",
        "davfs",
        "fuse.davfs2",
        "glusterfs",
        "fuse.glusterfs",
        "ceph",
        "fuse.ceph",
        "lustre",
    }
)
DRIVE_REMOTE = 4  # GetDriveTypeW's answer for a mapped network drive


def _unescape_mount_point(text: str) -> str:
    # /proc/mounts writes space, tab, newline and backslash as octal escapes (\040 …).
    out: list[str] = []
    index = 0
    while index < len(text):
        chunk = text[index : index + 4]
        if len(chunk) == 4 and chunk[0] == "\\" and chunk[1:].isdigit():
            out.append(chr(int(chunk[1:], 8)))
            index += 4
        else:
            out.append(text[index])
            index += 1
    return "".join(out)


def filesystem_type(path: Path, mounts_text: str) -> str | None:
    """The filesystem type of the mount that holds ``path``, per /proc/mounts content."""
    best: tuple[int, str] | None = None
    target = str(path)
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = _unescape_mount_point(fields[1])
        prefix = mount_point.rstrip("/") + "/"
        if target == mount_point or target.startswith(prefix) or mount_point == "/":
            if best is None or len(mount_point) >= best[0]:
                best = (len(mount_point), fields[2])
    return None if best is None else best[1]


def _linux_is_network(path: Path, mounts_text: str | None) -> bool:
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    kind = filesystem_type(path, mounts_text)
    return kind is not None and kind.lower() in NETWORK_FILESYSTEMS


def _windows_drive_type(root: str) -> int:  # pragma: no cover - Windows only
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]  # Windows only


def is_network_path(
    path: str | Path,
    *,
    platform: str | None = None,
    mounts_text: str | None = None,
    drive_type: object = None,
) -> bool:
    """True when the file lies on a network share (as far as the platform can tell).

    ``platform``, ``mounts_text`` and ``drive_type`` (a function of a drive root such as
    "Z:\\\\") let tests ask the question for another machine.
    """
    platform = platform or sys.platform
    text = str(path)
    if platform == "win32":
        if text.startswith(("\\\\", "//")):
            return True  # a UNC path: \\server\share\...
        drive = os.path.splitdrive(text)[0] if sys.platform == "win32" else text[:2]
        if len(drive) == 2 and drive[1] == ":":
            probe = drive_type or _windows_drive_type
            try:
                return int(probe(drive + "\\")) == DRIVE_REMOTE  # type: ignore[operator]  # windll exists on Windows only; elsewhere AttributeError, caught
            except (OSError, AttributeError):
                return False
        return False
    if platform.startswith("linux"):
        resolved = Path(text) if mounts_text is not None else Path(text).resolve()
        return _linux_is_network(resolved, mounts_text)
    return False
