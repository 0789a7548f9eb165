"""Putting records on the platform the one way they arrive: through the collection pipeline."""

from __future__ import annotations

from pathlib import Path

from tests.collection.penalties import penalty, write_csv
from xinyong.collection.pipeline import Submission, ingest_file, ingest_records
from xinyong.platform import Platform

JIA, YI, BING = "91350100M000100Y43", "91110108551385082Q", "91310230MA1K314J7C"
PENALTY = Submission("STHJJ", "administrative_penalty", "cli", "test", "处罚.csv")


def penalties(platform: Platform, folder: Path, rows: list[list[str]], name: str = "p.csv") -> None:
    ingest_file(platform, write_csv(folder / name, rows), PENALTY)


def risk_class(platform: Platform, code: str, name: str, grade: str, day: str = "2026-10-31") -> None:
    ingest_records(platform, {"企业名称": name, "统一社会信用代码": code, "信用风险分类结果": grade, "分类日期": day},
                   Submission("SCJGJ", "enterprise_risk_class", "push", "test", "推送"))


def serious(name: str, code: str, number: int, decided: str = "2026-11-02", status: str = "有效") -> list[str]:
    """A 责令停产停业 decision: 严重 under the severity rules."""
    return penalty(name, code, number, decided=decided, category="责令停产停业", content="责令停产停业", fine="",
                   status=status)


__all__ = ["BING", "JIA", "YI", "penalties", "penalty", "risk_class", "serious"]
