"""The sample city's departments at work: eighteen months of 双公示 files and list entries, sent
through the real collection pipeline at the times they would have been sent.

Departments differ in punctuality (so 迟报率 differs), files carry the defects real exports carry
(bad amounts and dates, codes written in full width, rows without a code, a decision sent twice,
a changed decision waiting for review, a revoked one), and list items arrive as pushes.
"""

from __future__ import annotations

import csv
import random
import tempfile
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from rich.progress import Progress
from sqlalchemy import select

from xinyong.clock import CHINA, FrozenClock
from xinyong.collection.pipeline import Submission, ingest_file
from xinyong.platform import Platform
from xinyong.sample.city import _data
from xinyong.subjects.models import Subject
from xinyong.subjects.person_ids import PersonIdVault

MONTHS = 18
_PENALTY_LABELS = ["行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人", "证件类型", "证件号码",
                   "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容",
                   "罚款金额（万元）", "处罚决定日期", "处罚机关", "处罚机关统一社会信用代码", "数据来源单位",
                   "数据来源单位统一社会信用代码", "当前状态"]
_PERMIT_LABELS = ["行政相对人名称", "行政相对人类别", "统一社会信用代码", "法定代表人", "证件类型", "证件号码",
                  "行政许可决定文书名称", "行政许可决定文书号", "许可类别", "许可证书名称", "许可编号", "许可内容",
                  "许可决定日期", "有效期自", "有效期至", "许可机关", "许可机关统一社会信用代码", "当前状态",
                  "数据来源单位", "数据来源单位统一社会信用代码"]
_KIND_LABEL = {"organisation": "法人及非法人组织", "individual_business": "个体工商户", "person": "自然人"}


@dataclass(frozen=True)
class Party:
    name: str
    kind: str
    code: str
    legal_rep: str


def _parties(platform: Platform) -> tuple[list[Party], list[Party]]:
    """Organisations and individual businesses with their codes; people with their ID numbers."""
    vault = PersonIdVault(platform.keys)
    organisations, people = [], []
    with platform.db.session() as session:
        rows = session.execute(select(Subject.name, Subject.kind, Subject.code, Subject.code_scheme,
                                      Subject.legal_rep, Subject.id_cipher, Subject.code_verdict)
                               .where(Subject.canonical_id.is_(None)).order_by(Subject.id))
        for name, kind, code, scheme, rep, cipher, verdict in rows:
            if kind == "person" and cipher:
                people.append(Party(name, kind, vault.open(cipher), ""))
            elif scheme == "uscc" and verdict == "valid":
                organisations.append(Party(name, kind, code, rep or ""))
    return organisations, people


class RecordsWriter:
    """Builds the files and pushes of every department, in the order they would have arrived."""

    def __init__(self, platform: Platform, seed: int, size: int) -> None:
        self.platform = platform
        self.rng = random.Random(seed * 7 + 1)
        self.rules = _data("records.yaml")["departments"]
        self.organisations, self.people = _parties(platform)
        self.size = size
        self.calendar = platform.calendar
        self.today = platform.clock.today()
        self.sequence = 0

    def _working_days_before(self, day: date, count: int) -> date:
        while count > 0:
            day -= timedelta(days=1)
            count -= self.calendar.is_workday(day)
        return day

    def receipt_days(self) -> list[date]:
        """Twice a month, on working days, for the last eighteen months."""
        days = []
        first = date(self.today.year, self.today.month, 1)
        for back in range(MONTHS, -1, -1):
            month = (first.replace(day=1) - timedelta(days=back * 30)).replace(day=1)
            for day_of_month in (8, 22):
                day = month.replace(day=day_of_month)
                while not self.calendar.is_workday(day):
                    day += timedelta(days=1)
                if day < self.today:
                    days.append(day)
        return sorted(set(days))

    def _party(self, people_share: float) -> Party:
        if self.people and self.rng.random() < people_share:
            return self.rng.choice(self.people)
        return self.rng.choice(self.organisations)

    def _code_as_written(self, party: Party) -> str:
        roll = self.rng.random()
        if party.kind == "person":
            return ""
        if roll < 0.01:
            return "".join(chr(ord(c) + 0xFEE0) for c in party.code)
        if roll < 0.015:
            return ""  # no code at all: the record attaches by name, or waits for review
        return party.code.lower() if roll < 0.025 else party.code

    def penalty_row(self, department: dict[str, Any], authority: tuple[str, str], decided: date) -> list[str]:
        rule = self.rng.choice(department["penalties"])
        party = self._party(0.15 if "占道" in rule["violation"] else 0.03)
        category = self.rng.choice(rule["categories"])
        fine = self.rng.choice(rule["fines"]) if "罚款" in category else 0
        self.sequence += 1
        content = f"罚款人民币{fine}元" if fine else "警告"
        if "责令停产停业" in category:
            content += "，责令停产整治"
        fine_text = self.rng.choice([f"{fine / 10000:g}", f"{fine:,}元", f"{fine / 10000:g}万元"]) if fine else ""
        if self.rng.random() < 0.008:
            fine_text = "约" + fine_text + "（待核）"
        person = party.kind == "person"
        return [party.name, _KIND_LABEL[party.kind], self._code_as_written(party), party.legal_rep,
                "身份证" if person else "", party.code if person else "",
                f"珠{authority[0][3:5]}罚〔{decided.year}〕{self.sequence}号", rule["violation"],
                f"经查，当事人存在{rule['violation']}的行为。", rule["basis"], category, content, fine_text,
                self._date_as_written(decided), *authority, *authority, "有效"]

    def permit_row(self, department: dict[str, Any], authority: tuple[str, str], decided: date) -> list[str]:
        rule = self.rng.choice(department["permits"])
        party = self._party(0.0)
        self.sequence += 1
        until = decided.replace(year=decided.year + rule["years"]) if rule["years"] else date(2099, 12, 31)
        return [party.name, _KIND_LABEL[party.kind], self._code_as_written(party), party.legal_rep, "", "",
                f"{rule['name']}决定书", f"珠{authority[0][3:5]}许〔{decided.year}〕{self.sequence}号",
                rule["category"], rule["certificate"], f"4404{self.sequence:08d}", f"准予{rule['name']}",
                self._date_as_written(decided),
                decided.isoformat(), "长期" if until.year == 2099 else until.isoformat(), *authority, "有效",
                *authority]

    def _date_as_written(self, day: date) -> str:
        if self.rng.random() < 0.005:
            return f"{day.year}-{day.month:02d}-{day.day + 31}"
        return self.rng.choice([day.isoformat(), f"{day.year}/{day.month}/{day.day}",
                                f"{day.year}年{day.month}月{day.day}日", day.strftime("%Y%m%d")])

    def decided_for(self, receipt: date, punctuality: float) -> date:
        if self.rng.random() < punctuality:
            return self._working_days_before(receipt, self.rng.randint(1, 7))
        return self._working_days_before(receipt, self.rng.randint(8, 25))


def _write(path: Path, title: str, labels: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([title] + [""] * (len(labels) - 1))
        writer.writerow(labels)
        writer.writerows(rows)
    return path


def _at(platform: Platform, day: date, hour: int = 10) -> Platform:
    return replace(platform, clock=FrozenClock(datetime.combine(day, time(hour), CHINA)))


def records_step(platform: Platform, city: Any, progress: Progress) -> None:
    """双公示 files from nine departments, twice a month for eighteen months."""
    writer = RecordsWriter(platform, city.seed, city.size)
    if not writer.organisations:
        return
    per_batch = max(3, city.size // 600)
    days = writer.receipt_days()
    task = progress.add_task("部门报送", total=len(days) * len(writer.rules))
    catalog = platform.catalog
    with tempfile.TemporaryDirectory() as folder:
        previous: dict[str, list[list[str]]] = {}
        for day in days:
            for code, department in writer.rules.items():
                if day > writer.today - timedelta(days=department.get("stopped_days_ago", -1)):
                    progress.advance(task)
                    continue
                authority_department = catalog.department(code)
                authority = (authority_department.name, authority_department.uscc)
                rows = [writer.penalty_row(department, authority, writer.decided_for(day, department["punctuality"]))
                        for _ in range(per_batch)]
                if previous.get(code) and writer.rng.random() < 0.3:
                    rows.extend(previous[code][:2])  # sent again: unchanged
                if previous.get(code) and writer.rng.random() < 0.15:
                    changed = list(previous[code][0])
                    changed[12] = "9.9"  # a corrected fine: waits for review
                    rows.append(changed)
                if previous.get(code) and writer.rng.random() < 0.05:
                    revoked = list(previous[code][-1])
                    revoked[18] = "撤销"
                    rows.append(revoked)
                previous[code] = rows
                name = f"{authority[0]}行政处罚{day:%Y%m%d}.csv"
                path = _write(Path(folder) / name, f"{authority[0]}行政处罚信息公示表", _PENALTY_LABELS, rows)
                ingest_file(_at(platform, day), path, Submission(code, "administrative_penalty", "cli", "sample", name))
                permits = [writer.permit_row(department, authority, writer.decided_for(day, department["punctuality"]))
                           for _ in range(per_batch)]
                name = f"{authority[0]}行政许可{day:%Y%m%d}.csv"
                path = _write(Path(folder) / name, f"{authority[0]}行政许可信息公示表", _PERMIT_LABELS, permits)
                ingest_file(_at(platform, day, 11), path, Submission(code, "administrative_permit", "cli", "sample",
                                                                     name))
                progress.advance(task)
