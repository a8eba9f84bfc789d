"""An unexpected database error reaches nobody raw: a Chinese message, details in the log."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from model.errors import UserError
from model.storage.faults import (
    DatabaseFault,
    ServerUnreachableError,
    is_connection_lost,
    user_error_for,
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "logs" / "zhixing-tuandui.log"
    monkeypatch.setenv("ZT_LOG_FILE", str(path))
    return path


def test_a_raw_constraint_error_in_a_service_becomes_chinese_and_is_logged(
    sessions, log: Path
) -> None:
    with pytest.raises(DatabaseFault) as refused:
        with sessions.begin() as s:
            # What a database whose id sequence lags behind does to a save (issue 21).
            s.execute(text("INSERT INTO teams (id, code, name) SELECT id, code, name FROM teams"))
    message = refused.value.message
    assert "意外错误（IntegrityError）" in message and "本次操作没有保存" in message
    assert "请重试" in message and str(log) in message
    assert "duplicate" not in message.lower() and "UNIQUE" not in message
    assert isinstance(refused.value.__cause__, IntegrityError)
    written = log.read_text(encoding="utf-8")
    assert "IntegrityError" in written and "Traceback" in written


def test_a_known_refusal_passes_unchanged(log: Path) -> None:
    refusal = UserError("请填写案号。", field="number")
    assert user_error_for(refusal) is refusal
    assert not log.exists()


def test_a_lost_server_is_told_as_unreachable(log: Path) -> None:
    gone = OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))
    assert is_connection_lost(gone)
    error = user_error_for(gone, "保存")
    assert isinstance(error, ServerUnreachableError)
    assert "无法连接数据库服务器" in error.message and "已填写的内容仍保留" in error.message
    assert "保存" in log.read_text(encoding="utf-8")


def test_the_command_line_prints_chinese_not_a_traceback(tmp_path: Path, log: Path) -> None:
    from model.storage.store import open_store

    db = tmp_path / "cases.sqlite"
    open_store(db).close()
    script = (
        "import sys; from sqlalchemy.exc import IntegrityError\n"
        "import model.storage.maintenance as m\n"
        "def broken(arguments):\n"
        "    raise IntegrityError('INSERT', {}, Exception('UNIQUE constraint failed: cases.id'))\n"
        "m.check_command = broken\n"
        "from model.commands import run_command\n"
        f"sys.exit(run_command(['check', '--db', {str(db)!r}]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1
    assert done.stderr.startswith("错误：数据库操作出现意外错误（IntegrityError）")
    assert "Traceback" not in done.stderr and "UNIQUE" not in done.stderr
    assert "UNIQUE constraint failed" in log.read_text(encoding="utf-8")
