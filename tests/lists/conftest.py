"""A small town with subjects on lists, pushed by the deciding departments as records, its entries
brought up to date by the list follower, and the accounts that look at them over real HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.workflows.conftest import token
from xinyong.accounts.models import Role
from xinyong.clock import CHINA
from xinyong.collection.pipeline import Submission, ingest_records
from xinyong.platform import Platform
from xinyong.screening.following import follow_lists
from xinyong.subjects.lookup import find_subject
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.web.app import create_app

FIRM_A = "91350100M000100Y43"  # 珠海市甲公司: 失信被执行人 since 2025-06-01 (24 months) and 重点关注
FIRM_B = "91440400MA4C00013Q"  # 珠海市乙公司: 纳税信用A级
FIRM_C = "91440400MA4C00021K"  # 珠海市丙公司: 失信被执行人 since 2024-12-01, its period ends 2026-12-01
FIRM_D = "91440400MA4C0003XB"  # 珠海市丁公司: for the repair of a 重大税收违法 listing
PERSON_ID = "11010519491231002X"  # 李四: 失信被执行人 since 2026-06-01
PERSON_MASKED = "1101**********002X"
REASON = "违反财产报告制度"  # a reason with the 24-month period (有履行能力而拒不履行 has none)


def debtor(name: str, case_no: str, published: str, *, code: str = "", person_id: str = "",
           rep: str = "") -> dict[str, Any]:
    """One 失信被执行人 as the court publishes it."""
    return {"失信被执行人姓名/名称": name, "统一社会信用代码/组织机构代码": code, "身份证号码": person_id,
            "法定代表人或者负责人姓名": rep, "执行法院": "广东省珠海市中级人民法院", "案号": case_no,
            "立案时间": "2024-01-02", "执行依据文号": "（2023）粤04民初1号",
            "做出执行依据单位": "广东省珠海市中级人民法院", "生效法律文书确定的义务": "支付货款及利息",
            "被执行人的履行情况": "全部未履行", "失信被执行人行为具体情形": REASON, "发布时间": published}


def tax_violation(name: str, code: str, published: str) -> dict[str, Any]:
    return {"纳税人名称": name, "纳税人识别号": code, "法定代表人或者负责人姓名": "周七",
            "案件性质": "虚开增值税专用发票", "主要违法事实": "经查，该纳税人虚开增值税专用发票。",
            "相关法律依据及税务处理处罚情况": "依法处理", "公布日期": published}


@dataclass
class Town:
    platform: Platform
    client: TestClient
    swj: dict[str, str]  # a department (税务局): sees 政务共享, so the 重点关注名单 too
    office: dict[str, str]

    def push(self, department: str, item: str, *records: dict[str, Any]) -> None:
        ingest_records(self.platform, list(records), Submission(department, item, "push", "test", "推送"))
        follow_lists(self.platform)

    def at(self, *when: int) -> None:
        self.platform.clock.set(datetime(*when, tzinfo=CHINA))  # type: ignore[attr-defined]
        follow_lists(self.platform)

    def subject_id(self, code: str) -> int:
        with self.platform.db.session() as session:
            subject = find_subject(session, PersonIdVault(self.platform.keys), code)
            assert subject is not None
            return subject.id

    def account(self, username: str, role: Role, **extra: object) -> dict[str, str]:
        return token(self.platform, username, role, **extra)


def empty_town(platform: Platform) -> Town:
    """The accounts, no listing yet, living at the platform's clock."""
    return Town(platform, TestClient(create_app(platform)),
                token(platform, "swj", Role.DEPARTMENT, department_code="SWJ"), token(platform, "office", Role.OFFICE))


@pytest.fixture
def town(platform: Platform) -> Town:
    """At 2026-11-23: 甲 and 丙 and 李四 on the court's list, 甲 also on the 重点关注名单, 乙 A-level."""
    town = empty_town(platform)
    town.push("ZYFY", "court_dishonest_debtor",
              debtor("珠海市甲公司", "（2025）粤04执1号", "2025-06-01", code=FIRM_A, rep="张三"),
              debtor("珠海市丙公司", "（2024）粤04执9号", "2024-12-01", code=FIRM_C, rep="王五"),
              debtor("李四", "（2026）粤04执3号", "2026-06-01", person_id=PERSON_ID))
    town.push("SWJ", "tax_credit_a", {"纳税人名称": "珠海市乙公司", "纳税人识别号": FIRM_B, "评价年度": 2025,
                                      "纳税信用级别": "A"})
    town.push("SCJGJ", "focus_list", {"主体名称": "珠海市甲公司", "统一社会信用代码": FIRM_A,
                                      "列入事由": "一年内三次抽查不合格", "列入依据": "本市重点关注名单认定标准",
                                      "列入决定文号": "珠市监关〔2026〕8号", "列入日期": "2026-10-01",
                                      "认定部门": "珠海市市场监督管理局"})
    return town
