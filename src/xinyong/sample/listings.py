"""The sample city's list items, pushed by the deciding departments as they decide them:
经营异常名录 (with removals), 失信被执行人, 重大税收违法失信主体, 纳税信用A级, 海关高级认证,
and the market regulator's 企业信用风险分类."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rich.progress import Progress

from xinyong.collection.pipeline import Submission, ingest_records
from xinyong.platform import Platform
from xinyong.sample.records import Party, RecordsWriter, _at

# 法释〔2017〕第一条's conducts: the first lists the debtor until removed, the others for two years.
_DEBTOR_CONDUCT = ("有履行能力而拒不履行生效法律文书确定义务", "违反财产报告制度", "违反限制消费令",
                   "以虚假诉讼、虚假仲裁或者隐匿、转移财产等方法规避执行")


def _push(platform: Platform, day: date, department: str, item: str, records: list[dict[str, Any]]) -> None:
    if records:
        ingest_records(_at(platform, day), records, Submission(department, item, "push", "sample", "实时推送"))


def listings_step(platform: Platform, city: Any, progress: Progress) -> None:
    writer = RecordsWriter(platform, city.seed + 5, city.size)
    if not writer.organisations:
        return
    rng, today = writer.rng, writer.today
    firms = [p for p in writer.organisations if p.kind == "organisation"]
    task = progress.add_task("名单报送", total=6)

    def some(parties: list[Party], share: float) -> list[Party]:
        return rng.sample(parties, max(1, int(len(parties) * share)))

    def past(days: int) -> date:
        day = today - timedelta(days=rng.randint(1, days))
        return day if platform.calendar.is_workday(day) else day - timedelta(days=2)

    abnormal = []
    for party in some(firms, 0.012):
        listed = past(700)
        entry = {"企业名称": party.name, "统一社会信用代码": party.code, "列入经营异常名录原因": "未按规定报送年度报告",
                 "列入日期": listed.isoformat(), "列入决定机关": "珠海市市场监督管理局"}
        removed = listed + timedelta(days=rng.randint(30, 300))
        if rng.random() < 0.4 and removed < today:
            entry |= {"移出经营异常名录原因": "补报年度报告并公示", "移出日期": removed.isoformat(),
                      "移出决定机关": "珠海市市场监督管理局"}
        abnormal.append(entry)
    _push(platform, today - timedelta(days=1), "SCJGJ", "abnormal_operation", abnormal)
    progress.advance(task)

    debtors = []
    for number, party in enumerate(some(firms, 0.003) + rng.sample(writer.people, min(len(writer.people), 20)), 1):
        person = party.kind == "person"
        debtors.append({"失信被执行人姓名/名称": party.name,
                        "统一社会信用代码/组织机构代码": "" if person else party.code,
                        "身份证号码": party.code if person else "", "法定代表人或者负责人姓名": party.legal_rep,
                        "执行法院": "广东省珠海市中级人民法院", "案号": f"（{today.year - 1}）粤04执{number}号",
                        "立案时间": past(600).isoformat(), "执行依据文号": f"（{today.year - 2}）粤04民初{number}号",
                        "做出执行依据单位": "广东省珠海市中级人民法院", "生效法律文书确定的义务": "支付货款及利息",
                        "被执行人的履行情况": "全部未履行",
                        "失信被执行人行为具体情形": rng.choice(_DEBTOR_CONDUCT),
                        "发布时间": past(500).isoformat()})
    _push(platform, today - timedelta(days=1), "ZYFY", "court_dishonest_debtor", debtors)
    progress.advance(task)

    violations = [{"纳税人名称": p.name, "纳税人识别号": p.code, "法定代表人或者负责人姓名": p.legal_rep,
                   "案件性质": "虚开增值税专用发票", "主要违法事实": "经查，该纳税人虚开增值税专用发票。",
                   "相关法律依据及税务处理处罚情况": "依照《中华人民共和国税收征收管理法》等规定，移送公安机关。",
                   "公布日期": past(400).isoformat()} for p in some(firms, 0.0008)]
    _push(platform, today - timedelta(days=2), "SWJ", "major_tax_violation", violations)
    progress.advance(task)

    grade_a = [{"纳税人名称": p.name, "纳税人识别号": p.code, "评价年度": year, "纳税信用级别": "A"}
               for year in (today.year - 2, today.year - 1) for p in some(firms, 0.08)]
    _push(platform, date(today.year, 4, 21), "SWJ", "tax_credit_a", grade_a)
    progress.advance(task)

    certified = [{"企业名称": p.name, "统一社会信用代码": p.code, "海关注册编码": f"4404{rng.randint(100000, 999999)}",
                  "信用等级": "高级认证企业", "认定时间": past(900).isoformat()} for p in some(firms, 0.004)]
    _push(platform, today - timedelta(days=3), "GBHG", "customs_advanced_certified", certified)
    progress.advance(task)

    classes = rng.choices(["A类", "B类", "C类", "D类"], weights=[65, 25, 8, 2], k=len(firms))
    day = date(today.year, today.month, 1) - timedelta(days=1)
    risk = [{"企业名称": p.name, "统一社会信用代码": p.code, "信用风险分类结果": grade, "分类日期": day.isoformat(),
             "分类单位": "珠海市市场监督管理局"} for p, grade in zip(firms, classes, strict=True)]
    _push(platform, day, "SCJGJ", "enterprise_risk_class", risk)
    progress.advance(task)
