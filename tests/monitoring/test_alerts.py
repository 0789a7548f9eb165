"""Early warning with clock travel: a two-grade drop, a district's 失信率 jumping, a silent department."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from tests.collection.penalties import penalty, write_csv
from tests.evaluation.records import JIA, PENALTY, risk_class
from xinyong.clock import CHINA
from xinyong.collection.pipeline import Submission, ingest_file, ingest_records
from xinyong.evaluation.loader import get_models
from xinyong.evaluation.runs import evaluate, regrade_changed
from xinyong.monitoring.alerts import raise_alerts
from xinyong.platform import Platform
from xinyong.sample.city import CityGenerator
from xinyong.subjects.models import SubjectKind
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import Registry, SubjectEntry

OFFICIAL = get_models().get("gz2023")


def test_a_subject_falling_two_grades_raises_one_alert(platform: Platform) -> None:
    risk_class(platform, JIA, "珠海市甲公司", "A")
    evaluate(platform, OFFICIAL)
    assert raise_alerts(platform) == []
    platform.clock.travel(timedelta(days=10))
    day = platform.clock.today().isoformat()
    ingest_records(platform, {"失信被执行人姓名/名称": "珠海市甲公司", "统一社会信用代码/组织机构代码": JIA,
                              "执行法院": "广东省珠海市中级人民法院", "案号": "（2026）粤04执1号",
                              "立案时间": "2026-09-01",
                              "执行依据文号": "（2026）粤04民初1号", "做出执行依据单位": "广东省珠海市中级人民法院",
                              "生效法律文书确定的义务": "支付货款", "被执行人的履行情况": "全部未履行",
                              "失信被执行人行为具体情形": "拒不履行", "发布时间": day},
                   Submission("ZYFY", "court_dishonest_debtor", "push", "test", "推送"))
    ingest_records(platform, {"纳税人名称": "珠海市甲公司", "纳税人识别号": JIA, "案件性质": "偷税",
                              "主要违法事实": "少缴税款",
                              "相关法律依据及税务处理处罚情况": "追缴并处罚款", "公布日期": day},
                   Submission("SWJ", "major_tax_violation", "push", "test", "推送"))
    regrade_changed(platform, OFFICIAL)
    [alert] = raise_alerts(platform)
    assert alert.kind == "grade_drop"
    assert alert.message == "珠海市甲公司（91350100M000100Y43）信用等级由 A 降至 D（45 分）"
    platform.clock.travel(timedelta(days=1))
    assert raise_alerts(platform) == [], "raised once"


def _firms(platform: Platform, count: int) -> list[SubjectEntry]:
    generator = CityGenerator(12)
    entries = [SubjectEntry(name=f"珠海市测试{n}有限公司", code=generator.uscc("91", "440402", recoded=False),
                            kind=SubjectKind.ORGANISATION, region_code="440402", industry="C",
                            registered_on=date(2020, 1, 1)) for n in range(count)]
    with platform.db.session() as session:
        Registry(session, PersonIdVault(platform.keys), now=platform.clock.now(), origin="test").register_many(entries)
    return entries


def test_a_district_whose_dishonesty_rate_jumps_raises_an_alert(platform: Platform, tmp_path: Path) -> None:
    firms = _firms(platform, 40)
    # One general penalty a month in August, September and October (2.5 %), five in November (12.5 %).
    decided = ["2026-08-10", "2026-09-10", "2026-10-12", *["2026-11-16"] * 5]
    rows = [penalty(f.name, f.code, n, decided=day) for n, (f, day) in enumerate(zip(firms, decided, strict=False), 1)]
    ingest_file(platform, write_csv(tmp_path / "p.csv", rows), PENALTY)
    found = {a.key: a for a in raise_alerts(platform) if a.kind == "rate_jump"}
    assert set(found) == {"region:440402:2026-11", "industry:C:2026-11"}
    region = found["region:440402:2026-11"]
    assert region.message == "地区“香洲区” 2026-11 失信率 12.50%（5/40），此前 3 个月平均 2.50%"
    assert region.detail["dishonest"] == 5 and region.detail["subjects"] == 40
    assert "制造业" in found["industry:C:2026-11"].message


def test_a_department_that_stops_submitting_raises_an_alert(platform: Platform, tmp_path: Path) -> None:
    for n, day in enumerate(("2026-07-15", "2026-08-14", "2026-09-15"), 1):
        platform.clock.set(datetime.fromisoformat(day).replace(hour=10, tzinfo=CHINA))
        ingest_file(platform, write_csv(tmp_path / f"{n}.csv", [penalty("珠海市甲公司", JIA, n, decided=day)]), PENALTY)
    platform.clock.set(datetime(2026, 10, 14, 9, 0, tzinfo=CHINA))
    assert raise_alerts(platform) == [], "29 days of silence is not yet an alert"
    platform.clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=CHINA))
    [alert] = raise_alerts(platform)
    assert alert.kind == "silent_department" and alert.department_code == "STHJJ"
    assert "珠海市生态环境局 自 2026-09-15 起已 69 天未报送数据" in alert.message
