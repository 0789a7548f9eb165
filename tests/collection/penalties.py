"""Writing 行政处罚 files the way departments export them, for pipeline tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

HEADER = ["行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人", "证件类型", "证件号码",
          "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容", "罚款金额（万元）",
          "处罚决定日期", "处罚机关", "处罚机关统一社会信用代码", "数据来源单位", "数据来源单位统一社会信用代码",
          "当前状态", "备注"]
AUTHORITY = ("珠海市生态环境局", "11440400081945785C")


def penalty(name: str, code: str, number: int, *, decided: str = "2026-10-20", category: str = "罚款",
            content: str = "罚款人民币2万元", fine: str = "2", kind: str = "法人及非法人组织", status: str = "有效",
            id_number: str = "", rep: str = "张伟") -> list[str]:
    return [name, kind, code, rep, "身份证" if id_number else "", id_number, f"珠环罚〔2026〕{number}号",
            "超标排放大气污染物", "经查，当事人超标排放……", "《中华人民共和国大气污染防治法》第九十九条", category,
            content, fine, decided, AUTHORITY[0], AUTHORITY[1], AUTHORITY[0], AUTHORITY[1], status, ""]


def write_csv(path: Path, rows: list[list[str]], *, encoding: str = "gbk", title: str | None = None) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if title:
        writer.writerow([title] + [""] * (len(HEADER) - 1))
    writer.writerow(HEADER)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path
