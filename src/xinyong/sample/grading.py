"""The sample city graded and supervised: last month's full evaluation, this week's new dishonesty
records re-grading their subjects through the event journal (some fall two grades), the trial model
run beside the official one, two random inspections drawn, and the early-warning check."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from rich.progress import Progress
from sqlalchemy import select

from xinyong.collection.pipeline import Submission, ingest_records
from xinyong.evaluation.loader import get_models
from xinyong.evaluation.models import Grade
from xinyong.evaluation.runs import evaluate, regrade_changed
from xinyong.monitoring.alerts import raise_alerts
from xinyong.platform import Platform
from xinyong.sample.records import _at
from xinyong.subjects.models import Subject
from xinyong.supervision.tasks import Scope, draw_task


def _new_dishonesty(platform: Platform, seed: int) -> None:
    """A few firms graded A land on two lists this week."""
    today = platform.clock.today()
    with platform.db.session() as session:
        firms = session.execute(select(Subject.name, Subject.code, Subject.legal_rep)
                                .join(Grade, Grade.subject_id == Subject.id)
                                .where(Grade.current.is_(True), Grade.grade == "A", Subject.kind == "organisation")
                                .order_by(Subject.id)).all()
    chosen = random.Random(seed).sample(firms, min(len(firms), max(3, len(firms) // 100)))
    day = today - timedelta(days=3)
    court = "广东省珠海市中级人民法院"
    debtors = [{"失信被执行人姓名/名称": name, "统一社会信用代码/组织机构代码": code,
                "法定代表人或者负责人姓名": rep or "", "执行法院": court, "案号": f"（{today.year}）粤04执恢{n}号",
                "立案时间": (day - timedelta(days=90)).isoformat(),
                "执行依据文号": f"（{today.year - 1}）粤04民初{n}号",
                "做出执行依据单位": court, "生效法律文书确定的义务": "支付工程款", "被执行人的履行情况": "全部未履行",
                "失信被执行人行为具体情形": "有履行能力而拒不履行生效法律文书确定义务", "发布时间": day.isoformat()}
               for n, (name, code, rep) in enumerate(chosen, 1)]
    violations = [{"纳税人名称": name, "纳税人识别号": code, "法定代表人或者负责人姓名": rep or "", "案件性质": "偷税",
                   "主要违法事实": "经查，该纳税人少缴税款。", "相关法律依据及税务处理处罚情况": "追缴税款并处罚款。",
                   "公布日期": day.isoformat()} for name, code, rep in chosen]
    at = _at(platform, day)
    ingest_records(at, debtors, Submission("ZYFY", "court_dishonest_debtor", "push", "sample", "实时推送"))
    ingest_records(at, violations, Submission("SWJ", "major_tax_violation", "push", "sample", "实时推送"))


def grading_step(platform: Platform, city: Any, progress: Progress) -> None:
    models = get_models()
    official = models.official_on(platform.clock.today())
    task = progress.add_task("信用评价与分级监管", total=6)
    evaluate(_at(platform, platform.clock.today() - timedelta(days=35)), official)
    progress.advance(task)
    _new_dishonesty(platform, city.seed)
    progress.advance(task)
    regrade_changed(platform, official)
    progress.advance(task)
    evaluate(platform, models.get("gbt45255_trial"))
    progress.advance(task)
    for department, name, scope, ratio in (
            ("SCJGJ", "食品经营和餐饮服务双随机抽查", Scope(industries=("F", "H")), "0.05"),
            ("YJGLJ", "工贸企业安全生产双随机抽查", Scope(kinds=("organisation",), industries=("C",)), "0.1")):
        draw_task(platform, department_code=department, name=name, scope=scope, base_ratio=ratio, actor="sample",
                  seed=f"sample-{city.seed}-{department}")
    progress.advance(task)
    raise_alerts(platform)
    progress.advance(task)
