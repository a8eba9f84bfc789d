"""The main window: the tabs, the logged-in user and the signals between them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QAction, QCloseEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu, QTabWidget, QWidget

from gui.change_watcher import ChangeWatcher
from gui.dialogs.login_dialog import LoginDialog, remember_login
from gui.dialogs.unsaved_dialog import RestoreDraftDialog, Unsaved, UnsavedDialog
from gui.export_notice import ExportNotice
from gui.intake_draft import (
    DraftKeeper,
    describe,
    draft_state,
    forget_kept,
    kept_draft,
    restore_state,
)
from gui.lazy_page import LazyPage
from gui.main_menus import build_menus
from gui.permission_gate import gate
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
    from gui.tabs.todo_tab import TodoTab

TITLE = "执行团队办案管理"
TODO_TITLE = "待办"
TODO, INTAKE, DEADLINES, REPORTS, STATISTICS, ROSTER = range(6)


class MainWindow(QMainWindow):
    """The tabs of the program; each tab says when it changed data, the others refresh."""

    users_action: QAction  # the menus (gui/main_menus.py) set these
    server_action: QAction
    data_menu: QMenu

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
        self._page_of: dict[str, LazyPage] = {}
        for build, title in (
            (self._build_todo, TODO_TITLE),
            (self._build_intake, "收案"),
            (self._build_deadlines, "期限"),
            (self._build_reports, "报表"),
            (self._build_statistics, "统计"),
            (self._build_roster, "人员名册"),
        ):
            page = LazyPage(build)
            self._pages.append(page)
            self._page_of[title] = page
            self.tabs.addTab(page, title)
        self.setCentralWidget(self.tabs)
        self.draft_keeper: DraftKeeper | None = None

        build_menus(self)
        self.export_notice = ExportNotice(self.statusBar())
        self.user_label = QLabel()
        self.user_label.setObjectName("userLabel")
        self.statusBar().addPermanentWidget(self.user_label)
        self.database_label = QLabel(store.label)
        self.statusBar().addPermanentWidget(self.database_label)
        self.guard = SessionGuard(self._login_session(), now, self)
        self.guard.expired.connect(lambda: self.lock())
        self._show_user()
        self._restore()
        self.outage_label = QLabel()
        self.outage_label.setObjectName("outageLabel")
        # Styled when first shown: set_role's re-polish, on a label not yet polished, made
        # the start build Python's view of QStyle (30-60 ms, issue 20).
        self.outage_label.setProperty("role", "error")
        bold = self.outage_label.font()
        bold.setBold(True)
        self.outage_label.setFont(bold)
        self.outage_label.hide()
        self.statusBar().addWidget(self.outage_label)
        if store.changes is not None:  # another PC saved: reload within 5 s
            self.change_watcher = ChangeWatcher(store.changes.others_changed, parent=self)
            self.change_watcher.changed.connect(self.refresh_all)
            self.change_watcher.unreachable.connect(self._database_unreachable)
            self.change_watcher.reachable.connect(self._database_back)

    # --- a database that stops answering ------------------------------------------------

    def _database_unreachable(self, since: dt.datetime, reason: str) -> None:
        what = "数据库服务器" if self.store.path is None else "数据库"
        self.outage_label.setText(
            f"无法连接{what}（自 {since:%Y-%m-%d %H:%M:%S} 起），正在自动重试；"
            "其间保存不会成功，已填写的内容会保留。"
        )
        self.outage_label.setToolTip(reason)
        self.outage_label.show()

    def _database_back(self) -> None:
        self.outage_label.hide()
        what = "数据库服务器" if self.store.path is None else "数据库"
        self.statusBar().showMessage(f"已重新连接{what}，可以继续工作。", 10_000)
        self.refresh_all()

    # --- the tabs, built on demand ----------------------------------------------------

    def _build_todo(self) -> QWidget:
        from gui.tabs.todo_tab import TodoTab

        tab = TodoTab(self.store.sessions, self.operator)
        tab.data_changed.connect(self._data_changed)
        tab.count_changed.connect(self._show_todo_count)
        return tab

    def _show_todo_count(self, count: int) -> None:
        self.tabs.setTabText(TODO, f"{TODO_TITLE}（{count}）")

    def _build_intake(self) -> QWidget:
        from gui.tabs.intake_tab import IntakeTab

        tab = IntakeTab(self.store.sessions, self.operator)
        tab.data_changed.connect(self._data_changed)
        tab.open_in_deadlines.connect(self._show_case)
        self.draft_keeper = DraftKeeper(tab, self._settings)
        return tab

    def _build_deadlines(self) -> QWidget:
        from gui.tabs.deadlines_tab import DeadlinesTab

        tab = DeadlinesTab(self.store.sessions, self.operator)
        tab.data_changed.connect(self._data_changed)
        tab.exported.connect(self.export_notice.show_export)
        tab.retriage_requested.connect(self._retriage)
        return tab

    def _build_reports(self) -> QWidget:
        from gui.tabs.reports_tab import ReportsTab

        tab = ReportsTab(self.store.sessions, self.operator)
        tab.data_changed.connect(self._data_changed)
        tab.exported.connect(self.export_notice.show_export)
        tab.open_in_deadlines.connect(self._show_case)
        return tab

    def _build_statistics(self) -> QWidget:
        # QtCharts comes with this import: only when the tab is first shown.
        from gui.tabs.statistics_tab import StatisticsTab

        tab = StatisticsTab(self.store.sessions, self.operator)
        tab.data_changed.connect(self._data_changed)
        tab.exported.connect(self.export_notice.show_export)
        return tab

    def _build_roster(self) -> QWidget:
        from gui.tabs.roster_tab import RosterTab

        tab = RosterTab(self.store.sessions, self.operator)
        tab.data_changed.connect(self._data_changed)
        return tab

    @property
    def todo_tab(self) -> TodoTab:
        """待办 (built on first use: at start, since the window opens on it)."""
        return cast("TodoTab", self._pages[TODO].content())

    @property
    def intake_tab(self) -> IntakeTab:
        """收案 (built on first use)."""
        return cast("IntakeTab", self._page_of["收案"].content())

    @property
    def deadlines_tab(self) -> DeadlinesTab:
        """期限 (built on first use)."""
        return cast("DeadlinesTab", self._page_of["期限"].content())

    @property
    def reports_tab(self) -> ReportsTab:
        """报表 (built on first use)."""
        return cast("ReportsTab", self._page_of["报表"].content())

    @property
    def statistics_tab(self) -> StatisticsTab:
        """统计 (built on first use)."""
        return cast("StatisticsTab", self._page_of["统计"].content())

    @property
    def roster_tab(self) -> RosterTab:
        """人员名册 (built on first use)."""
        return cast("RosterTab", self._page_of["人员名册"].content())

    def page_titles(self) -> list[str]:
        """The tabs' titles in order (the menu's 转到 items and Ctrl+1… follow it)."""
        return [self.tabs.tabText(index) for index in range(self.tabs.count())]

    def show_page(self, title: str) -> QWidget:
        """Bring a tab to the front (building it if needed); the tab itself."""
        page = self._page_of[title]
        self.tabs.setCurrentWidget(page)
        return page.content()

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
        remember_login(self._settings, user)
        self.guard.resume(self._login_session())
        self._show_user()
        self._refresh_tabs()
        self.tabs.setCurrentIndex(TODO)  # each login opens on what this person has to do

    def lock(self, reason: str = "", *, switching: bool = False) -> bool:
        """Hide the work and ask for a login again; closes the window when nobody logs in.

        ``switching`` (切换用户): giving up keeps the current user, as a cancelled switch
        should; a lock (idle or chosen) closes the window instead."""
        self.guard.paused = True
        minutes = idle_minutes(self.store.sessions)
        reason = reason or f"已超过 {minutes} 分钟未操作，窗口已锁定。请重新登录。"
        self.tabs.setVisible(False)
        while True:
            user = LoginDialog.ask(
                self.store.sessions, self, name=self.user.name, reason=reason,
                cancel_text="取消" if switching else "退出",
            )  # fmt: skip
            if user is not None:
                break
            if switching:
                self.tabs.setVisible(True)
                self.guard.paused = False
                return False
            if self.close():
                return False
            # 取消 on the unsaved-intake question: the window stays, locked as before.
        self.tabs.setVisible(True)
        self.set_user(user)
        return True

    def manage_users(self) -> None:
        from gui.dialogs.user_admin_dialog import UserAdminDialog

        UserAdminDialog.ask(self.store.sessions, self.operator(), self)

    def switch_user(self) -> bool:
        """文件 → 切换用户: Esc or 取消 keeps the current user."""
        return self.lock("切换用户：请输入姓名和密码。", switching=True)

    def choose_server(self) -> None:
        from gui.dialogs.server_dialog import ServerDialog

        if ServerDialog.ask(self._settings, self):
            self.statusBar().showMessage("数据库位置已保存，下次启动时生效。", 10_000)

    def about(self) -> None:
        from gui.dialogs.about_dialog import AboutDialog

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
        self.show_page("期限")
        self.deadlines_tab.show_case(case_id)

    def _retriage(self, case_id: int) -> None:
        self.show_page("收案")
        self.intake_tab.load_case(case_id)

    # --- the unsaved intake --------------------------------------------------------

    def offer_draft(self) -> bool:
        """At start: a case typed but never saved (a crash, a power cut) is offered back."""
        state = kept_draft(self._settings)
        if state is None:
            return False
        if not RestoreDraftDialog.ask(self, describe(state)):
            forget_kept(self._settings)
            return False
        tab = self.show_page("收案")
        restore_state(cast("IntakeTab", tab), state)
        return True

    def _may_close(self) -> bool:
        """Ask about a typed, unsaved case: 保存 / 放弃 / 取消. True: the window may close."""
        page = self._page_of["收案"]
        tab = cast("IntakeTab | None", page.built)
        if tab is None or not tab.has_unsaved():
            return True
        if QApplication.instance().property("terminating"):  # type: ignore[union-attr]
            # A logout or shutdown: nobody to ask; the draft is kept and offered next time.
            if self.draft_keeper is not None:
                self.draft_keeper.write()
            return True
        what = describe(draft_state(tab) or {"draft": {}})
        answer = UnsavedDialog.ask(self, what)
        if answer is Unsaved.CANCEL:
            return False
        if answer is Unsaved.DISCARD:
            tab.new_case()
            if self.draft_keeper is not None:
                self.draft_keeper.forget()
            return True
        self.show_page("收案")
        tab.save()
        return not tab.has_unsaved()  # a refused save stays open, its reasons shown

    def _restore(self) -> None:
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        # SPEC §8: the window opens on 待办, whichever tab was open when it closed.
        self.tabs.setCurrentIndex(TODO)

    def showEvent(self, event: QShowEvent) -> None:
        """The idle lock watches this window's input from its first showing."""
        super().showEvent(event)
        self.guard.window_shown()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask about an unsaved intake; remember size, position and the open tab."""
        if not self._may_close():
            event.ignore()
            return
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.sync()
        self.guard.stop()
        super().closeEvent(event)
