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
from typing import Any

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


def export_in_child(store: Any, out: Path) -> int:
    """The window's export without the window: a child process writes, this one polls."""
    from model.reports.case_list_process import CaseListChild, reopenable_url
    from model.reports.target_file import atomic_target

    with atomic_target(out) as temporary:
        child = CaseListChild(reopenable_url(store.engine), None, temporary, TODAY)
        try:
            child.start()
            while not child.ended(timeout=0.05):  # the window's timer polls every 50 ms
                pass
            assert child.written is not None, child.error
            return child.written
        finally:
            child.close()


# --- launch and memory, each in a fresh process -------------------------------------

# Each child's own peak memory. Not ru_maxrss: Linux carries the parent's peak over
# exec into the child's, so a benchmark process grown large reported its own figure for
# both the window and the reference. VmHWM belongs to the child's address space alone.
_PEAK = r"""
def peak_kb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

_LAUNCH_CHILD = r"""
import gc, os, sys, time
gc.disable()  # what main.py does first (here before the imports of the patches below)
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
        if {waiting}:
            QTimer.singleShot(5, ready)
            return
        QApplication.processEvents()
        print("READY", time.time(), peak_kb(), flush=True)
        self.close()
    QTimer.singleShot(0, ready)

main_window.MainWindow.show = show
import main
sys.exit(main.main(["--db", {db!r}]))
"""

_BARE_CHILD = r"""
import sys, time
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
    print("READY", time.time(), peak_kb(), flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""


# What the launch child waits for before the window counts as usable: the 期限 tab built
# and its first page read (the README's row since issue 7), or the window as it opens —
# on 待办 (SPEC §8), its list read and shown; 期限 is built when first clicked.
DEADLINES_FILLED = "self.deadlines_tab.model.rowCount() == 0"
TODO_SHOWN = "self.todo_tab.loading()"


def installed_copy(folder: Path) -> Path:
    """The program as the bundle holds it: compiled modules without their sources.

    Two costs of a start from the checkout that no user's start pays (measured, issue 20):
    with PYTHONDONTWRITEBYTECODE set, as on the shared machine, about a hundred modules
    were compiled from source at every start (150 ms); and PySide6's import hook reads the
    source of every module imported after it, looking for ``from __feature__ import``
    (30–40 ms of processor time). The bundle (packaging/zhixing.spec) has compiled
    modules only, beside data/ and resources/, as this copy has.
    """
    import compileall

    target = folder / "installed"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("model", "gui", "data", "resources"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "main.py", target / "main.py")
    compileall.compile_dir(target, quiet=1, legacy=True)  # module.pyc beside module.py
    for source in target.rglob("*.py"):
        source.unlink()
    return target


def run_child(
    template: str,
    db: Path,
    settings: Path,
    *flags: str,
    waiting: str = DEADLINES_FILLED,
    root: Path = ROOT,
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Seconds from process start to a usable window, peak memory in MB, and the run."""
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "zhixing-tuandui").mkdir(exist_ok=True)
    (settings / "zhixing-tuandui" / "执行团队办案管理.ini").write_text(
        "[window]\ntab=1\n", encoding="utf-8"
    )
    code = _PEAK + template.format(
        root=str(root), db=str(db), settings=str(settings), waiting=waiting
    )
    start = time.time()
    result = subprocess.run(
        [sys.executable, *flags, "-c", code],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=root,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("READY")]
    if not lines:
        raise RuntimeError(f"the window did not start:\n{result.stdout}\n{result.stderr}")
    _, ready, peak_kb = lines[-1].split()
    return float(ready) - start, int(peak_kb) / 1024, result


def launch(
    template: str, db: Path, settings: Path, root: Path, waiting: str = DEADLINES_FILLED
) -> tuple[float, float]:
    """Seconds from process start to a usable window, and peak memory in MB."""
    seconds, megabytes, _run = run_child(template, db, settings, waiting=waiting, root=root)
    return seconds, megabytes


def import_times(template: str, db: Path, settings: Path, root: Path) -> dict[str, float]:
    """Each module imported before the window was usable: its own import time in ms.

    ``-X importtime``'s self column (the module's code, not what it imports). It adds
    its own overhead, so the sums are read beside the reference's, not as wall time.
    """
    *_figures, run = run_child(template, db, settings, "-X", "importtime", root=root)
    times: dict[str, float] = {}
    for line in run.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            own, _total, name = line.removeprefix("import time:").split("|")
            if own.strip().isdigit():
                times[name.strip()] = int(own) / 1000
    return times


def import_group(module: str) -> str:
    """Where an import's time is counted: our packages by their second level
    (model.entities, gui.tabs), the standard library as one, others by top level."""
    top = module.split(".")[0]
    if top in ("model", "gui"):
        return ".".join(module.split(".")[:2])
    if top in sys.stdlib_module_names or top.startswith("_"):
        return "(standard library)"
    return top


# Each group's budget of import time at the window's start, as a share of the bare
# reference's whole import time in the same run (-X importtime's self times; a share,
# so that a busy machine slows the budget with the figures). Set from the runs of issue
# 20 with room for noise; a group over its budget is named in the results. A group not
# listed — each other package of ours, each other third party (openpyxl would be one) —
# has DEFAULT_IMPORT_BUDGET.
IMPORT_BUDGETS = {
    "sqlalchemy": 0.65,  # the reference imports the core (0.40–0.60); the ORM adds 0.15
    "model.entities": 0.32,  # 31 mapped classes (0.25–0.28): the ORM's price
    "model.cases": 0.08,  # 期限's queries and search (0.04–0.06)
    "(standard library)": 0.35,  # the reference's own 0.25–0.30
    "PySide6": 0.25,
    "shibokensupport": 0.22,  # PySide6's signature and feature support
}
DEFAULT_IMPORT_BUDGET = 0.05


# --- the measurements ------------------------------------------------------------------


class Bench:
    """All measurements on one database size."""

    def __init__(self, db: Path, reps: int, scratch: Path) -> None:
        self.db = db
        self.reps = reps
        self.scratch = scratch
        self.results: dict[str, tuple[float, float | None, str]] = {}
        self._installed: Path | None = None

    def record(self, work: str, value: float, reference: float | None, unit: str) -> None:
        self.results[work] = (value, reference, unit)
        shown = f"{value:,.1f} {unit}" + (f" (ref {reference:,.1f} {unit})" if reference else "")
        print(f"    {work}: {shown}", flush=True)

    def installed(self) -> Path:
        """The program as installed (made once per size, in the scratch folder)."""
        if self._installed is None:
            self._installed = installed_copy(self.scratch)
        return self._installed

    def launch_and_memory(self) -> None:
        settings, root = self.scratch / "settings", self.installed()
        for template in (_LAUNCH_CHILD, _BARE_CHILD):  # untimed: the files into the cache
            launch(template, self.db, settings, root)
        runs, opened, bare = [], [], []
        for _ in range(self.reps):  # alternated: a busy moment of the machine hits all
            runs.append(launch(_LAUNCH_CHILD, self.db, settings, root))
            opened.append(launch(_LAUNCH_CHILD, self.db, settings, root, TODO_SHOWN))
            bare.append(launch(_BARE_CHILD, self.db, settings, root))
        reference = statistics.median(r[0] for r in bare) * 1000
        self.record("launch", statistics.median(r[0] for r in runs) * 1000, reference, "ms")
        self.record(
            "launch_opened", statistics.median(r[0] for r in opened) * 1000, reference, "ms"
        )
        self.record("memory", max(r[1] for r in runs), max(r[1] for r in bare), "MB")

    def launch_imports(self) -> None:
        """The import time on the way to the usable window, by package, beside the reference's.

        Medians over the runs of each module's own time; the groups over their budget
        (IMPORT_BUDGETS) and the modules the reference does without are printed.
        """
        settings, root = self.scratch / "settings", self.installed()
        runs = [import_times(_LAUNCH_CHILD, self.db, settings, root) for _ in range(self.reps)]
        bare = [import_times(_BARE_CHILD, self.db, settings, root) for _ in range(self.reps)]

        def medians(times: list[dict[str, float]]) -> dict[str, float]:
            names = set().union(*times)
            return {name: statistics.median(t.get(name, 0.0) for t in times) for name in names}

        def grouped(modules: dict[str, float]) -> dict[str, float]:
            groups: dict[str, float] = {}
            for name, ms in modules.items():
                groups[import_group(name)] = groups.get(import_group(name), 0.0) + ms
            return groups

        mine, reference = medians(runs), medians(bare)
        groups, reference_groups = grouped(mine), grouped(reference)
        whole = sum(reference.values())
        print("    imports by package (ms; the reference's beside; budget):", flush=True)
        over: list[str] = []
        for group, ms in sorted(groups.items(), key=lambda item: -item[1]):
            budget = IMPORT_BUDGETS.get(group, DEFAULT_IMPORT_BUDGET) * whole
            if ms > budget:
                over.append(group)
            if ms >= 2.0 or ms > budget:
                print(
                    f"      {group:<34} {ms:7.1f}  (ref {reference_groups.get(group, 0.0):6.1f};"
                    f" budget {budget:5.0f}){'  OVER BUDGET' if ms > budget else ''}",
                    flush=True,
                )
        print(f"    over budget: {', '.join(over) or 'none'}", flush=True)
        extra = sorted(
            ((ms, name) for name, ms in mine.items() if name not in reference), reverse=True
        )
        costliest = ", ".join(f"{name} {ms:.1f}" for ms, name in extra[:12])
        print(
            f"    {len(extra)} modules the reference does without,"
            f" {sum(ms for ms, _ in extra):,.0f} ms; the costliest: {costliest}",
            flush=True,
        )
        self.record("imports", sum(mine.values()), sum(reference.values()), "ms")

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

        def between() -> None:
            """Untimed: a moment between two activities, so each gap is charged to one."""
            end = time.perf_counter() + 0.05
            while time.perf_counter() < end:
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

        between()
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

        between()
        doing[0] = "intake"
        self.record("intake", median_ms(save_one, self.reps * 4, app.processEvents), None, "ms")
        app.processEvents()
        # Long work through the window, seen only by the heartbeat: the week's figures
        # (read in the background when 报表 shows) and the open cases exported from 期限
        # (by a child process, behind a progress dialog).
        between()
        doing[0] = "week's figures"
        window.tabs.setCurrentIndex(2)
        reports = window.reports_tab
        while reports.reader.busy():
            app.processEvents()
        window.tabs.setCurrentIndex(1)
        quiet()
        tab.ask_export_path = lambda parent: self.scratch / "open-cases.xlsx"  # type: ignore[method-assign]
        failures: list[str] = []
        tab.show_message = lambda title, text: failures.append(text)  # type: ignore[method-assign]
        between()
        doing[0] = "export"
        started = time.perf_counter()
        tab.export_button.click()
        assert not failures, failures
        print(f"    (the open cases exported: {time.perf_counter() - started:.1f} s)", flush=True)
        # And every case, from 报表 (导出全部案件): the longest export, minutes at 1M.
        between()
        doing[0] = "tab"
        window.tabs.setCurrentIndex(2)
        while reports.reader.busy():
            app.processEvents()
        reports.ask_save_path = lambda *_: self.scratch / "all-cases.xlsx"  # type: ignore[method-assign]
        between()
        doing[0] = "export all"
        started = time.perf_counter()
        reports.export_cases()
        assert not reports.message.text(), reports.message.text()  # an error is said there
        assert (self.scratch / "all-cases.xlsx").exists()
        print(f"    (every case exported: {time.perf_counter() - started:.1f} s)", flush=True)
        between()
        heartbeat.stop()
        gaps = [(b[0] - a[0], b[1]) for a, b in itertools.pairwise(beats)]
        longest, during = max(gaps, default=(0.0, "-"))
        worst: dict[str, float] = {}
        for gap, what in gaps:
            worst[what] = max(worst.get(what, 0.0), gap)
        each = ", ".join(f"{what} {gap * 1000:.0f} ms" for what, gap in worst.items())
        print(f"    (longest stall during: {during}; longest of each: {each})", flush=True)
        self.record("stall", longest * 1000, None, "ms")
        self.record("stall_export", max(worst["export"], worst["export all"]) * 1000, None, "ms")
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

        referenced = median_ms(reference, reps)
        self.record("export", mine, referenced, "ms")
        self.record("export_child", median_ms(lambda: export_in_child(store, out), reps),
                    referenced, "ms")  # fmt: skip
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
        from tests.ledger_files import realistic_ledger

        # a bureau's year: parties, closed rows, a 期限事项 sheet (year 2016: its numbers
        # are not among the generated cases')
        realistic = self.scratch / "ledger-realistic-10000.xlsx"
        if not realistic.exists():
            realistic_ledger(realistic, 10_000, year=2016)
        eventful = self.scratch / "ledger-many-events-10000.xlsx"
        if not eventful.exists():
            realistic_ledger(eventful, 10_000, year=2016, many_events=True)
        for key, book in (
            ("import", ledger),
            ("import_realistic", realistic),
            ("import_events", eventful),
        ):
            times = []
            for _ in range(max(1, self.reps // 2)):
                copy = working_copy(self.db, self.scratch)
                store = open_store(copy, use_lock=False, backup_before_upgrade=False)
                start = time.perf_counter()
                result, _check = import_ledger(store.sessions, book, None, TODAY)
                times.append((time.perf_counter() - start) * 1000)
                assert result.imported == 10_000, result
                store.close()
            self.record(key, statistics.median(times), None, "ms")

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
    "launch_opened": (
        "launch to the window as it opens (待办 read and shown; 期限 built when first clicked)",
        "≤ 2× ref",
    ),
    "imports": (
        "imports at launch (-X importtime self times; ref: the bare window's)",
        "each package within its budget (IMPORT_BUDGETS)",
    ),
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
    "export_child": (
        "the same from the window: written by a child process (its start-up included)",
        "≤ 1.2× ref",
    ),
    "import": ("importing a 10,000-row ledger", "≤ 5,000 ms"),
    "import_realistic": (
        "importing a realistic 10,000-row ledger (parties, a third closed, 期限事项)",
        "≤ 5,000 ms",
    ),
    "import_events": (
        "— the same with 期限事项 on a quarter of its cases (2,567: extensions, suspensions, 移交)",
        "≤ 5,000 ms",
    ),
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
        "and exporting the open cases and every case",
        "≤ 200 ms",
    ),
    "stall_export": ("the same during the two exports alone", "≤ 100 ms"),
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
                "imports": bench.launch_imports,
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
