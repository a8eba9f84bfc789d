"""Ledger workbooks for the import tests, written with openpyxl as a clerk's Excel would."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook


def write_ledger(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    """A one-sheet workbook: the headers, then the rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


FULL = [
    "案号", "立案日期", "申请执行人", "被执行人", "被执行人类型", "申请执行人数", "标的额",
    "执行依据", "案由", "分流依据", "分流类型", "调整理由", "办案组", "承办法官", "结案日期",
    "结案方式",
]  # fmt: skip


def full_row(**values: object) -> list[object]:
    """A row of the FULL headers from keyword values named by header."""
    return [values.get(h) for h in FULL]


def realistic_ledger(
    path: Path, count: int, seed: int = 7, year: int = 2025, many_events: bool = False
) -> Path:
    """A ledger shaped like a bureau's year: parties, causes, closed rows, an events sheet.

    For measuring what the import writes (the footprint figures in README 性能): every
    column of SPEC §7 filled as a clerk would, a third of the rows closed, one case in
    ten with a 期限事项 row (an appraisal period). ``many_events``: besides, a quarter
    of the cases with more — a suspension and an extension before a closing, an
    extension (and, for some, a suspension still running) on an open case, a simple
    case's 移交 — about one event a four rows, the heaviest shape the import meets.
    """
    import datetime as dt
    import random

    from model.ledger.read import EVENT_SHEET

    chance = random.Random(seed)
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
    companies = ("建筑工程有限公司", "商贸有限公司", "农业发展有限公司", "房地产开发有限公司")
    causes = ("民间借贷纠纷", "买卖合同纠纷", "劳务合同纠纷", "金融借款合同纠纷", "离婚纠纷",
              "机动车交通事故责任纠纷", "建设工程施工合同纠纷", "租赁合同纠纷")  # fmt: skip
    codes = ("S2", "S3", "O1", "S2、S5", "O5", "", "", "")
    methods = ("执行完毕", "终结本次执行程序", "终结执行")

    def person() -> str:
        return chance.choice(surnames) + "".join(chance.choices(given, k=chance.choice((1, 2))))

    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(FULL)
    events = book.create_sheet(EVENT_SHEET)
    events.append(
        ["案号", "事项", "开始日期", "结束日期", "批准人", "批准人职务", "延长月数", "理由"]
    )
    start = dt.date(year, 1, 2)  # closed rows end before the next year's spring
    for index in range(count):
        number = f"（{year}）吉0605执{index + 1}号"
        filed = start + dt.timedelta(days=index * 360 // max(count, 1))
        applicants = [person() for _ in range(chance.choice((1, 1, 1, 2)))]
        if chance.random() < 0.25:
            respondents = [chance.choice(surnames) + "某" + chance.choice(companies)]
            kinds = ["法人"]
        else:
            respondents = [person() for _ in range(chance.choice((1, 1, 2, 3)))]
            kinds = ["自然人"] * len(respondents)
        closed = chance.random() < 0.33
        values = {  # drawn in this order since the first version: the same ledger each time
            "标的额": round(chance.uniform(2_000, 900_000), 2),
            "执行依据": f"（{year - 1}）吉0605民初{chance.randint(1, 9999)}号民事判决书",
            "案由": chance.choice(causes),
            "分流依据": chance.choice(codes),
        }
        sheet.append(full_row(
            案号=number,
            立案日期=filed,
            申请执行人="、".join(applicants),
            被执行人="、".join(respondents),
            被执行人类型="、".join(kinds),
            **values,
            结案日期=filed + dt.timedelta(days=chance.randint(95, 160)) if closed else None,
            结案方式=chance.choice(methods) if closed else None,
        ))  # fmt: skip
        if not closed and index % 10 == 3:
            begin = filed + dt.timedelta(days=chance.randint(5, 20))
            end = begin + dt.timedelta(days=chance.randint(10, 40))
            events.append([number, "审计、评估、资产清理", begin, end, *[None] * 3, "委托评估房产"])
        if many_events:
            for event in _more_events(number, filed, closed, values["分流依据"], index):
                events.append(event)
    book.save(path)
    return path


def _more_events(
    number: str, filed: object, closed: bool, criteria: str, index: int
) -> list[list[object]]:
    """``realistic_ledger``'s many_events rows of one case (columns as its events sheet)."""
    import datetime as dt

    assert isinstance(filed, dt.date)
    day = dt.timedelta(days=1)
    if closed and index % 10 == 5:
        return [
            [number, "中止执行", filed + 10 * day, filed + 30 * day, None, None, None, "破产"],
            [number, "延长", filed + 40 * day, None, "赵明", "院长", 2, "财产处置"],
        ]
    if not closed and index % 10 == 7:
        rows: list[list[object]] = [
            [number, "延长", filed + 150 * day, None, "赵明", "院长", None, "评估未完成"]
        ]
        if index % 20 == 7:
            rows.append([number, "中止执行", filed + 160 * day, None, *[None] * 3, "被执行人死亡"])
        return rows
    if not closed and index % 10 == 1 and criteria in ("S2", "S3", "S2、S5"):
        return [[number, "移交", filed + 10 * day, None, *[None] * 3, "需处分房产"]]
    return []
