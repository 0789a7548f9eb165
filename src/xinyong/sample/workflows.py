"""The sample city's commitments, objections and repairs, made through the workflows' services at
the times they would have happened: commitments of the four families (fulfilled, breached, past
their deadline), objections in every state (some overdue), repairs applied, approved and refused,
and a penalty of the demo business that is eligible for repair."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from rich.progress import Progress
from sqlalchemy import select

from xinyong.accounts.models import Account
from xinyong.accounts.viewer import Viewer, viewer_for
from xinyong.catalog.rules import add_months
from xinyong.collection.pipeline import Submission, ingest_records
from xinyong.errors import UserError
from xinyong.platform import Platform
from xinyong.records.models import Record
from xinyong.sample.accounts import OFFICE, SUBJECT
from xinyong.sample.records import _at
from xinyong.subjects.models import Subject
from xinyong.workflows import commitments, objections, repairs
from xinyong.workflows.attachments import Upload
from xinyong.workflows.overdue import flag_overdue

_TYPES = ["1", "2", "3", "4", "5"]
_TITLES = {"1": "以承诺替代环评批复办理排污许可", "2": "容缺办理建筑工程施工许可（缺消防设计审查意见）",
           "3": "告知承诺办理食品经营许可（免交场所证明）", "4": "主动公示：不拖欠农民工工资",
           "5": "行业自律：诚信经营、明码标价"}
_DEPARTMENTS = {"1": "STHJJ", "2": "ZJJ", "3": "SCJGJ", "4": "FGJ", "5": "SWJ"}
_SCAN = Upload("evidence", "佐证材料.pdf", "application/pdf", b"%PDF-1.4 sample scan")


def _viewers(platform: Platform) -> dict[str, Viewer]:
    with platform.db.session() as session:
        return {a.username: viewer_for(a) for a in session.scalars(select(Account))}


def _workday(platform: Platform, day: date) -> date:
    while not platform.calendar.is_workday(day):
        day -= timedelta(days=1)
    return day


def _penalties(platform: Platform, low: date, high: date, limit: int) -> list[tuple[int, str, str]]:
    """(record, department, subject name) of published general penalties on organisations."""
    with platform.db.session() as session:
        rows = session.execute(
            select(Record.id, Record.department_code, Subject.name).join(Subject, Subject.id == Record.subject_id)
            .where(Record.item_id == "administrative_penalty", Record.status == "approved",
                   Record.severity == "general", Record.decided_on.between(low, high),
                   Subject.kind == "organisation", Subject.code_scheme == "uscc", Record.repaired_on.is_(None))
            .order_by(Record.id).limit(limit))
        return [tuple(r) for r in rows]  # type: ignore[misc]


def _commitments(platform: Platform, rng: random.Random, viewers: dict[str, Viewer], firms: list[Subject]) -> None:
    today = platform.clock.today()
    for number, firm in enumerate(firms):
        kind = _TYPES[number % len(_TYPES)]
        made = _workday(platform, today - timedelta(days=rng.randint(60, 200)))
        # Every seventh waits past its deadline for a verdict: the department is reminded.
        deadline = made + timedelta(days=30 if number % 7 == 6 else rng.choice([30, 45, 60, 240]))
        department = _DEPARTMENTS[kind]
        title = _TITLES[kind]
        data = commitments.CommitmentInput(firm.code, kind, title, f"本单位承诺：{title}，所报材料真实。",
                                           title.split("（")[0], ["按期补齐材料并接受核查"], made, deadline)
        made_at = _at(platform, made)
        commitment = commitments.create_commitment(made_at, viewers[department.lower()], data)
        verdict_day = deadline + timedelta(days=rng.randint(1, 10))
        if verdict_day >= today or number % 7 == 6:
            continue  # in force; those past their deadline are flagged to the department
        commitments.record_verdict(_at(platform, _workday(platform, verdict_day)), viewers[department.lower()],
                                   commitment.id, fulfilled=number % 4 != 3,
                                   note="" if number % 4 != 3 else "逾期未补交承诺的证明材料，经核查属实")


def _objections(platform: Platform, viewers: dict[str, Viewer], cases: list[tuple[int, str, str]]) -> None:
    today = platform.clock.today()
    office = viewers[OFFICE[0]]
    plans = ["submitted", "refused", "verifying", "corrected", "upheld", "unconfirmed", "late_accept", "late_verify"]
    for (record, department, name), plan in zip(cases, plans, strict=False):
        back = {"late_accept": 12, "late_verify": 40, "submitted": 1}.get(plan, 30)
        start = _workday(platform, today - timedelta(days=back))
        data = objections.ObjectionInput(record, "处罚内容与决定书不符，罚款金额有误", {"CF_NR_FK": "0.1"}, [],
                                         objector_name=name, agent_note="窗口受理，凭授权委托书代为提出")
        try:
            found = objections.submit_objection(_at(platform, start), office, data)
        except UserError:
            continue  # e.g. the record already holds the value claimed
        if plan in ("submitted", "late_accept"):
            continue
        step = _at(platform, start + timedelta(days=1))
        if plan == "refused":
            objections.refuse_objection(step, office, found.id, "异议材料与记录无关，不予受理")
            continue
        objections.accept_objection(step, office, found.id)
        if plan in ("verifying", "late_verify"):
            continue
        answer = _at(platform, start + timedelta(days=8))
        note = {"corrected": "经核实录入有误，予以更正", "upheld": "经核实，原记录无误",
                "unconfirmed": "原始卷宗已移交，无法核实"}[plan]
        objections.decide_objection(answer, viewers[department.lower()], found.id, outcome=plan, note=note,
                                    corrections={"CF_NR_FK": "0.1"} if plan == "corrected" else None)


def _repairs(platform: Platform, viewers: dict[str, Viewer], cases: list[tuple[int, str, str]]) -> None:
    today = platform.clock.today()
    office = viewers[OFFICE[0]]
    for number, (record, department, name) in enumerate(cases):
        start = _workday(platform, today - timedelta(days=20 - number))
        data = repairs.RepairInput(record, "已缴清罚款并完成整改", True, True, True, [_SCAN], applicant_name=name,
                                   agent_note="窗口受理，凭授权委托书代为申请")
        try:
            found = repairs.apply_for_repair(_at(platform, start), office, data)
        except UserError:
            continue  # not eligible on that day after all
        if number % 3 == 2:
            continue  # waiting for the department
        repairs.decide_repair(_at(platform, start + timedelta(days=5)), viewers[department.lower()], found.id,
                              approve=number % 3 == 0,
                              note="已履行处罚并完成整改" if number % 3 == 0 else "罚款尚未缴清")


def _demo_business(platform: Platform, viewers: dict[str, Viewer]) -> None:
    """The demo account's business: one penalty past its minimum period, one under objection."""
    demo = viewers.get(SUBJECT)
    if demo is None or demo.subject_id is None:
        return
    today = platform.clock.today()
    with platform.db.session() as session:
        firm = session.get_one(Subject, demo.subject_id)
    bureau = platform.catalog.department("STHJJ")
    rows: list[dict[str, Any]] = []
    for number, decided in ((1, add_months(today, -5)), (2, _workday(platform, today - timedelta(days=20)))):
        rows.append({"行政相对人名称": firm.name, "行政相对人类别": "法人及非法人组织",
                     "统一社会信用代码": firm.code, "法定代表人": firm.legal_rep or "张伟",
                     "行政处罚决定书文号": f"珠环罚〔{decided.year}〕样例{number}号",
                     "违法行为类型": "超标排放大气污染物", "违法事实": "经查，当事人超标排放大气污染物。",
                     "处罚依据": "《中华人民共和国大气污染防治法》第九十九条", "处罚类别": "罚款",
                     "处罚内容": "罚款人民币2万元", "罚款金额（万元）": "2",
                     "处罚决定日期": _workday(platform, decided).isoformat(),
                     "处罚机关": bureau.name, "处罚机关统一社会信用代码": bureau.uscc, "数据来源单位": bureau.name,
                     "数据来源单位统一社会信用代码": bureau.uscc, "当前状态": "有效"})
    ingest_records(_at(platform, today - timedelta(days=3)), rows,
                   Submission("STHJJ", "administrative_penalty", "push", "sample", "实时推送"))
    with platform.db.session() as session:
        recent = session.scalar(select(Record.id).where(Record.document_no.like("%样例2号")))
    if recent is not None:
        objections.submit_objection(_at(platform, today - timedelta(days=1)), demo,
                                    objections.ObjectionInput(recent, "罚款金额应为 0.5 万元，决定书有误",
                                                              {"CF_NR_FK": "0.5"}, []))


def workflows_step(platform: Platform, city: Any, progress: Progress) -> None:
    viewers = _viewers(platform)
    if OFFICE[0] not in viewers:
        return
    rng = random.Random(city.seed * 13 + 5)
    task = progress.add_task("承诺、异议与修复", total=4)
    today = platform.clock.today()
    with platform.db.session() as session:
        firms = list(session.scalars(
            select(Subject).where(Subject.kind == "organisation", Subject.code_scheme == "uscc",
                                  Subject.code_verdict == "valid")
            .order_by(Subject.id).limit(max(5, min(40, city.size // 500)))))
    _commitments(platform, rng, viewers, firms)
    progress.advance(task)
    _objections(platform, viewers, _penalties(platform, today - timedelta(days=300), today - timedelta(days=60), 8))
    progress.advance(task)
    _repairs(platform, viewers, _penalties(platform, today - timedelta(days=330), today - timedelta(days=130), 6))
    progress.advance(task)
    _demo_business(platform, viewers)
    flag_overdue(platform)
    progress.advance(task)
