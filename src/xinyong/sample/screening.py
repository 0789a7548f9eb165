"""The sample city's joint rewards and punishments: list entries followed from the records, the
finance bureau's and market regulator's subscriptions with notices in their feeds, screenings of
the past weeks (feedback given, refused, and overdue), a hit cleared as "not the same subject", a
bulk screening run as a job, a court listing with a mistyped code that waits for a reviewer (and a
screening that names the firm it meant, answered 待人工核实), and a new court listing plus an exit
that reached the subscribers."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from rich.progress import Progress
from sqlalchemy import and_, select

from xinyong.accounts.viewer import Viewer
from xinyong.collection.pipeline import Submission, ingest_records
from xinyong.identifiers import check
from xinyong.lists.models import ListEntry
from xinyong.platform import Platform
from xinyong.records.models import Record, RecordVersion
from xinyong.sample.records import _at
from xinyong.sample.workflows import _viewers, _workday
from xinyong.screening.feedback import FeedbackItem, give_feedback
from xinyong.screening.following import follow_lists
from xinyong.screening.jobs import run_jobs, submit_job
from xinyong.screening.models import ScreeningResult, Subscription
from xinyong.screening.service import SubjectQuery, screen
from xinyong.subjects.models import Subject


def _listed(platform: Platform, lists: tuple[str, ...], limit: int) -> list[tuple[ListEntry, Subject]]:
    with platform.db.session() as session:
        return [tuple(r) for r in session.execute(  # type: ignore[misc]
            select(ListEntry, Subject).join(Subject, Subject.id == ListEntry.subject_id)
            .where(ListEntry.list_id.in_(lists), ListEntry.exited_on.is_(None), Subject.kind == "organisation")
            .order_by(ListEntry.id).limit(limit))]


def _clean(platform: Platform, rng: random.Random, count: int) -> list[Subject]:
    with platform.db.session() as session:
        firms = session.scalars(select(Subject).where(Subject.kind == "organisation", Subject.code_scheme == "uscc")
                                .order_by(Subject.id).limit(count * 20)).all()
    return rng.sample(list(firms), min(count, len(firms)))


def _queries(rng: random.Random, listed: list[tuple[ListEntry, Subject]], clean: list[Subject]) -> list[SubjectQuery]:
    queries = []
    for number, (_, subject) in enumerate(listed):
        # Departments' systems give codes, or names as their forms wrote them (full-width brackets, no 市).
        queries.append(SubjectQuery(code=subject.code) if number % 2 else
                       SubjectQuery(name=subject.name.replace("珠海市", "珠海"), legal_rep=subject.legal_rep))
    queries += [SubjectQuery(code=s.code) for s in clean]
    rng.shuffle(queries)
    return queries


def _feedback(platform: Platform, viewer: Viewer, screening_id: int, share: float, rng: random.Random) -> None:
    with platform.db.session() as session:
        results = session.scalars(select(ScreeningResult).where(ScreeningResult.screening_id == screening_id,
                                                                ScreeningResult.outcome == "measures")).all()
        items = []
        for result in results:
            if rng.random() > share:
                continue
            for measure in result.measure_ids:
                applied = rng.random() < 0.85
                items.append(FeedbackItem(position=result.position, measure=measure,
                                          action="applied" if applied else "not_applied",
                                          reason="已按规定实施" if applied else "供应商已在截止前撤回投标，本次未实施"))
        if items:
            give_feedback(session, viewer, screening_id, items, platform.clock.now())


def _mistyped(code: str) -> str:
    """The code with two neighbouring characters swapped, as a clerk types it: it fails its check."""
    for i in range(8, 16):
        typo = code[:i] + code[i + 1] + code[i] + code[i + 2:]
        if not check(typo).acceptable:
            return typo
    raise ValueError(f"no transposition of {code} fails its check")


def _new_listing(platform: Platform, day: date, firm: Subject, case: int, code: str | None = None) -> None:
    record: dict[str, Any] = {
        "失信被执行人姓名/名称": firm.name, "统一社会信用代码/组织机构代码": code or firm.code, "身份证号码": "",
        "法定代表人或者负责人姓名": firm.legal_rep or "", "执行法院": "广东省珠海市中级人民法院",
        "案号": f"（{day.year}）粤04执{case}号", "立案时间": (day - timedelta(days=90)).isoformat(),
        "执行依据文号": f"（{day.year - 1}）粤04民初88号", "做出执行依据单位": "广东省珠海市中级人民法院",
        "生效法律文书确定的义务": "支付工程款及利息", "被执行人的履行情况": "全部未履行",
        "失信被执行人行为具体情形": "违反财产报告制度", "发布时间": day.isoformat()}
    ingest_records(_at(platform, day), [record],
                   Submission("ZYFY", "court_dishonest_debtor", "push", "sample", "实时推送"))


def _removal(platform: Platform, day: date) -> None:
    """The market regulator takes a firm off 经营异常名录 after it filed its annual report."""
    with platform.db.session() as session:
        values = session.scalar(
            select(RecordVersion.values).join(Record, and_(Record.id == RecordVersion.record_id,
                                                           RecordVersion.version == Record.approved_version))
            .join(ListEntry, ListEntry.record_id == Record.id)
            .where(ListEntry.list_id == "abnormal_operation", ListEntry.exited_on.is_(None),
                   ListEntry.entered_on < day - timedelta(days=60)).order_by(ListEntry.id).limit(1))
    if values:
        removed = {**values, "YCYY": "补报年度报告并公示", "YCRQ": day.isoformat(), "YCJG": "珠海市市场监督管理局"}
        ingest_records(_at(platform, day), [removed],
                       Submission("SCJGJ", "abnormal_operation", "push", "sample", "实时推送"))


def screening_step(platform: Platform, city: Any, progress: Progress) -> None:
    task = progress.add_task("联合奖惩核查", total=5)
    rng = random.Random(city.seed + 7)
    today = platform.clock.today()
    follow_lists(platform)
    progress.advance(task)
    viewers = _viewers(platform)
    czj, scjgj, zjj = viewers.get("czj"), viewers.get("scjgj"), viewers.get("zjj")
    listed = _listed(platform, ("court_dishonest_debtor", "major_tax_violation", "abnormal_operation"), 12)
    if czj is None or scjgj is None or zjj is None or not listed:
        return
    with platform.db.session() as session:
        for viewer, scenarios in ((czj, ["government_procurement"]), (scjgj, ["licensing", "supervision"])):
            session.add(Subscription(department_code=viewer.department_code, scenarios=scenarios, url=None,
                                     secret=f"{rng.getrandbits(192):048x}", active=True, created_by=viewer.actor,
                                     created_at=platform.clock.now() - timedelta(days=40)))
    progress.advance(task)

    past = _at(platform, _workday(platform, today - timedelta(days=30)))
    old = screen(past, czj, "government_procurement", "2026年第9批政府采购供应商资格审查",
                 _queries(rng, listed[:8], _clean(platform, rng, 12)))
    _feedback(past, czj, old, 0.6, rng)  # the rest is overdue by now
    recent = _at(platform, _workday(platform, today - timedelta(days=2)))
    mistyped = _clean(platform, rng, 1)[0]
    _new_listing(platform, _workday(platform, today - timedelta(days=3)), mistyped, rng.randint(100, 999),
                 code=_mistyped(mistyped.code))
    screen(recent, scjgj, "licensing", "食品经营许可（告知承诺）审查",
           [*_queries(rng, listed[4:12], _clean(platform, rng, 6)), SubjectQuery(name=mistyped.name)])
    progress.advance(task)

    bulk = [SubjectQuery(code=s.code) for s in _clean(platform, rng, 1200)] + _queries(rng, listed, [])
    submit_job(recent, zjj, "tendering", "2026年度建设工程招标投标市场主体信用核查", bulk)
    run_jobs(recent)
    progress.advance(task)

    yesterday = _workday(platform, today - timedelta(days=1))
    _new_listing(platform, yesterday, _clean(platform, rng, 1)[0], rng.randint(100, 999))
    _removal(platform, yesterday)
    follow_lists(platform)
    progress.advance(task)
