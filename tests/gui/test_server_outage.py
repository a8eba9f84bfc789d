"""A PostgreSQL server that goes away under an open window, and comes back (issue 18).

Its own private cluster (tests/pg_private.py), stopped and started again for real:
the status bar says the server is unreachable and since when, a save is refused in
Chinese with the form kept, and once the server is back the same window saves
without a restart.
"""

from __future__ import annotations

import gc
import warnings
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from gui.main_window import MainWindow
from model.entities import Case
from model.storage.store import Store, open_store
from tests.gui.tabs.test_intake_tab import fill, tick
from tests.pg_private import PrivateServer, private_server_or_skip


@pytest.fixture
def server() -> Iterator[PrivateServer]:
    started = private_server_or_skip()
    try:
        yield started
    finally:
        started.destroy()


@pytest.fixture
def server_store(server: PrivateServer) -> Iterator[Store]:
    opened = open_store(server.url)
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def finalise_cut_connections() -> Iterator[None]:
    """Set up first, so torn down last (after qtbot has closed the window): the connections
    the outage cut were dropped, not closed (the server was gone); they are finalised here,
    so their ResourceWarning does not land in whichever test runs next."""
    yield
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def _cases(store: Store) -> int:
    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(Case)) or 0


def test_a_server_that_stops_and_returns_under_an_open_window(
    qtbot, server: PrivateServer, server_store: Store, qsettings
) -> None:
    window = MainWindow(server_store, qsettings)
    qtbot.addWidget(window)
    window.show()
    window.change_watcher.timer.setInterval(100)
    tab = window.intake_tab
    fill(qtbot, tab, number="（2026）吉0605执901号")
    tick(qtbot, tab, "S2")

    server.stop()
    qtbot.waitUntil(window.outage_label.isVisible, timeout=20_000)
    shown = window.outage_label.text()
    since = window.change_watcher.down_since
    assert since is not None
    assert shown.startswith(f"无法连接数据库服务器（自 {since:%Y-%m-%d %H:%M:%S} 起）")
    assert "保存不会成功" in shown

    tab.save_button.click()
    refused = tab.status_label.text()
    assert "无法连接数据库服务器" in refused and "没有保存" in refused
    assert "Error" not in refused and "server" not in refused
    assert tab.form.number_edit.text() == "（2026）吉0605执901号"  # kept to save again

    server.start()
    qtbot.waitUntil(lambda: not window.outage_label.isVisible(), timeout=20_000)
    assert "已重新连接数据库服务器" in window.statusBar().currentMessage()
    tab.save_button.click()
    qtbot.waitUntil(lambda: _cases(server_store) == 1, timeout=10_000)
    assert "未保存" not in tab.status_label.text()
