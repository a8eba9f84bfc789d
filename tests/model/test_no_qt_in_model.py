"""model/ is the Qt-free core: the CLI and the tests use it without a window."""

from __future__ import annotations

import ast
from pathlib import Path

MODEL = Path(__file__).resolve().parents[2] / "model"
QT_PACKAGES = ("PySide6", "PyQt5", "PyQt6", "shiboken6")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_model_never_imports_qt() -> None:
    offenders = {
        str(path.relative_to(MODEL)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] in QT_PACKAGES
        )
        for path in MODEL.rglob("*.py")
    }
    offenders = {path: names for path, names in offenders.items() if names}
    assert list(MODEL.rglob("*.py")), "model/ has no modules"
    assert offenders == {}
