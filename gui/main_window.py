"""The main window: the tabs, the logged-in user and the signals between them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QWidget

from gui.change_watcher import ChangeWatcher
from gui.dialogs.about_dialog import AboutDialog
from gui.dialogs.login_dialog import LoginDialog
from gui.lazy_page import LazyPage
from gui.permission_gate import gate
from gui.responsiveness import keep_answering
from gui.session_guard import SessionGuard
from model.access.permissions import Action
from model.access.users import LoggedIn, LoginSession, default_user, idle_minutes
from model.storage.store import Store
from model.triage.settings import COURT_NAME, get_setting

if TYPE_CHECKING:
    from gui.tabs.deadlines_tab import DeadlinesTab
    from gui.tabs.intake_tab import IntakeTab
    from gui.tabs.reports_tab import ReportsTab
    from gui.tabs.roster_tab import RosterTab
    from gui.tabs.statistics_tab import StatisticsTab

TITLE = "执行团队办案管理"


class MainWindow(QMainWindow):
    """The tabs of the program; each tab says when it changed data, the others refresh."""

    def __init__(
        self,
        store: Store,
        settings: QSettings,
        user: LoggedIn | None = None,
        parent: QWidget | None = None,
        *,
        now: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        """``user`` is who logged in (app.py always passes one); tests may leave it to the chief."""
        super().__init__(parent)
        keep_answering()
        self.store = store
        self._settings = settings
        self._now = now
        self.user = user or default_user(store.sessions)
        self.setWindowTitle(TITLE)
        self.resize(1280, 800)

        # Each tab is built when first shown (or first used): launch pays only for the
        # tab the user sees, and a hidden tab reloads when shown, not on every change.
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self._pages: list[LazyPage] = []
        for build, title in (
            (self._build_intake, "收案"),
            (self._build_deadlines, "期限"),
            (self._build_reports, "报表"),
            (self._build_statistics, "统计"),
            (self._build_roster, "人员名册"),
        ):
            page = LazyPage(build)
            self._pages.append(page)
            self.tabs.addTab(page, title)
        self.setCentralWidget(self.tabs)

        self._build_menus()
        self.user_label = QLabel()
        self.user_label.setObjectName("userLabel")
        self.statusBar().addPermanentWidget(self.user_label)
        self.database_label = QLabel(store.label)
        self.statusBar().addPermanentWidget(self.database_label)
        self.guard = SessionGuard(self._login_session(), now, self)
        self.guard.expired.connect(lambda: self.lock())
        self._show_user()
        self._restore()
        if store.changes is not None:  # another PC saved: reload within 5 s
            self.change_watcher = ChangeWatcher(store.changes.others_changed, parent=self)
            self.change_watcher.changed.connect(self.refresh_all)

    # --- the tabs, built on demand ----------------------------------------------------

    def _build_intake(self) -> QWidget:
        from gui.tabs.intake_tab import IntakeTab

        tab = IntakeTab(self.store.sessions, self.operator)
        tab.data_changed.connect(self._data_changed)
        tab.open_in_deadlines.connect(self._show_case)
        return tab

    def _build_deadlines(self) -> QWidget:
        from gui.tabs.deadlines_tab import DeadlinesTab

        tab = DeadlinesTab(self.store.sessions, self.operator)
        tab.data_changed.connect(self._data_changed)
        tab.retriage_requested.connect(self._retriage)
        return tab

    def _build_reports(self) -> QWidget:
        from gui.tabs.reports_tab import ReportsTab

        tab = ReportsTab(self.store.sessions, self.operator)
        tab.data_changed.connect(self._data_changed)
        tab.open_in_deadlines.connect(self._show_case)
        return tab

    def _build_statistics(self) -> QWidget:
        # QtCharts comes with this import: only when the tab is first shown.
        from gui.tabs.statistics_tab import StatisticsTab

        tab = StatisticsTab(self.store.sessions, self.operator)
        tab.data_changed.connect(self._data_changed)
        return tab

    def _build_roster(self) -> QWidget:
        from gui.tabs.roster_tab import RosterTab

        tab = RosterTab(self.store.sessions, self.operator)
        tab.data_changed.connect(self._data_changed)
        return tab

    @property
    def intake_tab(self) -> IntakeTab:
        """收案 (built on first use)."""
        return cast("IntakeTab", self._pages[0].content())

    @property
    def deadlines_tab(self) -> DeadlinesTab:
        """期限 (built on first use)."""
        return cast("DeadlinesTab", self._pages[1].content())

    @property
    def reports_tab(self) -> ReportsTab:
        """报表 (built on first use)."""
        return cast("ReportsTab", self._pages[2].content())

    @property
    def statistics_tab(self) -> StatisticsTab:
        """统计 (built on first use)."""
        return cast("StatisticsTab", self._pages[3].content())

    @property
    def roster_tab(self) -> RosterTab:
        """人员名册 (built on first use)."""
        return cast("RosterTab", self._pages[4].content())

    # --- who is working -------------------------------------------------------------

    def operator(self) -> int:
        """The logged-in person's id: every service records it as the actor."""
        return self.user.person_id

    def _login_session(self) -> LoginSession:
        limit = dt.timedelta(minutes=idle_minutes(self.store.sessions))
        return LoginSession(self.user.person_id, self.user.name, limit, self._now())

    def _show_user(self) -> None:
        self.user_label.setText(f"当前用户：{self.user.name}（{self.user.rank_label}）")
        gate([self.users_action], self.store.sessions, self.operator(), Action.MANAGE_USERS)

    def set_user(self, user: LoggedIn) -> None:
        """Another login: the tabs reload with what this user may do."""
        self.user = user
        self.guard.resume(self._login_session())
        self._show_user()
        self._refresh_tabs()

    def lock(self, reason: str = "") -> bool:
        """Hide the work and ask for a login again; closes the window when nobody logs in."""
        self.guard.paused = True
        minutes = idle_minutes(self.store.sessions)
        reason = reason or f"已超过 {minutes} 分钟未操作，窗口已锁定。请重新登录。"
        self.tabs.setVisible(False)
        user = LoginDialog.ask(self.store.sessions, self, name=self.user.name, reason=reason)
        self.tabs.setVisible(True)
        if user is None:
            self.close()
            return False
        self.set_user(user)
        return True

    def _manage_users(self) -> None:
        from gui.dialogs.user_admin_dialog import UserAdminDialog

        UserAdminDialog.ask(self.store.sessions, self.operator(), self)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        file_menu.addAction("切换用户…").triggered.connect(
            lambda: self.lock("切换用户：请输入姓名和密码。")
        )
        file_menu.addAction("锁定").triggered.connect(lambda: self.lock("窗口已锁定。"))
        self.users_action = file_menu.addAction("登录账号管理…")
        self.users_action.triggered.connect(self._manage_users)
        file_menu.addSeparator()
        self.server_action = file_menu.addAction("服务器数据库…")
        self.server_action.triggered.connect(self._choose_server)
        file_menu.addSeparator()
        quit_action = file_menu.addAction("退出(&X)")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        help_menu.addAction("关于(&A)").triggered.connect(self._about)

    def _choose_server(self) -> None:
        from gui.dialogs.server_dialog import ServerDialog

        if ServerDialog.ask(self._settings, self):
            self.statusBar().showMessage("数据库位置已保存，下次启动时生效。", 10_000)

    def _about(self) -> None:
        with self.store.sessions() as session:
            court = get_setting(session, COURT_NAME)
        AboutDialog.ask(self, court, self.store.label)

    def _refresh_tabs(self) -> None:
        for index in range(self.tabs.count()):
            refresh = getattr(self.tabs.widget(index), "refresh", None)
            if refresh is not None:
                refresh()

    def refresh_all(self) -> None:
        """Another PC (or window) saved: every tab reloads what it shows."""
        self._refresh_tabs()

    def _data_changed(self) -> None:
        """A tab saved something: every other tab reloads what it shows."""
        source = self.sender()
        for page in self._pages:
            if page.built is not source:
                page.refresh()

    def _show_case(self, case_id: int) -> None:
        self.tabs.setCurrentWidget(self._pages[1])
        self.deadlines_tab.show_case(case_id)

    def _retriage(self, case_id: int) -> None:
        self.tabs.setCurrentWidget(self._pages[0])
        self.intake_tab.load_case(case_id)

    def _restore(self) -> None:
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        tab = self._settings.value("window/tab", 0, type=int)
        self.tabs.setCurrentIndex(tab if isinstance(tab, int) else 0)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember size, position and the open tab for the next start."""
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/tab", self.tabs.currentIndex())
        self._settings.sync()
        self.guard.stop()
        super().closeEvent(event)
