"""Set up the project's virtual environment and run the program or the tests.

    python3 packaging/bootstrap.py run [ARGS...]     the program (main.py ARGS)
    python3 packaging/bootstrap.py test [PYTEST ARGS] the whole test suite
    python3 packaging/bootstrap.py check             ruff, ruff format --check, mypy

Needs only Python 3 (with its venv module). The environment lives in .venv beside
the project and is refreshed whenever pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"


def venv_python() -> Path:
    """The interpreter inside the project's environment."""
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_environment(with_tests: bool) -> Path:
    """Create .venv and install the dependencies when they are missing or stale."""
    python = venv_python()
    if not python.exists():
        print("正在创建虚拟环境 .venv …", flush=True)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        except subprocess.CalledProcessError:
            sys.exit(
                "无法创建虚拟环境。Debian/统信UOS/银河麒麟 上请先安装 python3-venv："
                "sudo apt install python3-venv"
            )
    extra = "[test]" if with_tests else ""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extra.encode()).hexdigest()
    have = STAMP.read_text().split() if STAMP.exists() else []
    if wanted not in have:
        print("正在安装依赖 …", flush=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "-q",
                "-e",
                f"{ROOT}{extra}",
            ],
            check=True,
        )
        # A test install includes everything a run install needs.
        stamps = [wanted]
        if with_tests:
            plain = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
            stamps.append(plain)
        STAMP.write_text(" ".join(stamps))
    return python


CHECKS = (
    ("ruff", "check", "."),
    ("ruff", "format", "--check", "."),
    ("mypy",),  # what and how strictly: [tool.mypy] in pyproject.toml
)


def check(python: Path) -> int:
    """The static checks CI runs before the tests; the first failure's exit code."""
    for step in CHECKS:
        print("检查：" + " ".join(step), flush=True)
        code = subprocess.call([str(python), "-m", *step], cwd=ROOT)
        if code != 0:
            print(f"错误：{step[0]} 检查未通过。", file=sys.stderr)
            return code
    return 0


def main(argv: list[str]) -> int:
    """Dispatch to the program or the tests."""
    if not argv or argv[0] not in ("run", "test", "check"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    python = ensure_environment(with_tests=command in ("test", "check"))
    if command == "run":
        return subprocess.call([str(python), str(ROOT / "main.py"), *rest], cwd=ROOT)
    if command == "check":
        return check(python)
    code = subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT)
    if code == 5:
        print("错误：没有收集到任何测试。", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
