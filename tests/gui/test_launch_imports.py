"""The window's start imports only what its first window needs (issue 20, launch ≤ 2× ref).

The heavy modules wait for their first use: the spreadsheet libraries for an export or
an import, QtCharts and printing for 统计 and 报表, intake's modules for 收案, the
PostgreSQL dialect for a server. Each came back into the start by one import at the
top of a module; the time that costs is too small and the shared machine too noisy for
a timed test, so this test looks at the imports themselves (the benchmark times them:
tests/benchmark.py, "imports at launch").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from model.storage.store import open_store
from tests.factories import make_case

ROOT = Path(__file__).resolve().parents[2]

# Started as main.py starts the window, with the login answered by the chief; the
# modules are read once the window is usable (期限 built, 待办 and the list read).
CHILD = r"""
import json, sys
sys.path.insert(0, {root!r})
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, {settings!r})
import gui.main_window as main_window
from gui.dialogs.login_dialog import LoginDialog
from model.access.users import default_user
LoginDialog.ask = classmethod(lambda cls, sessions, *args, **kwargs: default_user(sessions))
original_show = main_window.MainWindow.show

def show(self):
    original_show(self)
    tab = self.deadlines_tab if {deadlines!r} else None
    def ready():
        busy = tab is not None and (tab.summary_pending() or tab.model.rowCount() == 0)
        if self.todo_tab.loading() or busy:
            QTimer.singleShot(5, ready)
            return
        QApplication.processEvents()
        print("MODULES", json.dumps(sorted(sys.modules)), flush=True)
        self.close()
    QTimer.singleShot(0, ready)

main_window.MainWindow.show = show
import main
sys.exit(main.main(["--db", {db!r}]))
"""

# Never at the start: what each waits for.
DEFERRED = (
    "openpyxl",  # the ledger import, the audit sheet, the exports' styles
    "xlsxwriter",  # the exports
    "python_calamine",  # reading a ledger
    "PySide6.QtCharts",  # 统计's charts
    "PySide6.QtPrintSupport",  # printing
    "sqlalchemy.dialects.postgresql",  # a server database
    "psycopg",
    "model.ledger",  # 导入台账
    "model.cases.intake",  # 收案
    "model.cases.draft",
    "model.cases.events",  # the case dialog's events
    "model.cases.detail",
    "gui.tabs.intake_tab",
    "gui.tabs.reports_tab",
    "gui.tabs.statistics_tab",
    "gui.tabs.roster_tab",
    "gui.dialogs.server_dialog",
    "gui.dialogs.case_detail_dialog",
    "gui.dialogs.about_dialog",  # 帮助 → 关于
    "gui.case_list_export",  # 期限's 导出清单: the child process and its progress dialog
    "gui.child_task",
    "gui.worker_task",
    "gui.file_dialogs",  # a file dialog: QFileDialog's type, its model's and their enums
)
# Of the reports, only 待办's own are needed: it is the tab the window opens on.
REPORTS_AT_START = {
    "model.reports",
    "model.reports.reminders",
    "model.reports.reminder_scope",
    "model.reports.reminder_settings",
}


def started_modules(tmp_path: Path, deadlines: bool = True) -> set[str]:
    """The modules of a started window, in a fresh interpreter as a user's start is;
    with 期限 built and filled, or as the window opens (on 待办)."""
    database = tmp_path / "cases.sqlite"
    store = open_store(database)
    with store.sessions.begin() as session:
        make_case(session)  # a list to read and a 待办 to compute
    store.close()
    code = CHILD.format(
        root=str(ROOT),
        db=str(database),
        settings=str(tmp_path / "settings"),
        deadlines=deadlines,
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith("MODULES ")]
    assert run.returncode == 0 and lines, run.stdout[-2000:] + run.stderr[-2000:]
    return set(json.loads(lines[-1].removeprefix("MODULES ")))


def test_the_start_leaves_the_heavy_modules_for_their_first_use(tmp_path: Path) -> None:
    modules = started_modules(tmp_path)
    assert "gui.tabs.deadlines_tab" in modules and "model.reports.reminders" in modules
    early = sorted(
        name
        for name in modules
        if any(name == deferred or name.startswith(deferred + ".") for deferred in DEFERRED)
        or (name.startswith("model.reports") and name not in REPORTS_AT_START)
    )
    assert early == [], f"imported at the window's start, not at first use: {early}"


def test_the_window_opens_on_its_first_tab_without_the_other_tabs_modules(
    tmp_path: Path,
) -> None:
    modules = started_modules(tmp_path, deadlines=False)
    assert "gui.tabs.todo_tab" in modules
    later = {
        "gui.tabs.deadlines_tab",  # 期限 and what only it uses: built when first clicked
        "gui.models.deadline_table_model",
        "gui.widgets.case_filters",
        "gui.case_list_export",
        "model.cases.queries",
    }
    assert sorted(later & modules) == []


def test_the_entities_annotations_are_evaluated_by_python_not_by_sqlalchemy() -> None:
    """With ``from __future__ import annotations`` SQLAlchemy parses each ``Mapped[...]``
    string at every start (model/entities/__init__.py)."""
    import ast

    import model.entities

    folder = Path(model.entities.__file__).parent
    postponed = []
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        declares = any(
            isinstance(node, ast.AnnAssign) and "Mapped" in ast.unparse(node.annotation)
            for node in ast.walk(tree)
        )
        future = any(
            isinstance(node, ast.ImportFrom) and node.module == "__future__" for node in tree.body
        )
        if declares and future:
            postponed.append(path.name)
    assert postponed == []
