"""main.py as a scheduled job meets it: unknown commands refused, help and errors in Chinese.

Each test runs ``main.py`` in its own process, with its own empty user data folder, so
that a window opened by mistake would be seen (it would create the default database
there, and wait on its login dialog until the timeout).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from model.commands import COMMAND_TABLE

ROOT = Path(__file__).resolve().parents[1]
ARGPARSE_ENGLISH = (
    "usage:",
    "options:",
    "optional arguments",
    "positional arguments",
    "show this help message and exit",
    "error:",
    "the following arguments are required",
    "unrecognized arguments",
    "invalid choice",
    "expected one argument",
)


def main_py(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = dict(
        os.environ, XDG_DATA_HOME=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen"
    )
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
    )


def assert_no_english(text: str) -> None:
    for phrase in ARGPARSE_ENGLISH:
        assert phrase not in text, phrase


@pytest.mark.parametrize("word", ["statistic", "foo", "Check", "导出"])
def test_an_unknown_command_is_refused_with_the_list_and_no_window(
    tmp_path: Path, word: str
) -> None:
    result = main_py(tmp_path, word, "--db", str(tmp_path / "cases.sqlite"))
    assert result.returncode == 2
    assert f"没有“{word}”这个命令" in result.stderr
    for command in COMMAND_TABLE:
        assert command.name in result.stderr and command.help in result.stderr
    assert_no_english(result.stderr)
    assert not (tmp_path / "data").exists() and not (tmp_path / "cases.sqlite").exists()


def test_an_option_the_window_does_not_have_is_refused_without_a_window(tmp_path: Path) -> None:
    result = main_py(tmp_path, "--report")
    assert result.returncode == 2
    assert "无法识别的参数：--report" in result.stderr
    assert_no_english(result.stderr)
    assert not (tmp_path / "data").exists()


def test_help_lists_every_command_in_chinese(tmp_path: Path) -> None:
    result = main_py(tmp_path, "--help")
    assert result.returncode == 0
    out = result.stdout
    assert out.startswith("用法：main.py") and "选项" in out and "显示本帮助并退出" in out
    for command in COMMAND_TABLE:
        assert f"{command.name}  " in out and command.help in out
    assert_no_english(out)
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("command", COMMAND_TABLE, ids=lambda command: command.name)
def test_each_commands_help_is_chinese(tmp_path: Path, command) -> None:
    result = main_py(tmp_path, command.name, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith(f"用法：main.py {command.name}")
    assert command.help in result.stdout and "显示本帮助并退出" in result.stdout
    assert_no_english(result.stdout)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["weekly-report", "out.xlsx"], "缺少以下参数：--week"),
        (["weekly-report", "out.xlsx", "--week"], "参数 --week：需要一个值"),
        (["weekly-report", "out.xlsx", "--week", "3月2日"], "不是有效日期"),
        (["check", "--bogus"], "无法识别的参数：--bogus"),
        (["backup"], "缺少以下参数：OUT.sqlite"),
    ],
)
def test_argument_errors_are_chinese(tmp_path: Path, args: list[str], expected: str) -> None:
    result = main_py(tmp_path, *args)
    assert result.returncode == 2
    assert "错误：命令参数不正确" in result.stderr and expected in result.stderr
    assert result.stderr.startswith("用法：")
    assert_no_english(result.stderr)
    assert not (tmp_path / "data").exists()


def test_argparse_is_left_english_for_everyone_else() -> None:
    import argparse

    from model.commands import build_parser

    build_parser().format_help()
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]


def test_the_collector_is_on_while_a_command_runs_and_after_a_refused_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """main.py keeps the garbage collector off only while the modules are imported."""
    import gc

    import main
    import model.commands

    seen: list[bool] = []
    monkeypatch.setattr(
        model.commands, "run_parsed", lambda _arguments: seen.append(gc.isenabled()) or 0
    )
    assert main.main(["check", "--db", str(tmp_path / "cases.sqlite")]) == 0
    assert seen == [True] and gc.isenabled()
    with pytest.raises(SystemExit):
        main.main(["--report"])
    assert gc.isenabled()


FROZEN_CHILD = """
import multiprocessing, runpy, sys
sys.frozen = True  # as in the PyInstaller bundle
def freeze_support():  # PyInstaller's: the child's work runs here, then it exits
    loaded = [m for m in sys.modules if m.split(".")[0] in ("PySide6", "gui", "model")]
    print("child", sorted(loaded))
    raise SystemExit(0)
multiprocessing.freeze_support = freeze_support
sys.argv = ["zhixing-tuandui", "--multiprocessing-fork", "tracker_fd=5", "pipe_handle=7"]
runpy.run_path("main.py", run_name="__main__")
"""


def test_the_bundle_becomes_the_export_child_before_anything_else(tmp_path: Path) -> None:
    """Frozen, main.py calls freeze_support first: no Qt, no parser (it would refuse the line)."""
    environment = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "data"))
    result = subprocess.run(
        [sys.executable, "-c", FROZEN_CHILD],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "child []"
