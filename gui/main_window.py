"""The main window: the tabs, the operator choice and the signals between them."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QToolBar, QWidget

from gui.dialogs.about_dialog import AboutDialog
from gui.operator_box import OperatorBox
from gui.tabs.deadlines_tab import DeadlinesTab
from gui.tabs.intake_tab import IntakeTab
from gui.tabs.reports_tab import ReportsTab
from gui.tabs.roster_tab import RosterTab
from model.settings import COURT_NAME, get_setting
from model.store import Store

TITLE = "执行团队办案管理"


class MainWindow(QMainWindow):
    """The tabs of the program; each tab says when it changed data, the others refresh."""

    def __init__(self, store: Store, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._settings = settings
        self.setWindowTitle(TITLE)
        self.resize(1280, 800)

        toolbar = QToolBar("操作人", self)
        toolbar.setObjectName("operatorToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel(" 当前操作人："))
        self.operator_box = OperatorBox(store.sessions, settings, toolbar)
        toolbar.addWidget(self.operator_box)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)

        operator = self.operator_box.current_id
        self.intake_tab = IntakeTab(store.sessions, operator)
        self.deadlines_tab = DeadlinesTab(store.sessions, operator)
        self.reports_tab = ReportsTab(store.sessions, operator)
        self.roster_tab = RosterTab(store.sessions, operator)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        for tab, title in (
            (self.intake_tab, "收案"),
            (self.deadlines_tab, "期限"),
            (self.reports_tab, "报表"),
            (self.roster_tab, "人员名册"),
        ):
            self.tabs.addTab(tab, title)
            tab.data_changed.connect(self._data_changed)
        self.roster_tab.data_changed.connect(self.operator_box.refresh)
        self.intake_tab.open_in_deadlines.connect(self._show_case)
        self.reports_tab.open_in_deadlines.connect(self._show_case)
        self.deadlines_tab.retriage_requested.connect(self._retriage)
        self.setCentralWidget(self.tabs)

        self._build_menus()
        self.database_label = QLabel(store.url.removeprefix("sqlite:///"))
        self.statusBar().addPermanentWidget(self.database_label)
        self._restore()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        quit_action = file_menu.addAction("退出(&X)")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        help_menu.addAction("关于(&A)").triggered.connect(self._about)

    def _about(self) -> None:
        with self.store.sessions() as session:
            court = get_setting(session, COURT_NAME)
        AboutDialog.ask(self, court, self.store.url.removeprefix("sqlite:///"))

    def _data_changed(self) -> None:
        """A tab saved something: every other tab reloads what it shows."""
        source = self.sender()
        for index in range(self.tabs.count()):
            tab = self.tabs.widget(index)
            if tab is not source:
                tab.refresh()

    def _show_case(self, case_id: int) -> None:
        self.tabs.setCurrentWidget(self.deadlines_tab)
        self.deadlines_tab.show_case(case_id)

    def _retriage(self, case_id: int) -> None:
        self.tabs.setCurrentWidget(self.intake_tab)
        self.intake_tab.load_case(case_id)

    def _restore(self) -> None:
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self.tabs.setCurrentIndex(int(self._settings.value("window/tab", 0) or 0))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember size, position and the open tab for the next start."""
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/tab", self.tabs.currentIndex())
        self._settings.sync()
        super().closeEvent(event)
