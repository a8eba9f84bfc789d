"""Build the application: Qt, the database, the main window."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu, QMessageBox

from gui.dialogs.open_problem_dialog import open_with_recovery
from gui.integrity_watch import IntegrityWatch
from gui.server_setting import stored_server
from model.access.users import LoggedIn
from model.errors import UserError
from model.storage.auto_backup import auto_backup_if_due
from model.storage.integrity import check_at_open
from model.storage.paths import default_database_path
from model.storage.store import Store

APP_NAME = "执行团队办案管理"
ORGANISATION = "zhixing-tuandui"
RESOURCES = Path(__file__).resolve().parent.parent / "resources"

# Preferred Chinese UI fonts, first found wins: Windows, then Linux (UOS/Kylin ship Noto/WenQuanYi).
_FONTS = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "SimSun",
    "Droid Sans Fallback",
)


def parse_window_arguments(argv: list[str]) -> argparse.Namespace:
    """The window's own options."""
    parser = argparse.ArgumentParser(prog="main.py", description=APP_NAME)
    parser.add_argument("--db", help="数据库文件路径（默认：用户数据文件夹中的 cases.sqlite）")
    # For install checks: show the window, then quit by itself after this many milliseconds.
    parser.add_argument("--quit-after", type=int, default=0, help=argparse.SUPPRESS)
    # For install checks: print the texts of a file dialog (are Qt's dialogs Chinese?).
    parser.add_argument("--dialog-texts", action="store_true", help=argparse.SUPPRESS)
    arguments, _qt_arguments = parser.parse_known_args(argv)
    return arguments


def make_application(argv: list[str]) -> QApplication:
    """The QApplication with the Chinese look: names, translations, font, icon."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *argv])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationDisplayName(APP_NAME)
    install_translations(app)
    choose_font(app)
    style = RESOURCES / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    icon = RESOURCES / "icon.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def install_translations(app: QApplication) -> QTranslator | None:
    """Qt's own Chinese strings, so standard dialogs and buttons speak Chinese; the
    translator installed (None where the bundle lacks Qt's translations)."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            return translator
    return None


def choose_font(app: QApplication) -> None:
    """Use the system's CJK font when one of the known ones is installed."""
    families = set(QFontDatabase.families())
    for family in _FONTS:
        if family in families:
            font = QFont(family)
            font.setPointSize(max(app.font().pointSize(), 10))
            app.setFont(font)
            return


def run_app(argv: list[str]) -> int:
    """Open the database and show the main window until it is closed."""
    arguments = parse_window_arguments(argv)
    app = make_application(argv)
    if arguments.dialog_texts:
        from gui.file_dialogs import dialog_texts

        print("\n".join(dialog_texts()))
        return 0
    close_on_termination(app)
    if arguments.quit_after > 0:
        # Whatever window is up by then (the first start's password dialog, the login or
        # the main window) is closed as a user would close it.
        QTimer.singleShot(arguments.quit_after, app.closeAllWindows)
    target: str | Path = arguments.db or default_database_path()
    server = stored_server(QSettings()) if arguments.db is None else None
    if server is not None:
        from gui.dialogs.server_dialog import ServerDialog

        # 文件 → 服务器数据库… chose a server: its password is asked, never stored.
        password = ServerDialog.ask_password(server)
        if password is None:
            return 0
        target = server.url(password)
    try:
        if arguments.db is None and server is None:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        store, message = open_with_recovery(target)
    except OSError as error:
        store, message = None, str(error)
    if store is None:
        if message:
            QMessageBox.critical(None, APP_NAME, f"无法打开数据库。\n\n{message}")
        return 1
    from gui.main_window import MainWindow
    from gui.responsiveness import tune_process

    tune_process()  # the start-up objects are made: modules, classes, mappers
    settings = QSettings()
    user = None if store.read_only else login_at_start(store, settings)
    if user is None and not store.read_only:
        store.close()
        return 0  # nobody logged in: nothing was opened for work
    window = MainWindow(store, settings, user)
    install_data_safety(window, store)
    window.show()
    if not store.read_only:
        window.offer_draft()
    watch = None
    if store.path is not None and not check_at_open(store.path):
        watch = IntegrityWatch(store.path, window)  # a large file: checked after showing
        watch.start_soon()
    code = app.exec()
    try:
        if watch is None or not watch.damaged:
            auto_backup_if_due(store, closing=True)
    except UserError as error:
        QMessageBox.warning(None, APP_NAME, f"退出时的自动备份没有完成。\n\n{error.message}")
    finally:
        store.close()
    return code


def login_at_start(store: Store, settings: QSettings) -> LoggedIn | None:
    """The login at start, offering the name of whoever last logged in on this PC."""
    from gui.dialogs.login_dialog import LoginDialog, last_login, remember_login

    user = LoginDialog.ask(store.sessions, name=last_login(settings))
    if user is not None:
        remember_login(settings, user)
    return user


def close_on_termination(app: QApplication) -> QTimer:
    """Close every window normally on SIGTERM/SIGINT (a logout, a shutdown, Ctrl+C).

    Closing normally releases the database lock and takes the closing backup, so the
    next start is not asked about a stale lock. Python runs signal handlers only when
    it holds control, hence the short timer that hands it control while Qt waits.
    """

    def terminate() -> None:
        app.setProperty("terminating", True)  # nobody to ask: unsaved typing stays a draft
        app.closeAllWindows()

    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda _number, _frame: QTimer.singleShot(0, terminate))
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)
    return timer


BACKUP_CHECK_MS = 60 * 60 * 1000  # an hourly look; auto_backup_if_due backs up at most daily
NETWORK_WARNING = (
    "数据库位于网络共享文件夹：已改用更稳妥的日志方式。多台电脑同时使用时，"
    "安全的做法是使用服务器数据库（PostgreSQL），而不是共享文件。"
)
READ_ONLY_NOTE = "只读方式：另一处正在使用此数据库，本窗口不能保存修改。"


def created_note(store: Store) -> str:
    """Said when this start created the database: a mistyped --db must not pass unseen."""
    return (
        f"已新建数据库 {store.label}（此前这里没有数据库；"
        "如果本应打开已有的数据库，请关闭程序并检查路径）"
    )


def install_data_safety(window: QMainWindow, store: Store) -> QTimer:
    """The daily automatic backup while running; the read-only, network, new-database notices."""
    if store.read_only:
        window.setWindowTitle(f"{window.windowTitle()}（只读）")
        _notice(window, READ_ONLY_NOTE, "warningNotice")
    if store.network:
        _notice(window, NETWORK_WARNING, "networkNotice")
    if store.created:
        _notice(window, created_note(store), "createdNotice")
    install_data_menu(window, store)
    timer = QTimer(window)
    timer.setInterval(BACKUP_CHECK_MS)

    def tick() -> None:
        try:
            info = auto_backup_if_due(store)
        except UserError as error:
            window.statusBar().showMessage(f"自动备份失败：{error.message}")
            return
        if info is not None:
            window.statusBar().showMessage(f"已自动备份（{info.taken:%H:%M}）", 10_000)

    timer.timeout.connect(tick)
    timer.start()
    window.backup_timer = timer  # type: ignore[attr-defined]  # kept alive as long as the window
    return timer


def install_data_menu(window: QMainWindow, store: Store) -> QMenu:
    """数据 menu: 备份与恢复 and 检查数据库 (the backup dialog), 操作记录 and its check."""
    bar = window.menuBar()
    menu = getattr(window, "data_menu", None)  # the main window's, with import and export
    if menu is None:
        menu = QMenu("数据(&D)", window)
        # Between 文件 and 帮助: the help menu stays last, as everywhere.
        actions = bar.actions()
        if actions:
            bar.insertMenu(actions[-1], menu)
        else:
            bar.addMenu(menu)
    else:
        menu.addSeparator()
    backups = menu.addAction("备份与恢复(&B)…")
    check = menu.addAction("检查数据库(&C)")
    menu.addSeparator()
    menu.addAction("操作记录(&A)…").triggered.connect(lambda: _show_audit(window, store))
    menu.addAction("校验操作记录(&V)").triggered.connect(lambda: verify_audit(window, store))

    def show(run_check: bool) -> None:
        from gui.dialogs.backup_dialog import BackupDialog

        if BackupDialog.ask(store, window, check=run_check):
            _reload_tabs(window)

    backups.triggered.connect(lambda: show(False))
    check.triggered.connect(lambda: show(True))
    return menu


def verify_audit(window: QMainWindow, store: Store) -> bool:
    """The same check as `audit-verify`, with the finding in a message box."""
    from model.access.audit_chain import verify

    report = verify(store.sessions)
    if report.ok:
        QMessageBox.information(window, APP_NAME, report.message)
    else:
        QMessageBox.warning(
            window, APP_NAME, f"{report.message}\n\n请从最近的完好备份恢复，并报告管理员。"
        )
    return report.ok


def _show_audit(window: QMainWindow, store: Store) -> None:
    from gui.dialogs.audit_dialog import AuditDialog

    operator = getattr(window, "operator", None)
    AuditDialog.ask(store.sessions, operator() if operator else None, None, window)


def _reload_tabs(window: QMainWindow) -> None:
    """After a restore every tab shows the restored data."""
    tabs = getattr(window, "tabs", None)
    if tabs is None:
        return
    for index in range(tabs.count()):
        refresh = getattr(tabs.widget(index), "refresh", None)
        if refresh is not None:
            refresh()
    window.statusBar().showMessage("已从备份恢复。", 10_000)


def _notice(window: QMainWindow, text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setProperty("role", "warning")
    label.setToolTip(text)
    window.statusBar().addWidget(label, 1)
    return label
