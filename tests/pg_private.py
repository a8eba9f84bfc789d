"""A private PostgreSQL cluster of one test's own, on a free port, for tests that stop it.

The shared test server (tests/pg_server.sh on 54329) serves every other test and must
never be stopped under them; a test about a server going away starts its own cluster
with the same script on another port and data folder, and removes it afterwards.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent / "pg_server.sh"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrivateServer:
    """``start()``, ``stop()`` and ``destroy()`` of one cluster; ``url`` once started."""

    def __init__(self) -> None:
        # Under /tmp itself: as root the cluster runs as `postgres`, who cannot enter
        # pytest's private temporary folders.
        folder = Path(tempfile.gettempdir()) / f"zt-pg-private-{uuid.uuid4().hex[:8]}"
        self.env = {**os.environ, "ZT_PG_PORT": str(_free_port()), "ZT_PG_DATA": str(folder)}
        self.url = ""

    def _run(self, action: str) -> str:
        done = subprocess.run(
            ["bash", str(SCRIPT), action],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"pg_server.sh {action}: {done.stderr.strip()[-500:]}")
        return done.stdout

    def start(self) -> str:
        """Start (creating on first call) the cluster; its URL."""
        for line in self._run("start").splitlines():
            if line.startswith("export ZT_TEST_POSTGRES_URL="):
                self.url = line.split("=", 1)[1]
        return self.url

    def stop(self) -> None:
        """Stop the server (fast: open connections are cut, as a crash or reboot would)."""
        self._run("stop")

    def destroy(self) -> None:
        """Stop it and remove its folder."""
        self._run("destroy")


def private_server_or_skip() -> PrivateServer:
    """A started private cluster; skipped without PostgreSQL's programs (failed under CI)."""
    have = shutil.which("initdb") or any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not have:
        if os.environ.get("CI"):
            pytest.fail("CI 中必须有 PostgreSQL 服务器程序")
        pytest.skip("未安装 PostgreSQL 服务器程序（apt-get install postgresql）")
    server = PrivateServer()
    server.start()
    return server
