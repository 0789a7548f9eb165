"""Report numbers (报告编号): 22 characters, the Beijing time of issue then 8 random hexadecimal
digits, like 信用中国's ``2026050419025750859D39``."""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from xinyong.clock import CHINA
from xinyong.errors import NotFound
from xinyong.reports.models import IssuedReport

NUMBER = re.compile(r"\d{14}[0-9A-F]{8}")


def new_number(session: Session, now: datetime) -> str:
    stamp = now.astimezone(CHINA).strftime("%Y%m%d%H%M%S")
    while True:
        number = stamp + secrets.token_hex(4).upper()
        if session.scalar(select(IssuedReport.id).where(IssuedReport.number == number)) is None:
            return number


def find_report(session: Session, number: str) -> IssuedReport:
    text = number.strip().upper()
    if not NUMBER.fullmatch(text):
        raise NotFound(f"报告编号“{number[:40]}”格式有误：应为 22 位，14 位出具时间加 8 位十六进制字符")
    report = session.scalar(select(IssuedReport).where(IssuedReport.number == text))
    if report is None:
        raise NotFound(f"没有编号为 {text} 的报告：本平台未出具过该报告")
    return report
