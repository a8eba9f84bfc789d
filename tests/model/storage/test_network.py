"""Network shares: detection from /proc/mounts and drive types, and the journal it chooses."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from model.storage.network import DRIVE_REMOTE, filesystem_type, is_network_path
from model.storage.store import open_store

MOUNTS = """\
sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
/dev/sda2 / ext4 rw,relatime 0 0
/dev/sda3 /home ext4 rw,relatime 0 0
//fileserver/执行局 /mnt/share cifs rw,relatime,vers=3.1.1 0 0
server:/export /mnt/nfs nfs4 rw,relatime 0 0
user@host:/data /home/clerk/remote fuse.sshfs rw,nosuid 0 0
//nas/office\\040docs /mnt/office\\040docs smb3 rw 0 0
tmpfs /mnt/share/tmp tmpfs rw 0 0
"""


def network(path: str) -> bool:
    return is_network_path(path, platform="linux", mounts_text=MOUNTS)


def test_linux_network_filesystems_are_recognised() -> None:
    assert network("/mnt/share/案件/cases.sqlite")
    assert network("/mnt/nfs/cases.sqlite")
    assert network("/home/clerk/remote/cases.sqlite")
    assert network("/mnt/office docs/cases.sqlite")  # \\040 is a space


def test_local_disks_are_not_network() -> None:
    assert not network("/home/clerk/cases.sqlite")
    assert not network("/var/cases.sqlite")
    assert not network("/mnt/sharewall/cases.sqlite")  # a sibling, not inside /mnt/share
    assert not network("/mnt/share/tmp/cases.sqlite")  # the deepest mount decides


def test_the_deepest_mount_decides() -> None:
    assert filesystem_type(Path("/mnt/share/tmp/x"), MOUNTS) == "tmpfs"
    assert filesystem_type(Path("/mnt/share/x"), MOUNTS) == "cifs"
    assert filesystem_type(Path("/srv/x"), MOUNTS) == "ext4"


def test_windows_unc_paths_and_mapped_drives() -> None:
    def drive_type(root: str) -> int:
        return DRIVE_REMOTE if root == "Z:\\" else 3  # 3: a fixed disk

    def windows(path: str) -> bool:
        return is_network_path(path, platform="win32", drive_type=drive_type)

    assert windows(r"\\fileserver\执行局\cases.sqlite")
    assert windows("//fileserver/share/cases.sqlite")
    assert windows(r"Z:\案件\cases.sqlite")
    assert not windows(r"C:\Users\clerk\cases.sqlite")


def test_other_platforms_say_no() -> None:
    assert not is_network_path("/Volumes/share/cases.sqlite", platform="darwin")


def test_a_database_on_a_share_uses_the_rollback_journal(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("model.storage.store.is_network_path", lambda path: True)
    store = open_store(tmp_path / "cases.sqlite")
    try:
        assert store.network
        with store.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "delete"
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 2
    finally:
        store.close()


@pytest.mark.sqlite_only
def test_a_local_database_keeps_wal(store) -> None:
    assert not store.network
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
