"""A firm with a record in every section of the credit report, sent through the real pipeline,
and the accounts that ask for its reports."""

from __future__ import annotations

import struct
import zlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import update

from tests.collection.penalties import penalty, write_csv
from xinyong.accounts.models import Role
from xinyong.accounts.service import create_account, issue_token
from xinyong.collection.pipeline import Submission, ingest_file, ingest_records
from xinyong.collection.review import approve, pending_versions
from xinyong.platform import Platform
from xinyong.records.models import Record
from xinyong.subjects.lookup import find_subject
from xinyong.subjects.person_ids import PersonIdVault

FIRM = "91350100M000100Y43"
NAME = "珠海市䶮华龑腾科技有限公司"  # 䶮 (U+4DAE, CJK Ext. A) and 龑: the names the sample city carries
OTHER = "91110000600037341L"
PERSON_ID = "110105195001010039"
# Words that appear only in one item's record, to tell from a report which items it shows.
WORDS = {
    "court_judgment": "买卖合同纠纷判决甲",  # 02, 授权查询
    "voluntary_information": "自愿公开的社会责任报告乙",  # 11, 授权查询
    "procurement_contract": "市政道路养护合同丙",  # 07, 政务共享
    "enterprise_risk_class": "信用风险较高",  # 09, 政务共享
    "administrative_penalty": "超标排放大气污染物",  # 03, 社会公开
    "court_dishonest_debtor": "有履行能力而拒不履行丁",  # 06, 社会公开
    "tax_credit_a": "A级",  # 10, 社会公开
}


def _push(platform: Platform, department: str, item: str, record: dict[str, Any]) -> None:
    ingest_records(platform, record, Submission(department, item, "push", "test", "推送"))


def firm_with_every_section(platform: Platform, folder: Path) -> None:
    recent = (platform.clock.today() - timedelta(days=30)).isoformat()
    _push(platform, "SCJGJ", "organisation_registration", {
        "统一社会信用代码": FIRM, "机构名称": NAME, "法定代表人或负责人姓名": "刘䶮", "成立日期": "2015-03-02",
        "注册资本（万元）": "500", "注册地址": "珠海市香洲区龑腾路1号", "登记机关": "珠海市市场监督管理局",
        "登记状态": "存续"})
    _push(platform, "ZYFY", "court_judgment", {
        "案号": "（2026）粤0402民初1号", "当事人名称": NAME, "当事人统一社会信用代码": FIRM,
        "案由": WORDS["court_judgment"], "裁判结果": "被告支付货款", "裁判日期": recent,
        "裁判法院": "珠海市香洲区人民法院"})
    ingest_file(platform, write_csv(folder / "penalty.csv", [
        penalty(NAME, FIRM, 1, decided=recent, fine="20", content="罚款20万元")], encoding="gb18030"),
        Submission("STHJJ", "administrative_penalty", "cli", "test", "处罚.csv"))
    _push(platform, "SCJGJ", "abnormal_operation", {
        "企业名称": NAME, "统一社会信用代码": FIRM, "列入经营异常名录原因": "未按规定报送年度报告", "列入日期": recent,
        "列入决定机关": "珠海市市场监督管理局"})
    _push(platform, "ZYFY", "court_dishonest_debtor", {
        "失信被执行人姓名/名称": NAME, "统一社会信用代码/组织机构代码": FIRM, "法定代表人或者负责人姓名": "刘䶮",
        "执行法院": "广东省珠海市中级人民法院", "案号": "（2026）粤04执1号", "立案时间": recent,
        "执行依据文号": "（2025）粤04民初1号", "做出执行依据单位": "广东省珠海市中级人民法院",
        "生效法律文书确定的义务": "支付货款", "被执行人的履行情况": "全部未履行",
        "失信被执行人行为具体情形": WORDS["court_dishonest_debtor"], "发布时间": recent})
    _push(platform, "CZJ", "procurement_contract", {
        "合同编号": "ZHCG-2026-001", "合同名称": WORDS["procurement_contract"], "供应商名称": NAME,
        "供应商统一社会信用代码": FIRM, "采购人名称": "珠海市市政管理处", "合同金额（万元）": "120",
        "履约情况": "按约履行", "履约评价日期": recent})
    _push(platform, "FGJ", "credit_commitment", {
        "承诺主体名称": NAME, "承诺主体统一社会信用代码": FIRM, "承诺类型": "主动公示型", "承诺事由": "守法诚信经营",
        "做出承诺日期": recent, "承诺受理单位": "珠海市发展和改革局",
        "承诺受理单位统一社会信用代码": platform.catalog.department("FGJ").uscc,
        "承诺履约状态": "履行中"})
    _push(platform, "SCJGJ", "enterprise_risk_class", {
        "企业名称": NAME, "统一社会信用代码": FIRM, "信用风险分类结果": "C", "分类日期": recent})
    _push(platform, "SWJ", "tax_credit_a", {"纳税人名称": NAME, "纳税人识别号": FIRM, "评价年度": 2025,
                                            "纳税信用级别": "A"})
    _push(platform, "FGJ", "voluntary_information", {
        "主体名称": NAME, "统一社会信用代码": FIRM, "信息类型": "社会责任", "信息内容": WORDS["voluntary_information"],
        "提供日期": recent})
    with platform.db.session() as session:
        for version, _ in pending_versions(session):  # 自愿提供的信息 waits for the office's review
            approve(session, version.id, reviewer="office", at=platform.clock.now())
        session.execute(update(Record).where(Record.item_id == "administrative_penalty").values(objection_pending=True))


def subject_id(platform: Platform, code: str = FIRM) -> int:
    with platform.db.session() as session:
        subject = find_subject(session, PersonIdVault(platform.keys), code)
        assert subject is not None, code
        return subject.id


def token(platform: Platform, username: str, role: Role, **extra: Any) -> dict[str, str]:
    with platform.db.session() as session:
        account = create_account(session, username=username, display_name=f"{username}机构", role=role,
                                 password="password1", now=platform.clock.now(), created_by="test", **extra)
        plain, _ = issue_token(session, account, "test", platform.clock.now())
    return {"Authorization": f"Bearer {plain}"}


def png() -> bytes:
    """A one-pixel PNG: what a scanned signed authorisation looks like to the upload check."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + \
        chunk(b"IEND", b"")


def grant_form(*, grantee: str = "bank", categories: tuple[str, ...] = ("02", "11"), valid_from: date,
               valid_until: date, purpose: str = "贷款审批", subject: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"grantee": grantee, "purpose": purpose, "categories": list(categories),
                            "valid_from": valid_from.isoformat(), "valid_until": valid_until.isoformat()}
    if subject:
        data["subject"] = subject
    return data
