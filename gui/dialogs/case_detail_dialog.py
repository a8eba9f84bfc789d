"""案件详情: the facts, both due dates, the 终本 checks, the whole history and the events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session, sessionmaker

from gui.dialogs.audit_dialog import AuditDialog
from gui.dialogs.basis_correction_dialog import BasisCorrectionDialog
from gui.dialogs.closing_dialog import ClosingDialog
from gui.dialogs.coercive_dialog import CoerciveDialog
from gui.dialogs.end_suspension_dialog import EndSuspensionDialog
from gui.dialogs.exclusion_dialog import ExclusionDialog
from gui.dialogs.extension_dialog import ExtensionDialog
from gui.dialogs.payment_dialog import PaymentDialog
from gui.dialogs.property_check_dialog import PropertyCheckDialog
from gui.dialogs.transfer_dialog import TransferDialog
from gui.dialogs.void_dialog import VoidDialog
from gui.permission_gate import gate
from model.access.permissions import Action
from model.cases.detail import CaseDetail, case_detail
from model.cases.events.payment import yuan
from model.cases.property_schedule import CheckState
from model.entities import CaseStatus
from model.storage.concurrency import expecting


@dataclass(frozen=True)
class DetailOutcome:
    """What happened while the dialog was open."""

    changed: bool  # an event was saved: the lists must reload
    retriage: bool  # the user asked to re-triage the case (重新分流)


def _date(day: dt.date | None) -> str:
    return "—" if day is None else f"{day:%Y-%m-%d}"


_ACTIONS = {
    "exclusion": Action.RECORD_EVENT,
    "end_suspension": Action.RECORD_EVENT,
    "extension": Action.RECORD_EVENT,
    "void": Action.RECORD_EVENT,
    "transfer": Action.CONFIRM_TRANSFER,
    "closing": Action.RECORD_CLOSING,
    "retriage": Action.INTAKE,
    "coercive": Action.RECORD_COERCIVE,
    "basis": Action.CORRECT_BASIS,
    "payment": Action.RECORD_PAYMENT,
    "property_check": Action.RECORD_EVENT,
}

PAID_IN_FULL = "执行完毕"


OVERDUE_STYLE = "color: #b3261e; background: #f6c4c0; font-weight: bold; padding: 1px 4px;"
"""已超期 stands out as the overdue rows of the 期限 list do (the same red)."""


def schedule_text(d: CaseDetail) -> str:
    """The ten checks after 终本, each with its state; "—" for other cases."""
    if not d.check_schedule:
        return "—"
    parts = []
    for check in d.check_schedule:
        text = f"第{check.ordinal}次 {_date(check.due)} {check.state.label}"
        if check.checked_on is not None:
            text += f"（{_date(check.checked_on)} {check.result}）"
        parts.append(text)
    waiting = [c for c in d.check_schedule if c.state not in (CheckState.DONE, CheckState.MOOT)]
    if waiting and waiting[0].state is CheckState.OVERDUE:
        upcoming = f"第{waiting[0].ordinal}次核查（应于 {_date(waiting[0].due)}）已逾期未登记"
    elif waiting:
        upcoming = f"下次核查 {_date(waiting[0].due)}"
    elif any(c.state is CheckState.MOOT for c in d.check_schedule):
        upcoming = "已恢复执行，不再核查"
    else:
        upcoming = "十次核查均已登记"
    return f"{upcoming}；每六个月一次，五年内共十次：" + "；".join(parts)


class CaseDetailDialog(QDialog):
    """One case: read it, record its events."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        case_id: int,
        operator: Callable[[], int | None],
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sessions, self._case_id, self._operator, self._today = (
            sessions,
            case_id,
            operator,
            today,
        )
        self.changed = False
        self.retriage = False
        self.setMinimumSize(760, 620)
        self.facts = QFormLayout()
        self.fact_labels: dict[str, QLabel] = {}
        for key, title in (
            ("number", "案号"), ("parties", "当事人"), ("filing", "立案日期"),
            ("basis", "执行依据类别"), ("track", "分流类型"), ("handler", "承办"),
            ("status", "状态"),
            ("due", "到期日（团队期限）"), ("statutory", "法定到期日"),
            ("closing", "结案"), ("payments", "执行到位款"), ("checks", "终本财产核查"),
            ("link", "关联案件"),
        ):  # fmt: skip
            label = QLabel()
            label.setWordWrap(True)
            self.fact_labels[key] = label
            self.facts.addRow(f"{title}：", label)
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.missing_label.setProperty("role", "notice")
        self.history_view = QPlainTextEdit()
        self.history_view.setReadOnly(True)

        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for position, (key, text, slot) in enumerate(
            (
                ("exclusion", "登记不计入期间…", self._exclusion),
                ("end_suspension", "中止结束…", self._end_suspension),
                ("extension", "延长期限…", self._extension),
                ("transfer", "移交普执团队…", self._transfer),
                ("closing", "结案…", self._closing),
                ("coercive", "强制措施…", self._coercive),
                ("payment", "执行到位款…", self._payment),
                ("property_check", "终本财产核查…", self._property_check),
                ("void", "更正记录…", self._void),
                ("basis", "更正执行依据类别…", self._basis),
                ("retriage", "重新分流", self._retriage),
                ("audit", "操作记录…", self._audit),
            )
        ):
            button = QPushButton(text)
            button.clicked.connect(partial(self._as_shown, slot))
            self.buttons[key] = button
            grid.addWidget(button, position // 4, position % 4)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(self.facts)
        layout.addWidget(self.missing_label)
        layout.addLayout(grid)
        layout.addWidget(QLabel("案件日志："))
        layout.addWidget(self.history_view, 1)
        layout.addLayout(bottom)
        self.detail: CaseDetail
        self.reload()

    def reload(self) -> None:
        """Read the case again."""
        d = self.detail = case_detail(self._sessions, self._case_id, self._today)
        self.setWindowTitle(f"案件详情 — {d.number}")
        f = self.fact_labels
        f["number"].setText(d.number + ("（非诉执行）" if d.non_litigation else ""))
        f["parties"].setText(f"申请执行人 {d.applicants or '—'}；被执行人 {d.respondents or '—'}")
        f["filing"].setText(_date(d.filing_date))
        limit = "非诉执行，法定期限 3 个月" if d.non_litigation else "法定期限 6 个月"
        f["basis"].setText(f"{d.basis_kind}（{limit}）")
        f["track"].setText(d.track.label)
        f["handler"].setText(" / ".join(x for x in (d.team, d.group, d.judge) if x) or "未分案")
        f["status"].setText(d.status.label)
        if d.status is CaseStatus.SUSPENDED:
            left = d.days_left_at_suspension
            f["due"].setText(f"期限中止（中止时剩余 {left} 日）")
            f["due"].setStyleSheet("")
            f["statutory"].setStyleSheet("")
            f["statutory"].setText("期限中止")
        else:
            if d.days_left is None:
                note = ""
            elif d.days_left < 0:
                note = f"（已超期 {-d.days_left} 日）"
            else:
                note = f"（剩余 {d.days_left} 日）"
            f["due"].setText(_date(d.due_date) + note)
            if d.statutory_days_left is None:
                statutory = ""
            elif d.statutory_days_left < 0:
                statutory = f"（已超审限 {-d.statutory_days_left} 日）"
            else:
                statutory = f"（剩余 {d.statutory_days_left} 日）"
            f["statutory"].setText(_date(d.statutory_due_date) + statutory)
            overdue = d.days_left is not None and d.days_left < 0
            f["due"].setStyleSheet(OVERDUE_STYLE if overdue else "")
            past_statutory = d.statutory_days_left is not None and d.statutory_days_left < 0
            f["statutory"].setStyleSheet(OVERDUE_STYLE if past_statutory else "")
        received = f"执行到位 {yuan(d.received_fen)} 元"
        closing = f"{_date(d.closed_on)} {d.closing_method}" if d.closed_on else "未结案"
        if d.closing_method == PAID_IN_FULL:
            closing += f"（{received}）"
        f["closing"].setText(closing)
        f["payments"].setText(
            "；".join(
                f"{_date(p.received_on)} {yuan(p.amount_fen)} 元"
                + (f"（{p.note}）" if p.note else "")
                for p in d.payments
            )
            + f"。合计{received}。"
            if d.payments
            else "尚未登记"
        )
        f["checks"].setText(schedule_text(d))
        link = []
        if d.resumed_to:
            link.append(f"财产核查发现可供执行财产，已恢复执行：{d.resumed_to}")
        if d.resumed_from:
            link.append(f"恢复执行自终本案件 {d.resumed_from}")
        f["link"].setText("；".join(link) or "—")
        years = "、".join(str(year) for year in d.missing_years)
        self.missing_label.setText(
            f"{years}年节假日安排尚未录入，到期日仅按周末顺延。" if years else ""
        )
        self.missing_label.setVisible(bool(years))
        self.history_view.setPlainText(
            "\n".join(
                f"{line.at:%Y-%m-%d %H:%M}  {line.actor}  {line.summary}" for line in d.history
            )
        )
        closed = d.status is CaseStatus.CLOSED
        enabled = {
            key: not closed for key in ("exclusion", "extension", "closing", "retriage", "coercive")
        }
        enabled["end_suspension"] = d.open_period_id is not None and not closed
        enabled["transfer"] = d.can_transfer
        enabled["property_check"] = any(
            c.state is not CheckState.DONE and c.state is not CheckState.MOOT
            for c in d.check_schedule
        )
        enabled["void"] = True
        enabled["basis"] = True
        enabled["payment"] = True  # money keeps arriving after a closing (终本 especially)
        actor = self._operator()
        for key, on in enabled.items():
            # Disabled (with the reason as tooltip) when this user may not; the services
            # refuse it as well.
            action = _ACTIONS[key]
            gate([self.buttons[key]], self._sessions, actor, action, on, self._case_id)

    def _as_shown(self, slot: Callable[[], None], *_checked: object) -> None:
        # A case another clerk changed since it was shown here is refused by the service.
        with expecting(self._case_id, self.detail.version):
            slot()

    def _done(self, saved: bool) -> None:
        if saved:
            self.changed = True
            self.reload()

    def _exclusion(self) -> None:
        saved, note = ExclusionDialog.ask(
            self._sessions, self._case_id, self._operator(), self._today, self
        )
        self._done(saved)
        if saved and note:
            self.show_note(note)

    def _end_suspension(self) -> None:
        period = self.detail.open_period_id
        if period is not None:
            self._done(
                EndSuspensionDialog.ask(self._sessions, period, self._operator(), self._today, self)
            )

    def _extension(self) -> None:
        saved, warning = ExtensionDialog.ask(
            self._sessions, self._case_id, self._operator(), self._today, self
        )
        self._done(saved)
        if warning:
            self.show_warning(warning)

    def show_warning(self, text: str) -> None:
        """Say something the user must notice (a late extension request)."""
        QMessageBox.warning(self, "提示", text)

    def show_note(self, text: str) -> None:
        """Confirm a save with something the user should know (days already excluded)."""
        QMessageBox.information(self, "已登记", text)

    def _transfer(self) -> None:
        self._done(
            TransferDialog.ask(self._sessions, self._case_id, self._operator(), self._today, self)
        )

    def _closing(self) -> None:
        self._done(
            ClosingDialog.ask(self._sessions, self._case_id, self._operator(), self._today, self)
        )

    def _coercive(self) -> None:
        self._done(
            CoerciveDialog.ask(self._sessions, self._case_id, self._operator(), self._today, self)
        )

    def _payment(self) -> None:
        self._done(
            PaymentDialog.ask(self._sessions, self._case_id, self._operator(), self._today, self)
        )

    def _property_check(self) -> None:
        outcome = PropertyCheckDialog.ask_outcome(
            self._sessions, self._case_id, self._operator(), self._today, self
        )
        self._done(outcome is not None)
        if outcome is not None and outcome.resumed_number:
            self.show_info(
                f"已恢复执行：登记执恢案件 {outcome.resumed_number}，"
                "已按收案规则分流、分案，可在“期限”中查看。"
            )

    def show_info(self, text: str) -> None:
        """Tell the user what followed from a save (the 执恢 case registered)."""
        QMessageBox.information(self, "恢复执行", text)

    def _void(self) -> None:
        self._done(VoidDialog.ask(self._sessions, self._case_id, self._operator(), self))

    def _basis(self) -> None:
        self._done(
            BasisCorrectionDialog.ask(
                self._sessions, self._case_id, self._operator(), self._today, self
            )
        )

    def _audit(self) -> None:
        AuditDialog.ask(self._sessions, self._operator(), self._case_id, self)

    def _retriage(self) -> None:
        self.retriage = True
        self.accept()

    @classmethod
    def ask(
        cls,
        sessions: sessionmaker[Session],
        case_id: int,
        operator: Callable[[], int | None],
        today: dt.date,
        parent: QWidget | None = None,
    ) -> DetailOutcome:
        """Show the case until closed; what changed."""
        dialog = cls(sessions, case_id, operator, today, parent)
        dialog.exec()
        return DetailOutcome(dialog.changed, dialog.retriage)
