"""An empty ledger (台账模板): SPEC §7's import headers, drop-down lists and a legend sheet."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from model.cases.assignment import team_for_track
from model.cases.basis import load_basis_kinds
from model.cases.events.rules import APPROVER_TITLES
from model.entities import (
    CLOSING_METHODS,
    PARTY_TYPES,
    TRACK_LABELS,
    CaseGroup,
    ExclusionKind,
    Person,
    Role,
    TeamMember,
    Track,
)
from model.ledger.read import EVENT_HEADERS, EVENT_SHEET, IMPORT_HEADERS
from model.reports.sheet_style import (
    BODY_FONT,
    BOLD_FONT,
    BORDER,
    DATE_FORMAT,
    HEADER_FILL,
    WRAP,
    display_width,
    first_sheet,
    save_workbook,
)
from model.storage.seed import load_data
from model.triage.criteria import list_criteria

DATA_ROWS = 2000  # rows prepared with formats and drop-downs
RULES = {
    "案号": "必填。如（2026）吉0605执123号，括号全角半角均可。案号不能重复。",
    "立案日期": "必填。日期，或文字 2026-03-01、2026/3/1、2026年3月1日。",
    "申请执行人": "多人用“、”隔开。",
    "被执行人": "多人用“、”隔开。",
    "被执行人类型": "自然人、法人、非法人组织、党政机关之一；多名被执行人可逐一对应，用“、”隔开。",
    "申请执行人数": "整数；不填按申请执行人的个数计。",
    "标的额": "单位：元，可到分。",
    "执行依据": "文字。",
    "执行依据类别": "从下拉列表选择；标有（非诉）的法定期限 3 个月。不填为“其他”（不按非诉计）。",
    "案由": "文字。",
    "分流依据": "标准代码，如 S2 或 O1、X2（见下表）。填写即为勾选结果，不再自动添加；"
    "不填则按收案规则自动勾选（执保→S5，党政机关→O4，标的额或申请人数达到标准→X1）。",
    "分流类型": "简易、普通、特殊之一。只在要调整系统建议时填写，此时必须填写调整理由。",
    "调整理由": "调整分流类型时必填。",
    "办案组": "须为该案分流类型所属团队的办案组；不填则按收案规则自动分案。",
    "承办法官": "须为该团队的员额法官；不填则自动分案。",
    "结案日期": "已结案件填写，须与结案方式同时填写，不得早于立案日期。",
    "结案方式": "六种结案方式之一；须与结案日期同时填写。",
    "执行到位金额": "已结案件可填：执行到位款合计，单位元，可到分；记为结案日期当天到位。",
}


EVENT_RULES = {
    "案号": "必填。第一个工作表中的案件，或已经收案的案件。",
    "事项": "必填。不计入期限的期间种类（如 中止执行、拍卖、变卖），或 延长、移交。",
    "开始日期": "必填。期间的第一天（不得晚于导入当日）；延长为批准日期；移交为移交日期。",
    "结束日期": "期间的最后一天，可在今后；中止执行尚未结束的不填。延长、移交不填。",
    "批准人": "延长必填：批准延长的院长或副院长姓名。",
    "批准人职务": "延长必填：院长或副院长（执行局局长无权批准）。",
    "延长月数": "延长填写，1 至 12 的整数；不填为 3 个月。",
    "承办法官": "移交填写：普执团队的新承办法官；不填则按分案规则自动确定。",
    "理由": "必填：期间的事由、延长理由或移交原因。",
}
"""The 期限事项 sheet's columns, with how to fill them (SPEC §7)."""


def _event_choices(session: Session | None) -> dict[str, list[str]]:
    if session is not None:
        kinds = list(session.scalars(select(ExclusionKind.name).order_by(ExclusionKind.ordinal)))
        team = team_for_track(session, Track.ORDINARY)
        judges = list(
            session.scalars(
                select(Person.name)
                .join(TeamMember, TeamMember.person_id == Person.id)
                .where(TeamMember.team_id == team.id, Person.role == Role.JUDGE, Person.active)
                .order_by(Person.id)
            )
        )
    else:
        from model.roster.names import normalise_name

        kinds = [k["name"] for k in load_data("exclusion_kinds.json")["kinds"]]
        roster = load_data("roster.json")
        roles = {normalise_name(p["name"]): p["role"] for p in roster["people"]}
        ordinary = next(t for t in roster["teams"] if "ordinary" in t["tracks"])
        judges = list(
            dict.fromkeys(
                normalise_name(n)
                for n in ordinary["members"]
                if roles.get(normalise_name(n)) == "judge"
            )
        )
    return {
        "事项": [*kinds, "延长", "移交"],
        "批准人职务": list(APPROVER_TITLES),
        "承办法官": judges,
    }


def _event_sheet(book: Workbook, session: Session | None) -> None:
    """The optional 期限事项 sheet: its headers, formats and drop-downs."""
    sheet = book.create_sheet(EVENT_SHEET, 1)
    sheet.append(list(EVENT_HEADERS))
    for index, header in enumerate(EVENT_HEADERS, start=1):
        cell = sheet.cell(1, index)
        cell.font, cell.fill, cell.border = BOLD_FONT, HEADER_FILL, BORDER
        cell.comment = Comment(EVENT_RULES[header], "台账模板")
        sheet.column_dimensions[get_column_letter(index)].width = max(12, display_width(header) + 4)
        if header in ("开始日期", "结束日期"):
            for row in range(2, DATA_ROWS + 2):
                sheet.cell(row, index).number_format = DATE_FORMAT
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 20
    sheet.freeze_panes = "B2"
    _lists(book, sheet, _event_choices(session), EVENT_HEADERS, "事项选项")


def _choices(session: Session) -> dict[str, list[str]]:
    groups = list(
        session.scalars(
            select(CaseGroup.name).where(CaseGroup.active).order_by(CaseGroup.rotation)
        ).unique()
    )
    judges = list(
        session.scalars(
            select(Person.name).where(Person.role == Role.JUDGE, Person.active).order_by(Person.id)
        )
    )
    return {
        "被执行人类型": list(PARTY_TYPES),
        "执行依据类别": [kind.name for kind in load_basis_kinds(session)],
        "分流类型": list(TRACK_LABELS.values()),
        "办案组": groups,
        "承办法官": judges,
        "结案方式": list(CLOSING_METHODS),
    }


def build_template(session: Session | None) -> Workbook:
    """The template workbook; the roster's groups and judges when a database is given."""
    book = Workbook()
    sheet = first_sheet(book)
    sheet.title = "台账"
    sheet.append(list(IMPORT_HEADERS))
    for index, header in enumerate(IMPORT_HEADERS, start=1):
        cell = sheet.cell(1, index)
        cell.font, cell.fill, cell.border = BOLD_FONT, HEADER_FILL, BORDER
        cell.comment = Comment(RULES[header], "台账模板")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, display_width(header) + 4)
        if header in ("立案日期", "结案日期"):
            for row in range(2, DATA_ROWS + 2):
                sheet.cell(row, index).number_format = DATE_FORMAT
    sheet.column_dimensions["A"].width = 24
    sheet.freeze_panes = "B2"
    if session is not None:
        choices = _choices(session)
        criteria = [(c.code, c.track, c.text) for c in list_criteria(session)]
    else:
        choices = _choices_without_database()
        criteria = [
            (c["code"], c["track"], c["text"]) for c in load_data("criteria.json")["criteria"]
        ]
    _lists(book, sheet, choices)
    _event_sheet(book, session)
    _legend(book, criteria)
    return book


def _choices_without_database() -> dict[str, list[str]]:
    roster = load_data("roster.json")
    from model.roster.names import normalise_name

    return {
        "被执行人类型": list(PARTY_TYPES),
        "执行依据类别": [k["name"] for k in load_data("basis_kinds.json")["kinds"]],
        "分流类型": list(TRACK_LABELS.values()),
        "办案组": [g["name"] for t in roster["teams"] for g in t.get("groups", [])],
        "承办法官": [normalise_name(p["name"]) for p in roster["people"] if p["role"] == "judge"],
        "结案方式": list(CLOSING_METHODS),
    }


def _lists(
    book: Workbook,
    sheet: Worksheet,
    choices: dict[str, list[str]],
    headers: tuple[str, ...] = IMPORT_HEADERS,
    title: str = "选项",
) -> None:
    """Drop-downs fed from a hidden sheet, so long lists never hit Excel's 255-character limit."""
    lists = book.create_sheet(title)
    lists.sheet_state = "hidden"
    for column, (header, values) in enumerate(choices.items(), start=1):
        lists.cell(1, column, header)
        for row, value in enumerate(values, start=2):
            lists.cell(row, column, value)
        if not values:
            continue
        letter = get_column_letter(column)
        rule = DataValidation(
            type="list",
            formula1=f"'{title}'!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="请从列表中选择",
            error=f"{header}请从下拉列表中选择。",
        )
        target = get_column_letter(headers.index(header) + 1)
        rule.add(f"{target}2:{target}{DATA_ROWS + 1}")
        sheet.add_data_validation(rule)


def _legend(book: Workbook, criteria: Sequence[tuple[str, object, str]]) -> None:
    legend = book.create_sheet("说明", 1)
    legend.append(["台账填写说明：第一行为列名，列的顺序可以调整；案号、立案日期为必填列。"])
    legend["A1"].font = BOLD_FONT
    legend.append([])
    legend.append(["列名", "填写规则"])
    for header in IMPORT_HEADERS:
        legend.append([header, RULES[header]])
    legend.append([])
    legend.append([f"工作表“{EVENT_SHEET}”（可选）：每行一件事项；不需要时留空或删去该工作表。"])
    legend.append(["列名", "填写规则"])
    for header in EVENT_HEADERS:
        legend.append([header, EVENT_RULES[header]])
    legend.append([])
    legend.append(["代码", "分流类型", "分流标准"])
    for code, track, text in criteria:
        legend.append([code, Track(track).label, text])
    bold = {"列名", "填写规则", "代码", "分流类型", "分流标准"}
    for row in legend.iter_rows(min_row=3):
        for cell in row:
            if cell.value is not None:
                cell.border = BORDER
                cell.font = BOLD_FONT if cell.value in bold else BODY_FONT
                cell.alignment = WRAP
    legend.column_dimensions["A"].width = 14
    legend.column_dimensions["B"].width = 60
    legend.column_dimensions["C"].width = 70


def write_ledger_template(path: Path, sessions: sessionmaker[Session] | None = None) -> None:
    """Save the template; the groups and judges come from the database when one is given."""
    if sessions is None:
        save_workbook(build_template(None), path)
        return
    with sessions() as session:
        book = build_template(session)
    save_workbook(book, path)


def ledger_template_command(arguments: argparse.Namespace) -> int:
    """``ledger-template OUT.xlsx``: the shipped roster and criteria (no database needed)."""
    write_ledger_template(arguments.out)
    print(f"已生成空白台账模板：{arguments.out}（含下拉列表和“说明”工作表）。")
    return 0
