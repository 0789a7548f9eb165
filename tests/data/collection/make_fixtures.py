"""Writes the department-export fixtures in this folder (run once; the outputs are committed).

    .venv/bin/python tests/data/collection/make_fixtures.py

Every subject, number and decision here is made up, shaped like the exports of a city's
departments: GBK with a title row, UTF-8 with BOM, GB18030 with a rare character, XLSX and XLS
with blank trailing rows, mixed date formats and full-width codes, JSON, and broken files.
The codes are valid test vectors (standards.md §1.1, §1.2); the departments are the sample city's.
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import xlwt

HERE = Path(__file__).parent
STHJJ = ("珠海市生态环境局", "11440400081945785C")
SCJGJ = ("珠海市市场监督管理局", "114404000184992338")

PENALTY_HEADER = [
    "行政相对人名称",
    "行政相对人类别",
    "统一社会信用代码",
    "法定代表人",
    "证件类型",
    "证件号码",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额（万元）",
    "处罚决定日期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "当前状态",
    "备注",
]


def _penalty(
    name: str,
    kind: str,
    uscc: str,
    rep: str,
    number: str,
    category: str,
    content: str,
    fine: str,
    decided: str,
    status: str = "有效",
    id_type: str = "",
    id_no: str = "",
    note: str = "",
) -> list[str]:
    return [
        name,
        kind,
        uscc,
        rep,
        id_type,
        id_no,
        number,
        "超标排放大气污染物",
        "经查，当事人……",
        "《中华人民共和国大气污染防治法》第九十九条",
        category,
        content,
        fine,
        decided,
        *STHJJ,
        *STHJJ,
        status,
        note,
    ]


PENALTIES = [
    _penalty(
        "珠海市华信电子科技有限公司",
        "法人及非法人组织",
        "91350100M000100Y43",
        "张伟",
        "珠环罚〔2026〕101号",
        "罚款",
        "罚款人民币15000元",
        "15,000元",
        "2026-09-28",
    ),
    _penalty(
        "珠海市海天物流有限公司",
        "法人",
        "９１１１００００６０００３７３４１Ｌ",
        "李娜",
        "珠环罚〔2026〕102号",
        "罚款；警告",
        "警告，罚款1.5万元",
        "1.5万元",
        "2026/9/30",
    ),
    _penalty(
        "珠海市金湾区老王五金店",
        "个体工商户",
        "92340602MA2PBMEM24",
        "王强",
        "珠环罚〔2026〕103号",
        "警告",
        "警告",
        "",
        "2026年10月9日",
    ),
    _penalty(
        "珠海市华信电子科技有限公司",
        "法人及非法人组织",
        "91350100M000100Y43",
        "张伟",
        "珠环罚〔2026〕101号",
        "罚款",
        "罚款人民币15000元",
        "15,000元",
        "2026-09-28",
    ),  # the same decision sent twice
    _penalty(
        "珠海市南屏化工有限公司",
        "法人及非法人组织",
        "91110108551385082Q",
        "陈静",
        "珠环罚〔2026〕88号",
        "暂扣或者吊销许可证、暂扣或者吊销执照",
        "吊销排污许可证",
        "",
        "20260915",
        status="撤销",
        note="复议撤销",
    ),
    _penalty(
        "赵某某",
        "自然人",
        "",
        "",
        "珠环罚〔2026〕104号",
        "罚款",
        "罚款200元",
        "0.02",
        "2026.10.12",
        id_type="身份证",
        id_no="11010519491231002X",
    ),
    _penalty(
        "珠海市横琴未来科技有限公司",
        "法人及非法人组织",
        "91310230MA1K314J7C",
        "刘洋",
        "珠环罚〔2026〕105号",
        "罚款",
        "罚款3万元",
        "三万元",
        "2026-02-30",
    ),  # neither the amount nor the date is valid
    _penalty(
        "珠海市斗门区明珠食品厂",
        "法人及非法人组织",
        "91340600MA2PBM9HXD",
        "周敏",
        "珠环罚〔2026〕106号",
        "责令停产整治",
        "责令停产整治",
        "",
        "2026-12-01",
    ),  # unknown category; decided after receipt
]


def gbk_with_title_row() -> None:
    rows = [
        ["珠海市生态环境局行政处罚信息公示（2026年第三季度）"] + [""] * (len(PENALTY_HEADER) - 1),
        PENALTY_HEADER,
        *PENALTIES,
        [""] * len(PENALTY_HEADER),
        [""] * len(PENALTY_HEADER),
    ]
    text = io.StringIO()
    import csv

    csv.writer(text, lineterminator="\r\n").writerows(rows)
    (HERE / "penalty_gbk_title_row.csv").write_bytes(text.getvalue().encode("gbk"))


def gb18030_rare_character() -> None:
    import csv

    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(PENALTY_HEADER)
    writer.writerow(
        _penalty(
            "珠海市𠮷祥餐饮管理有限公司",
            "法人及非法人组织",
            "91110000101623741K",
            "吴𠮷",
            "珠环罚〔2026〕120号",
            "罚款",
            "罚款5万元",
            "5",
            "2026-10-20",
        )
    )
    (HERE / "penalty_gb18030_rare.csv").write_bytes(text.getvalue().encode("gb18030"))


PERMIT_CODES = [
    "XK_XDR_MC",
    "XK_XDR_LB",
    "XK_XDR_SHXYM",
    "XK_FRDB",
    "XK_XKWS",
    "XK_WSH",
    "XK_XKLB",
    "XK_XKZS",
    "XK_XKBH",
    "XK_NR",
    "XK_JDRQ",
    "XK_YXQZ",
    "XK_YXQZI",
    "XK_XKJG",
    "XK_XKJGDM",
    "XK_ZT",
    "XK_LYDW",
    "XK_LYDWDM",
]


def utf8_bom_permits() -> None:
    import csv

    rows = [
        [
            "珠海市华信电子科技有限公司",
            "法人及非法人组织",
            "91350100M000100Y43",
            "张伟",
            "排污许可证核发决定书",
            "珠环许〔2026〕7号",
            "普通",
            "排污许可证",
            "914404000000000001",
            "核发排污许可证",
            "2021/3/5",
            "20210305",
            "2099-12-31",
            *STHJJ,
            "有效",
            *STHJJ,
        ],
        [
            "珠海市海天物流有限公司",
            "法人及非法人组织",
            "91110000600037341L",
            " 李娜 ",
            "排污许可证变更决定书",
            "珠环许〔2026〕8号",
            "其他-变更",
            "排污许可证",
            "914404000000000002",
            "变更排污许可证",
            "2026-10-09",
            "2026-10-09",
            "长期",
            *STHJJ,
            "有效",
            *STHJJ,
        ],
    ]
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows([PERMIT_CODES, *rows])
    (HERE / "permit_utf8_bom.csv").write_bytes(b"\xef\xbb\xbf" + text.getvalue().encode("utf-8"))


def xlsx_mixed() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "行政处罚"
    sheet.append(["珠海市市场监督管理局 行政处罚信息报送表"])
    sheet.append(["填报单位：珠海市市场监督管理局", "", "", "填报日期：2026年11月20日"])
    sheet.append(PENALTY_HEADER)
    base = [
        "珠海市华信电子科技有限公司",
        "法人及非法人组织",
        "91350100M000100Y43",
        "张伟",
        "",
        "",
        "",
        "虚假宣传",
        "经查……",
        "《中华人民共和国广告法》第五十五条",
        "罚款",
        "罚款",
        "",
        "",
        *SCJGJ,
        *SCJGJ,
        "有效",
        "",
    ]
    decided = [datetime(2026, 9, 29, 15, 30), date(2026, 10, 8), 46302, 20261009, "2026年10月10日"]
    column = PENALTY_HEADER.index
    for number, when in enumerate(decided, start=1):
        row: list[object] = list(base)
        row[column("行政处罚决定书文号")] = f"珠市监罚〔2026〕{200 + number}号"
        row[column("罚款金额（万元）")] = 2 * number
        row[column("处罚决定日期")] = when
        sheet.append(row)
    full_width = [
        "珠海市海天物流有限公司",
        "法人及非法人组织",
        "９１１１００００６０００３７３４１Ｌ",
        "李娜",
        "",
        "",
        "珠市监罚〔2026〕210号",
        "无照经营",
        "经查……",
        "《无证无照经营查处办法》第十三条",
        "罚款、没收违法所得",
        "罚款并没收违法所得",
        "１．５",
        "２０２６－１０－１２",
        *SCJGJ,
        *SCJGJ,
        "有效",
        "",
    ]
    sheet.append(full_width)
    lost = list(full_width)
    lost[0], lost[2], lost[6], lost[10], lost[11], lost[12] = (
        "珠海市数码港科技有限公司",
        914404001234567890,
        "珠市监罚〔2026〕211号",
        "警告",
        "警告",
        "",
    )
    sheet.append(lost)
    for _ in range(3):
        sheet.append([None] * len(PENALTY_HEADER))
    sheet.cell(row=sheet.max_row, column=1).number_format = "@"  # a formatted but empty trailing row
    workbook.save(HERE / "penalty_mixed.xlsx")


LEGACY = [
    "XK_XDR",
    "XK_XDR_SHXYM",
    "XK_XDR_ZDM",
    "XK_FR",
    "XK_XMMC",
    "XK_WSH",
    "XK_SPLB",
    "XK_NR",
    "XK_JDRQ",
    "XK_YXQZ",
    "XK_JZQ",
    "XK_XZJG",
    "XK_XKJGDM",
    "XK_ZT",
    "XK_LYDW",
    "XK_LYDWDM",
    "DFBM",
]


def xls_legacy_v1() -> None:
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("XK")
    rows = [
        LEGACY,
        [
            "珠海市华信电子科技有限公司",
            "91350100M000100Y43",
            "M000100Y4",
            "张伟",
            "食品经营许可",
            "JY14404000001",
            "核准",
            "食品经营许可",
            "2016/05/10",
            "2016/05/10",
            "2099/12/31",
            *SCJGJ,
            "0",
            *SCJGJ,
            "440400",
        ],
        [
            "珠海市海天物流有限公司",
            "91110000600037341L",
            "",
            "李娜",
            "道路运输经营许可",
            "粤交运管许可珠字440400000001号",
            "普通",
            "道路普通货物运输",
            "2017/1/3",
            "2017/1/3",
            "2021/1/2",
            *SCJGJ,
            "1",
            *SCJGJ,
            "440400",
        ],
        [""] * len(LEGACY),
        [""] * len(LEGACY),
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    workbook.save(str(HERE / "permit_legacy_v1.xls"))


def json_commitments() -> None:
    records = [
        {
            "CNZT_MC": "珠海市华信电子科技有限公司",
            "CNZT_DM": "91350100M000100Y43",
            "CNLX": "审批替代型",
            "CNSY": "食品经营许可告知承诺",
            "CNRQ": "2026-10-09",
            "SLDW": SCJGJ[0],
            "SLDWDM": SCJGJ[1],
            "LYZT": "全部履行",
        },
        {
            "承诺主体名称": "珠海市海天物流有限公司",
            "统一社会信用代码": "91110000600037341L",
            "承诺类型": "主动型",
            "承诺事由": "信用修复承诺",
            "做出承诺日期": "2026年10月10日",
            "承诺受理单位": SCJGJ[0],
            "承诺受理单位统一社会信用代码": SCJGJ[1],
            "履约状态": "履行中",
            "联系人": "李娜",
        },
    ]
    (HERE / "commitments.json").write_text(
        json.dumps({"records": records}, ensure_ascii=False, indent=1), encoding="utf-8"
    )


def broken_files() -> None:
    (HERE / "garbage.csv").write_bytes(random.Random(2026).randbytes(4096))
    whole = (HERE / "penalty_mixed.xlsx").read_bytes()
    (HERE / "truncated.xlsx").write_bytes(whole[: len(whole) // 2])
    header = [h for h in PENALTY_HEADER if h not in ("处罚决定日期", "处罚机关")]
    rows = [[v for h, v in zip(PENALTY_HEADER, PENALTIES[0], strict=True) if h in header]]
    (HERE / "penalty_missing_columns.csv").write_text(
        "\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8"
    )
    assert zipfile.is_zipfile(HERE / "penalty_mixed.xlsx")


if __name__ == "__main__":
    gbk_with_title_row()
    gb18030_rare_character()
    utf8_bom_permits()
    xlsx_mixed()
    xls_legacy_v1()
    json_commitments()
    broken_files()
    print("fixtures written to", HERE)
