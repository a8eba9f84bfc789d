"""关于: the program's name, version, court and where its data lives."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from model.version import VERSION


def about_text(court_name: str, database: str) -> str:
    """The text of the 关于 box."""
    return (
        f"<h3>执行团队办案管理</h3>"
        f"<p>版本 {VERSION}</p>"
        f"<p>{court_name}执行局 — 团队办案、繁简分流、期限管理、周工作量统计。</p>"
        f"<p>依据《{court_name}执行团队建设实施办法》（2021年3月1日起施行）。</p>"
        f"<p>数据库：{database}</p>"
    )


class AboutDialog:
    """The 关于 box; `ask` is the seam tests replace."""

    @staticmethod
    def ask(parent: QWidget | None, court_name: str, database: str) -> None:
        QMessageBox.about(parent, "关于 执行团队办案管理", about_text(court_name, database))
