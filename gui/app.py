"""Build the application: Qt, the database, the main window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from model.db import default_database_path
from model.errors import DatabaseOpenError
from model.store import open_store

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
    arguments, _qt_arguments = parser.parse_known_args(argv)
    return arguments


def make_application(argv: list[str]) -> QApplication:
    """The QApplication with the Chinese look: names, translations, font, icon."""
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
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


def install_translations(app: QApplication) -> None:
    """Qt's own Chinese strings, so standard dialogs and buttons speak Chinese."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            break


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
    target = arguments.db or default_database_path()
    try:
        if arguments.db is None:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        store = open_store(target)
    except (DatabaseOpenError, OSError) as error:
        message = error.message if isinstance(error, DatabaseOpenError) else str(error)
        QMessageBox.critical(None, APP_NAME, f"无法打开数据库。\n\n{message}")
        return 1
    from gui.main_window import MainWindow

    window = MainWindow(store, QSettings())
    window.show()
    if arguments.quit_after > 0:
        QTimer.singleShot(arguments.quit_after, window.close)
    code = app.exec()
    store.close()
    return code
