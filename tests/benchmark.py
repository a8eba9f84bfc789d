"""Benchmark at a decade's scale: generated databases of 10k, 100k and 1M cases.

    .venv/bin/python tests/benchmark.py [--sizes 10000,100000,1000000] [--reps 5]
                                        [--workdir build/bench] [--seed 2021]

Builds each database once (kept in --workdir and reused), then measures every row
of the table in issue 7 as a median over --reps runs, each beside its reference
measured in the same run, and prints a Markdown table (also saved next to the
databases). A script, not a test: the test suite checks correctness only.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = dt.date(2026, 11, 28)
WEEK = dt.date(2026, 11, 23)


# --- helpers ----------------------------------------------------------------------


def median_ms(
    action: Callable[[], object], reps: int, setup: Callable[[], object] | None = None
) -> float:
    """The median wall time of ``action`` in milliseconds; ``setup`` runs untimed before each."""
    times = []
    for _ in range(reps):
        if setup is not None:
            setup()
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build_database(path: Path, count: int, seed: int) -> None:
    """Create and fill the database once; later runs reuse it (upgraded, untimed, once)."""
    if path.exists():
        upgrade_database(path)
        return
    from model.storage.store import open_store
    from tests.sample_data import generate_cases

    partial = path.with_suffix(".building")
    for leftover in path.parent.glob(partial.name + "*"):
        leftover.unlink()
    store = open_store(partial, use_lock=False)
    start = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % 100_000 == 0 or done == total:
            print(
                f"  generated {done:,}/{total:,} cases ({time.perf_counter() - start:.0f} s)",
                flush=True,
            )

    try:
        generate_cases(store.sessions, count, seed=seed, today=TODAY, progress=progress)
        with store.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.exec_driver_sql("ANALYZE")
    finally:
        store.close()
    for suffix in ("-wal", "-shm"):
        extra = Path(str(partial) + suffix)
        if extra.exists():
            extra.unlink()
    partial.rename(path)


def upgrade_database(path: Path) -> None:
    """Bring a database built by an earlier version to the current schema, with statistics."""
    import sqlite3

    from model.storage.schema import latest_version
    from model.storage.store import open_store

    with contextlib.closing(sqlite3.connect(path)) as connection:
        version = connection.execute("SELECT version FROM schema_version").fetchone()[0]
    if version >= latest_version():
        return
    print(f"  upgrading {path.name} from schema version {version}", flush=True)
    store = open_store(path, use_lock=False, backup_before_upgrade=False)
    try:
        with store.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
        with store.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()


def working_copy(source: Path, folder: Path) -> Path:
    """A fresh copy of a database to change (imports and saves must not touch the original)."""
    target = folder / f"work-{source.name}"
    for suffix in ("", "-wal", "-shm", ".lock"):
        extra = Path(str(target) + suffix)
        if extra.exists():
            extra.unlink()
    shutil.copyfile(source, target)
    return target


# --- launch and memory, each in a fresh process -------------------------------------

_LAUNCH_CHILD = r"""
import os, sys, time, resource
sys.path.insert(0, {root!r})
import model.commands  # what main.py imports first (SQLAlchemy before Qt's import hook)
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, {settings!r})
import gui.main_window as main_window
from gui.dialogs.login_dialog import LoginDialog
from model.access.users import default_user
# The login is a person typing a password: not part of the measured start.
LoginDialog.ask = classmethod(lambda cls, sessions, *args, **kwargs: default_user(sessions))

original_show = main_window.MainWindow.show

def show(self):
    original_show(self)
    def ready():
        model = self.deadlines_tab.model
        if model.rowCount() == 0:
            QTimer.singleShot(5, ready)
            return
        QApplication.processEvents()
        print("READY", time.time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
        self.close()
    QTimer.singleShot(0, ready)

main_window.MainWindow.show = show
from gui.app import run_app
sys.exit(run_app(["--db", {db!r}]))
"""

_BARE_CHILD = r"""
import sys, time, resource
from sqlalchemy import create_engine, text
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication([])
engine = create_engine("sqlite:///" + {db!r})
with engine.connect() as connection:
    count = connection.execute(text("SELECT COUNT(*) FROM cases")).scalar()
window = QMainWindow()
window.setCentralWidget(QLabel(str(count)))
window.resize(1280, 800)
window.show()
def ready():
    QApplication.processEvents()
    print("READY", time.time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""


def launch(template: str, db: Path, settings: Path) -> tuple[float, float]:
    """Seconds from process start to a usable window, and peak memory in MB."""
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "zhixing-tuandui").mkdir(exist_ok=True)
    (settings / "zhixing-tuandui" / "执行团队办案管理.ini").write_text(
        "[window]\ntab=1\n", encoding="utf-8"
    )
    code = template.format(root=str(ROOT), db=str(db), settings=str(settings))
    start = time.time()
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("READY")]
    if not lines:
        raise RuntimeError(f"the window did not start:\n{result.stdout}\n{result.stderr}")
    _, ready, rss_kb = lines[-1].split()
    return float(ready) - start, int(rss_kb) / 1024


# --- the measurements ------------------------------------------------------------------


class Bench:
    """All measurements on one database size."""

    def __init__(self, db: Path, reps: int, scratch: Path) -> None:
        self.db = db
        self.reps = reps
        self.scratch = scratch
        self.results: dict[str, tuple[float, float | None, str]] = {}

    def record(self, work: str, value: float, reference: float | None, unit: str) -> None:
        self.results[work] = (value, reference, unit)
        shown = f"{value:,.1f} {unit}" + (f" (ref {reference:,.1f} {unit})" if reference else "")
        print(f"    {work}: {shown}", flush=True)

    def launch_and_memory(self) -> None:
        runs = [launch(_LAUNCH_CHILD, self.db, self.scratch / "settings") for _ in range(self.reps)]
        bare = [launch(_BARE_CHILD, self.db, self.scratch / "settings") for _ in range(self.reps)]
        self.record(
            "launch",
            statistics.median(r[0] for r in runs) * 1000,
            statistics.median(r[0] for r in bare) * 1000,
            "ms",
        )
        self.record("memory", max(r[1] for r in runs), max(r[1] for r in bare), "MB")

    def window_actions(self) -> None:
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from gui.main_window import MainWindow
        from gui.responsiveness import tune_process
        from model.cases.draft import CaseDraft
        from model.cases.intake import IntakeRequest, TriageRequest, save_intake
        from model.storage.store import open_store

        app = QApplication.instance() or QApplication([])
        tune_process()  # as gui/app.py does before the window is made
        copy = working_copy(self.db, self.scratch)
        store = open_store(copy, use_lock=False, backup_before_upgrade=False)
        settings = QSettings(str(self.scratch / "window.ini"), QSettings.Format.IniFormat)
        window = MainWindow(store, settings)
        window.resize(1280, 800)
        window.show()
        window.tabs.setCurrentIndex(1)  # 期限
        tab = window.deadlines_tab
        app.processEvents()

        def settle() -> None:
            tab.model.rowCount()
            app.processEvents()

        def quiet() -> None:
            """Untimed: let the totals of the last list be read (in the background)."""
            while tab.summary_pending():
                app.processEvents()

        # The heartbeat: a 10 ms timer; the longest gap between its ticks is the longest
        # time the window did not answer (the actions below run on the GUI thread).
        from PySide6.QtCore import QTimer

        beats: list[tuple[float, str]] = []
        doing = ["typing"]  # what the window is doing, to say where the longest stall was
        heartbeat = QTimer()
        heartbeat.setInterval(10)
        heartbeat.timeout.connect(lambda: beats.append((time.perf_counter(), doing[0])))
        heartbeat.start()
        app.processEvents()

        letters = iter("王李张刘陈杨赵黄周吴" * 1000)

        def type_one() -> None:
            tab.filters.search_edit.setText(next(letters))
            tab.apply_filter()  # what the pause after typing triggers
            settle()

        def clear() -> None:
            tab.filters.search_edit.setText("")
            tab.apply_filter()
            settle()
            quiet()

        self.record("typing", median_ms(type_one, self.reps * 2, clear), None, "ms")
        choices = tab.filters.team_box.count()
        turn = iter(range(10_000))

        def change_filter() -> None:
            tab.filters.team_box.setCurrentIndex(next(turn) % choices)
            settle()

        doing[0] = "filter"
        self.record("filter", median_ms(change_filter, self.reps * 2, quiet), None, "ms")

        sequence = iter(range(900_001, 999_999))
        actor = window.operator()

        def save_one() -> None:
            save_intake(
                store.sessions,
                IntakeRequest(
                    CaseDraft(
                        number=f"（2026）吉0605执{next(sequence)}号",
                        filing_date=TODAY,
                        applicants=["张三"],
                        respondents=[("李四", "自然人")],
                        amount="50000",
                    ),
                    TriageRequest(("S2",)),
                ),
                actor,
                TODAY,
            )

        doing[0] = "intake"
        self.record("intake", median_ms(save_one, self.reps * 4, app.processEvents), None, "ms")
        app.processEvents()
        # Long work through the window, seen only by the heartbeat: the week's figures
        # (read in the background when 报表 shows) and the open cases exported from 期限
        # (on a worker thread behind a progress dialog).
        doing[0] = "week's figures"
        window.tabs.setCurrentIndex(2)
        reports = window.reports_tab
        while reports.reader.busy():
            app.processEvents()
        window.tabs.setCurrentIndex(1)
        quiet()
        tab.ask_export_path = lambda parent: self.scratch / "open-cases.xlsx"  # type: ignore[method-assign]
        tab.show_message = lambda title, text: None  # type: ignore[method-assign]
        doing[0] = "export"
        tab.export_button.click()
        app.processEvents()
        heartbeat.stop()
        gaps = [(b[0] - a[0], b[1]) for a, b in itertools.pairwise(beats)]
        longest, during = max(gaps, default=(0.0, "-"))
        print(f"    (longest stall during: {during})", flush=True)
        self.record("stall", longest * 1000, None, "ms")
        window.close()
        store.close()

    def search(self) -> None:
        """Fragments of two characters and more typed in 期限's search (the trigram index).

        Each kind of fragment is measured through the window (the page shown; the totals
        follow in the background) and beside it the same page read with the plain
        ``LIKE`` the search used before the index (the reference).
        """
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication
        from sqlalchemy import select

        import model.cases.search as search
        from gui.main_window import MainWindow
        from model.cases.queries import CaseFilter, count_cases, fetch_case_rows
        from model.entities import Case
        from model.storage.store import open_store

        app = QApplication.instance() or QApplication([])
        # It only reads: the database itself, not a copy (5 GB at 1M).
        store = open_store(self.db, use_lock=False, backup_before_upgrade=False)
        with store.sessions() as s:
            total = s.scalar(select(Case.id).order_by(Case.id.desc()).limit(1)) or 1
            picks = [
                s.execute(
                    select(Case.number, Case.applicant_names, Case.respondent_names).where(
                        Case.id >= total * share // 100
                    )
                ).first()
                for share in (10, 50, 90)
            ]
        fragments = {
            "a party's name": [p[1].split("、")[0] for p in picks if p],
            "a case number's end": [p[0][-7:] for p in picks if p],
            "a respondent's first 3 characters": [p[2][:3] for p in picks if p],
            "no such party": ["欧阳不存在", "（2030）吉", "ZZZ有限"],
            "common: 有限公司": ["有限公司"],
            "two characters: a given name": [p[1].split("、")[0][-2:] for p in picks if p],
            "two characters: a respondent's first two": [p[2][:2] for p in picks if p],
        }
        settings = QSettings(str(self.scratch / "search.ini"), QSettings.Format.IniFormat)
        window = MainWindow(store, settings)
        window.resize(1280, 800)
        window.show()
        window.tabs.setCurrentIndex(1)  # 期限
        tab = window.deadlines_tab
        app.processEvents()

        @contextlib.contextmanager
        def plain_like(plain: bool) -> Iterator[None]:
            """The search as it was before the index: the LIKE alone."""
            original = search.index_query, search.pair_query
            if plain:
                search.index_query = lambda fragment: None  # type: ignore[assignment]
                search.pair_query = lambda session, fragment: None  # type: ignore[assignment]
            try:
                yield
            finally:
                search.index_query, search.pair_query = original

        def clear() -> None:
            tab.filters.search_edit.setText("")
            tab.apply_filter()
            tab.model.rowCount()
            while tab.summary_pending():
                app.processEvents()

        def page(words: list[str], statuses: object, indexed: bool) -> float:
            """The SQL page of the list for each word, with the index or the plain LIKE."""
            cycle = itertools.cycle(words)

            def read() -> None:
                with plain_like(not indexed):
                    with store.sessions() as s:
                        wanted = CaseFilter(statuses=statuses, text=next(cycle))  # type: ignore[arg-type]
                        fetch_case_rows(s, wanted, 0, 101)

            return median_ms(read, max(len(words), self.reps))

        def counted(words: list[str], indexed: bool) -> float:
            cycle = itertools.cycle(words)

            def count() -> None:
                with plain_like(not indexed):
                    with store.sessions() as s:
                        count_cases(s, CaseFilter(text=next(cycle)))

            return median_ms(count, len(words))

        worst = reference_worst = every_worst = every_reference_worst = 0.0
        for kind, words in fragments.items():
            typed = itertools.cycle(words)

            def type_fragment(typed: Iterator[str] = typed) -> None:
                tab.filters.search_edit.setText(next(typed))
                tab.apply_filter()
                tab.model.rowCount()
                app.processEvents()

            shown = median_ms(type_fragment, max(len(words), self.reps * 2), clear)
            listed = tab.current_filter().statuses
            reference = page(words, listed, indexed=False)
            every, every_reference = page(words, None, True), page(words, None, False)
            print(
                f"    search, {kind} {words}: shown {shown:,.1f} ms (plain LIKE page "
                f"{reference:,.1f} ms); page of every status {every:,.1f} ms (plain "
                f"{every_reference:,.1f} ms); count of every status {counted(words, True):,.1f}"
                f" ms (plain {counted(words, False):,.1f} ms)",
                flush=True,
            )
            worst, reference_worst = max(worst, shown), max(reference_worst, reference)
            every_worst = max(every_worst, every)
            every_reference_worst = max(every_reference_worst, every_reference)
        self.record("search", worst, reference_worst, "ms")
        self.record("search_all", every_worst, every_reference_worst, "ms")
        window.close()
        store.close()

    def weekly(self) -> None:
        from sqlalchemy import text

        from model.reports.weekly_command import export_weekly_report
        from model.storage.store import open_store

        # a working copy: each sheet made is recorded (报表存档), as the window records it
        store = open_store(working_copy(self.db, self.scratch), use_lock=False)
        out = self.scratch / "weekly.xlsx"
        mine = median_ms(lambda: export_weekly_report(store.sessions, WEEK, TODAY, out), self.reps)
        monday, sunday = WEEK, WEEK + dt.timedelta(days=6)
        query = text(
            """
            SELECT team_id, group_id, judge_id, track = 'special',
              SUM(filing_date < :monday AND (closed_on IS NULL OR closed_on >= :monday)),
              SUM(filing_date BETWEEN :monday AND :sunday),
              SUM(closed_on BETWEEN :monday AND :sunday),
              SUM(filing_date <= :sunday AND (closed_on IS NULL OR closed_on > :sunday)),
              SUM(status != 'closed' AND due_date < :sunday),
              SUM(status != 'closed' AND due_date BETWEEN :sunday AND :week_after)
            FROM cases GROUP BY 1, 2, 3, 4
            """
        )

        def hand_written() -> None:
            with store.engine.connect() as connection:
                connection.execute(
                    query,
                    {
                        "monday": monday,
                        "sunday": sunday,
                        "week_after": sunday + dt.timedelta(days=7),
                    },
                ).all()

        reference = median_ms(hand_written, self.reps)
        self.record("weekly", mine, reference, "ms")
        store.close()

    def statistics(self) -> None:
        """SPEC §9's figures for a year (with its 环比 and 同比), beside hand-written SQL."""
        from sqlalchemy import text

        from model.reports.periods import year
        from model.reports.statistics import statistics as compute
        from model.storage.store import open_store

        store = open_store(self.db, use_lock=False, read_only=True)
        period = year(TODAY.year - 1)

        def mine() -> None:
            with store.sessions() as session:
                compute(session, period, TODAY)

        # each case as of the period's last day: its clock span that day (SPEC §3)
        on_the_day = (
            "JOIN clock_spans s ON s.case_id = c.id AND s.starts <= :end"
            " AND (s.ends IS NULL OR s.ends > :end)"
        )
        counts = text(
            f"""
            SELECT s.team_id, s.group_id, s.judge_id, s.track = 'special',
              SUM(c.filing_date < :start AND (c.closed_on IS NULL OR c.closed_on >= :start)),
              SUM(c.filing_date BETWEEN :start AND :end),
              SUM(c.closed_on BETWEEN :start AND :end),
              SUM(s.status != 'closed'),
              SUM(s.status = 'pending' AND s.due_date < :end),
              SUM(s.status = 'pending' AND s.statutory_due_date < :end),
              SUM(c.closed_on BETWEEN :start AND :end AND c.closing_method = '终结本次执行程序'),
              SUM(CASE WHEN c.closed_on BETWEEN :start AND :end THEN c.amount END),
              SUM(CASE WHEN c.closed_on BETWEEN :start AND :end
                  THEN julianday(c.closed_on) - julianday(c.filing_date) END)
            FROM cases c {on_the_day}
            WHERE c.filing_date <= :end AND (c.closed_on IS NULL OR c.closed_on >= :start)
            GROUP BY 1, 2, 3, 4
            """
        )
        money = text(
            f"""
            SELECT s.team_id, s.group_id, s.judge_id, SUM(p.amount_fen)
            FROM payments p JOIN cases c ON c.id = p.case_id {on_the_day}
            WHERE p.voided_at IS NULL AND p.received_on BETWEEN :start AND :end
            GROUP BY 1, 2, 3
            """
        )

        def hand_written() -> None:
            with store.engine.connect() as connection:
                for shown in (period, period.previous(), period.year_before()):
                    bounds = {"start": shown.start, "end": shown.end}
                    connection.execute(counts, bounds).all()
                    connection.execute(money, bounds).all()

        self.record(
            "statistics",
            median_ms(mine, self.reps),
            median_ms(hand_written, self.reps),
            "ms",
        )
        store.close()

    def export(self) -> None:
        from openpyxl import Workbook

        from model.reports.case_list import case_list_query, row_values, write_case_list
        from model.storage.store import open_store

        store = open_store(self.db, use_lock=False, read_only=True)
        out = self.scratch / "cases.xlsx"
        reps = max(1, self.reps // 2)
        mine = median_ms(lambda: write_case_list(store.sessions, None, out, TODAY), reps)
        with store.sessions() as session:
            rows = [row_values(row, TODAY) for row in session.execute(case_list_query(None))]

        def reference() -> None:
            book = Workbook(write_only=True)
            sheet = book.create_sheet("案件清单")
            for row in rows:
                sheet.append(row)
            book.save(self.scratch / "reference.xlsx")

        self.record("export", mine, median_ms(reference, reps), "ms")
        store.close()

    def reminders(self) -> None:
        """待办 of everyone (the chief's list, the longest) beside the same rows read raw."""
        from model.reports.reminders import compute_reminders
        from model.storage.store import open_store

        store = open_store(self.db, use_lock=False, read_only=True)
        statements: list[tuple[str, object]] = []

        def capture(*arguments: object) -> None:  # conn, cursor, statement, parameters, …
            statement, parameters = str(arguments[2]), arguments[3]
            if "FROM cases" in statement:
                statements.append((statement, parameters))

        from sqlalchemy import event

        event.listen(store.engine, "before_cursor_execute", capture)

        def mine() -> None:
            with store.sessions() as session:
                compute_reminders(session, TODAY, None)

        mine()
        event.remove(store.engine, "before_cursor_execute", capture)
        timed = median_ms(mine, self.reps)

        def reference() -> None:  # the same SELECTs, rows fetched by the driver, no Python
            with store.engine.connect() as connection:
                for statement, parameters in statements:
                    connection.exec_driver_sql(statement, parameters).all()  # type: ignore[arg-type]

        self.record("reminders", timed, median_ms(reference, self.reps), "ms")
        store.close()

    def ledger_import(self) -> None:
        from openpyxl import Workbook

        from model.ledger.check import import_ledger
        from model.storage.store import open_store

        ledger = self.scratch / "ledger-10000.xlsx"
        if not ledger.exists():
            book = Workbook()
            sheet = book.active
            sheet.append(
                ["案号", "立案日期", "申请执行人", "被执行人", "被执行人类型", "标的额", "分流依据"]
            )
            for index in range(10_000):
                sheet.append(
                    [
                        f"（2026）吉0605执{800_000 + index}号",
                        dt.date(2026, 11, 2),
                        f"申请人{index}",
                        f"被执行人{index}",
                        "自然人",
                        10_000 + index,
                        ("S2", "O1", "S3、O5", "")[index % 4],
                    ]
                )
            book.save(ledger)
        times = []
        for _ in range(max(1, self.reps // 2)):
            copy = working_copy(self.db, self.scratch)
            store = open_store(copy, use_lock=False, backup_before_upgrade=False)
            start = time.perf_counter()
            result, _check = import_ledger(store.sessions, ledger, None, TODAY)
            times.append((time.perf_counter() - start) * 1000)
            assert result.imported == 10_000, result
            store.close()
        self.record("import", statistics.median(times), None, "ms")

    def footprint(self) -> None:
        """The file's bytes a case after a checkpoint, and the audit record's share."""
        import sqlite3

        with contextlib.closing(sqlite3.connect(self.db)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cases = connection.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
            entries = connection.execute("SELECT COUNT(*) FROM audit_entries").fetchone()[0]
            audit = connection.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name = 'audit_entries' "
                "OR name LIKE 'ix_audit%' OR name LIKE 'sqlite_autoindex_audit%'"
            ).fetchone()[0]
        size = self.db.stat().st_size
        print(f"    ({size / 1e6:,.1f} MB, {entries / cases:.2f} audit entries a case)")
        self.record("footprint", size / cases, None, "B")
        self.record("audit_bytes", audit / cases, None, "B")

    def backups(self) -> None:
        """One automatic backup (size, time) and a year of daily ones kept by the rotation.

        The year is the real copy put in the rotation folder under each day's name, the
        rotation run after each, as ``make_backup`` does: only the copy's size matters.
        """
        from model.storage import backup

        db = working_copy(self.db, self.scratch)
        size = db.stat().st_size
        start = time.perf_counter()
        first = backup.make_backup(db, now=dt.datetime(2026, 1, 1, 18))
        took = time.perf_counter() - start
        copy = first.path.stat().st_size
        template = self.scratch / "backup-template"
        shutil.copyfile(first.path, template)  # the rotation drops the first in time
        for day in range(1, 366):
            now = dt.datetime(2026, 1, 1, 18) + dt.timedelta(days=day)
            name = first.path.name.replace("20260101-180000", f"{now:%Y%m%d-%H%M%S}")
            shutil.copyfile(template, backup.backup_folder(db) / name)
            backup.rotate(db)
        kept = list(backup.backup_folder(db).iterdir())
        total = sum(path.stat().st_size for path in kept)
        print(f"    (one copy {copy / 1e6:,.1f} MB in {took:,.1f} s; {len(kept)} kept)")
        self.record("backup", 100 * copy / size, None, "% of the file")
        self.record("backup_folder", total / size, None, "× the file")
        shutil.rmtree(backup.backup_folder(db))
        template.unlink()
        db.unlink()

    def integrity(self) -> None:
        """`audit-verify` (chain + every audited row) and `check` (+ every clock), as run."""
        for command, key in (("audit-verify", "audit"), ("check", "check")):

            def run(name: str = command) -> None:
                done = subprocess.run(
                    [sys.executable, str(ROOT / "main.py"), name, "--db", str(self.db)],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if done.returncode != 0:
                    raise SystemExit(f"{name} failed on {self.db}:\n{done.stdout}{done.stderr}")

            self.record(key, median_ms(run, max(1, self.reps // 2)), None, "ms")


TARGETS = {
    "launch": ("launch to a usable main window (deadlines tab filled)", "≤ 1,000 ms; ≤ 2× ref"),
    "typing": ("typing one character in the deadlines search, view updated", "≤ 50 ms"),
    "search": (
        "typing a fragment of 2+ characters in the deadlines search (slowest kind; ref: "
        "the plain LIKE)",
        "≤ 50 ms",
    ),
    "search_all": (
        "the same, the list of every status (SQL page; ref: the plain LIKE)",
        "≤ 50 ms",
    ),
    "filter": ("changing a filter (team)", "≤ 50 ms"),
    "weekly": ("building and saving the weekly sheet", "≤ 1,000 ms"),
    "statistics": ("a year's statistics (SPEC §9, with 环比 and 同比)", "≤ 1,000 ms"),
    "export": ("exporting the full case list", "≤ 1.2× ref"),
    "import": ("importing a 10,000-row ledger", "≤ 5,000 ms"),
    "reminders": ("待办 of everyone (the chief's list) computed", "≤ 200 ms"),
    "intake": ("saving one intake", "≤ 50 ms"),
    "audit": ("audit-verify: the chain and every audited row against it", "≤ 60,000 ms"),
    "check": ("check: integrity, foreign keys and every case's clock recomputed", "≤ 60,000 ms"),
    "memory": ("peak memory with the deadlines tab open", "≤ 400 MB"),
    "footprint": ("the file's size a case (after a checkpoint)", "≤ 3,000 B"),
    "audit_bytes": ("— of which the audit record (table and indexes)", ""),
    "backup": ("one automatic backup (compressed, verified), of the file's size", ""),
    "backup_folder": ("the backup folder after a year of daily backups", "≤ 3× the file"),
    "stall": (
        "longest stall of the window during typing, filters, saves, the week's figures "
        "and exporting the open cases",
        "≤ 200 ms",
    ),
}


def table(results: dict[int, dict[str, tuple[float, float | None, str]]]) -> str:
    """The Markdown table of every size's results."""
    sizes = sorted(results)
    head = "| work | target | " + " | ".join(f"{n:,} cases" for n in sizes) + " |"
    lines = [head, "|---|---|" + "---|" * len(sizes)]
    for key, (label, target) in TARGETS.items():
        cells = []
        for size in sizes:
            if key not in results[size]:
                cells.append("—")
                continue
            value, reference, unit = results[size][key]
            cell = f"{value:,.2f} {unit}" if unit.startswith("×") else f"{value:,.0f} {unit}"
            if reference:
                cell += f" (ref {reference:,.0f}; ×{value / reference:.2f})"
            cells.append(cell)
        lines.append(f"| {label} | {target} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    """Build, measure, report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--skip", default="", help="comma-separated measurements to skip")
    arguments = parser.parse_args()
    sizes = [int(part) for part in arguments.sizes.split(",") if part]
    skip = set(filter(None, arguments.skip.split(",")))
    arguments.workdir.mkdir(parents=True, exist_ok=True)
    results: dict[int, dict[str, tuple[float, float | None, str]]] = {}
    for size in sizes:
        # -grouped: generated as the program's own write paths write (audit record with
        # one entry a case and action, history, a working bureau's backlog;
        # tests/model/test_sample_data_shape.py); older caches were not.
        db = arguments.workdir / f"cases-{size}-seed{arguments.seed}-grouped.sqlite"
        print(f"{size:,} cases: {db}", flush=True)
        build_database(db, size, arguments.seed)
        with tempfile.TemporaryDirectory(dir=arguments.workdir) as scratch:
            bench = Bench(db, arguments.reps, Path(scratch))
            steps = {
                "launch": bench.launch_and_memory,
                "window": bench.window_actions,
                "search": bench.search,
                "weekly": bench.weekly,
                "statistics": bench.statistics,
                "export": bench.export,
                "import": bench.ledger_import,
                "reminders": bench.reminders,
                "integrity": bench.integrity,
                "footprint": bench.footprint,
                "backups": bench.backups,
            }
            for name, step in steps.items():
                if name not in skip:
                    step()
        results[size] = bench.results
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    when = f"{dt.datetime.now():%Y-%m-%d %H:%M}"
    report = f"Measured {when} on {machine}; medians of {arguments.reps} runs.\n\n"
    report += table(results) + "\n"
    print("\n" + report)
    (arguments.workdir / "results.md").write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
