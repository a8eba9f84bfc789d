"""The main window's menus: 文件 / 数据 / 报表 / 帮助, an Alt-letter on every item.

The 转到 items and their Ctrl+1… shortcuts follow the window's tab list, so a tab added
there gets its item and its key. Items that act on a tab press that tab's own button:
the same permission (a greyed-out button refuses here too, saying why) and one code path.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QPushButton, QStatusBar, QTabWidget, QWidget


class MenuWindow(Protocol):
    """What the menus use of the main window (``gui.main_window.MainWindow``), and set on it."""

    tabs: QTabWidget
    users_action: QAction
    server_action: QAction
    data_menu: QMenu

    def menuBar(self) -> QMenuBar:
        """The window's menu bar."""

    def statusBar(self) -> QStatusBar:
        """The window's status bar."""

    def addAction(self, action: QAction) -> None:
        """Make an action's shortcut work wherever the focus is."""

    def close(self) -> bool:
        """Close the window (asking about unsaved typing)."""

    def page_titles(self) -> list[str]:
        """The tabs' titles, in order."""

    def show_page(self, title: str) -> QWidget:
        """Show a tab by title; the tab."""

    def switch_user(self) -> bool:
        """切换用户."""

    def lock(self, reason: str = "", *, switching: bool = False) -> bool:
        """Lock the window."""

    def manage_users(self) -> None:
        """登录账号管理."""

    def choose_server(self) -> None:
        """服务器数据库."""

    def about(self) -> None:
        """关于."""


# (menu text, tab title, the tab's button attribute)
DATA_ITEMS = (
    ("导入台账(&I)…", "报表", "import_button"),
    ("导出全部案件(&E)…", "报表", "export_cases_button"),
    ("保存台账模板(&T)…", "报表", "template_button"),
)
REPORT_ITEMS = (
    ("导出周报表(&W)…", "报表", "export_button"),
    ("打印预览(&V)…", "报表", "preview_button"),
    ("打印(&P)…", "报表", "print_button"),
    ("保存为 PDF(&F)…", "报表", "pdf_button"),
    (None, None, None),
    ("导出期限清单(&L)…", "期限", "export_button"),
)


def press(window: MenuWindow, title: str, attribute: str) -> bool:
    """Show the tab and press its button; True when pressed (now or once it is ready)."""
    tab = window.show_page(title)
    button: QPushButton = getattr(tab, attribute)
    if button.isEnabled():
        button.click()
        return True
    reader = getattr(tab, "reader", None)
    shown = getattr(tab, "report_shown", None)
    if reader is not None and shown is not None and reader.busy():
        # The week's figures are still being read: press it once they are in.
        def when_ready() -> None:
            shown.disconnect(when_ready)
            if button.isEnabled():
                button.click()

        shown.connect(when_ready)
        window.statusBar().showMessage("正在统计本周数字，完成后继续…", 5_000)
        return True
    reason = button.toolTip() or "当前不能执行此操作。"
    window.statusBar().showMessage(f"{button.text()}：{reason}", 10_000)
    return False


def _add_items(window: MenuWindow, menu: QMenu, items: tuple) -> None:
    for text, title, attribute in items:
        if text is None:
            menu.addSeparator()
            continue
        action = menu.addAction(text)
        action.triggered.connect(lambda _c=False, t=title, a=attribute: press(window, t, a))


def build_menus(window: MenuWindow) -> None:
    """Build the menu bar of ``window`` (its tabs already added)."""
    bar = window.menuBar()
    file_menu = bar.addMenu("文件(&F)")
    go = file_menu.addMenu("转到(&G)")
    for number, title in enumerate(window.page_titles(), start=1):
        action = go.addAction(f"{title}(&{number})")
        if number <= 9:
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            window.tabs.setTabToolTip(number - 1, f"{title}（Ctrl+{number}）")
        action.triggered.connect(lambda _c=False, t=title: window.show_page(t))
        window.addAction(action)  # the shortcut works wherever the focus is
    file_menu.addSeparator()
    file_menu.addAction("切换用户(&U)…").triggered.connect(window.switch_user)
    file_menu.addAction("锁定(&L)").triggered.connect(lambda: window.lock("窗口已锁定。"))
    window.users_action = file_menu.addAction("登录账号管理(&M)…")
    window.users_action.triggered.connect(window.manage_users)
    file_menu.addSeparator()
    window.server_action = file_menu.addAction("服务器数据库(&S)…")
    window.server_action.triggered.connect(window.choose_server)
    file_menu.addSeparator()
    quit_action = file_menu.addAction("退出(&X)")
    quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # the platforms disagree (Windows: none)
    quit_action.triggered.connect(window.close)
    window.addAction(quit_action)

    window.data_menu = bar.addMenu("数据(&D)")  # app.py adds backups and the audit record
    _add_items(window, window.data_menu, DATA_ITEMS)
    report_menu = bar.addMenu("报表(&R)")
    _add_items(window, report_menu, REPORT_ITEMS)
    help_menu = bar.addMenu("帮助(&H)")
    help_menu.addAction("关于(&A)…").triggered.connect(window.about)
