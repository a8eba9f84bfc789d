"""Two real programs writing to one PostgreSQL database at once: nothing lost, nothing doubled.

Each process registers 200 cases (100 of the numbers are the other's too) and then
closes 100 cases that the other also tries to close, each time with the version it
read first, as the window does. Every refusal must be one of the Chinese messages.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from model.entities import Case, Closing
from model.storage.store import open_store

pytestmark = [pytest.mark.postgresql, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[3]

WORKER = r"""
import datetime as dt, json, sys, time
from pathlib import Path
from sqlalchemy import select
from model.storage.concurrency import ConcurrentChangeError, DuplicateNumberError
from model.entities import Case
from model.errors import UserError
from model.cases.events.closing import close_case
from model.storage.store import open_store
from tests.factories import make_case

url, first, go = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
store = open_store(url)
while not go.exists():
    time.sleep(0.01)
result = {"registered": [], "duplicate": 0, "closed": [], "conflict": 0, "already": 0}
for n in range(first, first + 200):
    number = f"（2026）吉0605执{n}号"
    try:
        with store.sessions.begin() as s:
            make_case(s, number=number)
        result["registered"].append(number)
    except DuplicateNumberError as error:
        assert "刚刚已由其他用户收案" in error.message
        result["duplicate"] += 1
for n in range(101, 201):  # the numbers both processes registered or tried
    number = f"（2026）吉0605执{n}号"
    with store.sessions() as s:
        case_id, version = s.execute(
            select(Case.id, Case.version).where(Case.number == number)
        ).one()
    try:
        close_case(store.sessions, case_id, dt.date(2026, 3, 20), "执行完毕", None,
                   today=dt.date(2026, 4, 1), expected_version=version)
        result["closed"].append(number)
    except ConcurrentChangeError as error:
        assert "请刷新后重试" in error.message
        result["conflict"] += 1
    except UserError as error:
        assert "已结案" in error.message, error.message
        result["already"] += 1
store.close()
print(json.dumps(result))
"""


def test_two_processes_register_and_close_at_once(postgres, tmp_path: Path) -> None:
    url = postgres.new_schema_url()
    open_store(url).close()  # created and seeded once, as the first PC would
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, url, str(first), str(go)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for first in (1, 101)
    ]
    go.touch()  # both start together
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
        results.append(json.loads(out))
    a, b = results
    # Numbers 101–200 were tried by both: each registered exactly once.
    assert len(a["registered"]) + len(b["registered"]) == 300
    assert a["duplicate"] + b["duplicate"] == 100
    assert not set(a["registered"]) & set(b["registered"])
    # Each shared case closed exactly once; every other attempt refused in Chinese.
    assert len(a["closed"]) + len(b["closed"]) == 100
    assert not set(a["closed"]) & set(b["closed"])
    assert a["conflict"] + a["already"] + b["conflict"] + b["already"] == 100
    store = open_store(url)
    try:
        with store.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Case)) == 300
            assert s.scalar(select(func.count(func.distinct(Case.number)))) == 300
            assert s.scalar(select(func.count()).select_from(Closing)) == 100
            assert s.scalar(select(func.count(func.distinct(Closing.case_id)))) == 100
    finally:
        store.close()
