"""Monthly collection quality, with 迟报率 counted on the official working-day calendar."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tests.collection.penalties import penalty, write_csv
from xinyong.clock import CHINA
from xinyong.collection.pipeline import Submission, ingest_file
from xinyong.collection.quality import monthly_quality
from xinyong.platform import Platform

PENALTY = Submission(department_code="STHJJ", item_id="administrative_penalty", door="cli", actor="test",
                     file_name="处罚.csv")


def test_late_rate_across_the_national_day_holiday(platform: Platform, tmp_path: Path) -> None:
    # 2026: 09-25..27 (中秋) and 10-01..07 (国庆) are holidays; 09-20 (Sun) and 10-10 (Sat) are make-up
    # working days. Decided 09-28 (Mon), received 10-12 (Mon): working days after the decision are
    # 09-29, 09-30, 10-08, 10-09, 10-10 (调休), 10-12 → 6, on time although 14 calendar days passed.
    # Decided 09-21 (Mon), received 10-10 (Sat, a working day): 09-22..24, 09-28..30, 10-08..10 → 9, late.
    platform.clock.set(datetime(2026, 10, 10, 10, 0, tzinfo=CHINA))
    ingest_file(platform, write_csv(tmp_path / "a.csv", [
        penalty("甲公司", "91350100M000100Y43", 1, decided="2026-09-21")]), PENALTY)
    platform.clock.set(datetime(2026, 10, 12, 10, 0, tzinfo=CHINA))
    ingest_file(platform, write_csv(tmp_path / "b.csv", [
        penalty("乙公司", "91110108551385082Q", 2, decided="2026-09-28"),
        penalty("丙公司", "91310230MA1K314J7C", 3, decided="2026-09-29"),
        penalty("丁公司", "91340600MA2PBM9HXD", 4, decided="2026-10-09", fine="十万"),
    ]), PENALTY)
    with platform.db.session() as session:
        report = monthly_quality(session, platform.catalog, platform.calendar, "STHJJ", "2026-10")
    assert (report.batches, report.rows, report.stored, report.rejected) == (2, 4, 3, 1)
    assert report.rejection_rate == 0.25 and report.top_reasons == [("bad_amount", 1)]
    assert (report.deadline_records, report.late_records) == (3, 1)
    assert report.late_examples[0]["document_no"] == "珠环罚〔2026〕1号" and report.late_examples[0]["workdays"] == 9
    assert report.bad_code_rate == 0.0
    assert 0 < report.completeness < 1
    with platform.db.session() as session:
        november = monthly_quality(session, platform.catalog, platform.calendar, "STHJJ", "2026-11")
    assert november.rows == 0 and november.late_rate is None
