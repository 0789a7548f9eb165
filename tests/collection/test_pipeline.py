"""The collection pipeline: every row stored, updated, unchanged or rejected — and nothing else."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from tests.collection.penalties import penalty, write_csv
from tests.test_identifiers_known_answers import make_uscc
from xinyong.collection.feeding import CHUNK
from xinyong.collection.models import Batch, RowRejection
from xinyong.collection.pipeline import Submission, ingest_file, ingest_records
from xinyong.collection.review import approve, pending_versions, reject
from xinyong.errors import UserError
from xinyong.events.models import Event
from xinyong.platform import Platform
from xinyong.records.models import Record, RecordVersion
from xinyong.subjects.models import Subject

PENALTY = Submission(department_code="STHJJ", item_id="administrative_penalty", door="cli", actor="test",
                     file_name="处罚.csv")


def _count(platform: Platform, model) -> int:
    with platform.db.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def _records(platform: Platform) -> list[Record]:
    with platform.db.session() as session:
        return list(session.scalars(select(Record).order_by(Record.id)))


def test_a_department_file_is_stored_with_its_provenance(platform: Platform, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "处罚.csv", [
        penalty("珠海市华信电子科技有限公司", "91350100M000100Y43", 1),
        penalty("珠海市海天物流有限公司", "９１１１００００６０００３７３４１Ｌ", 2, decided="2026年10月9日"),
        penalty("珠海市坏日期有限公司", "91110108551385082Q", 3, decided="2026-13-45"),
    ], title="珠海市生态环境局行政处罚信息公示表（2026年10月）")
    summary = ingest_file(platform, path, PENALTY)
    assert summary.as_dict() == {"batch_id": summary.batch_id, "rows": 3, "stored": 2, "updated": 0,
                                 "unchanged": 0, "rejected": 1}
    assert summary.reasons == {"bad_date": 1}
    with platform.db.session() as session:
        batch = session.get_one(Batch, summary.batch_id)
        assert (batch.status, batch.encoding, batch.header["row"]) == ("done", "gb18030", 2)
        version = session.scalars(select(RecordVersion).order_by(RecordVersion.id)).first()
        record = session.get_one(Record, version.record_id)
        subject = session.get_one(Subject, record.subject_id)
        # Provenance: department, batch and file, the row as the department numbers it, raw and clean.
        assert (record.department_code, version.batch_id, version.row_no) == ("STHJJ", batch.id, 3)
        received = version.as_received()
        assert received["CF_XDR_SHXYM"] == "91350100M000100Y43" and received["CF_CFLB"] == "罚款"
        assert version.values["CF_NR_FK"] == "2" and version.values["CF_CFLB"] == ["03"]
        assert (record.status, record.link_state, record.severity) == ("approved", "created", "general")
        assert (subject.origin, subject.origin_ref) == ("collection", f"batch:{batch.id}")
        rejection = session.scalars(select(RowRejection)).one()
        assert rejection.row_no == 5 and rejection.reasons[0]["field"] == "CF_JDRQ"
        assert rejection.reasons[0]["value"] == "2026-13-45"
        # One event for the chunk, naming each record it published, enough for the ledger to prove it.
        [event] = session.scalars(select(Event)).all()
        assert (event.kind, event.object_ref, event.subject_id) == ("collection:records:published",
                                                                   f"batch:{batch.id}", None)
        assert event.payload["columns"] == ["record", "subject", "version", "content_hash", "document_no"]
        assert [entry[0] for entry in event.payload["records"]] == [record.id, record.id + 1]
        assert event.payload["records"][0][1:] == [subject.id, 1, version.content_hash, record.document_no]


def test_the_same_file_twice_changes_nothing(platform: Platform, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "处罚.csv", [penalty("甲公司", "91350100M000100Y43", n) for n in range(1, 6)])
    ingest_file(platform, path, PENALTY)
    before = (_count(platform, Record), _count(platform, RecordVersion), _count(platform, Event))
    again = ingest_file(platform, path, PENALTY)
    assert (again.stored, again.updated, again.unchanged, again.rejected) == (0, 0, 5, 0)
    assert (_count(platform, Record), _count(platform, RecordVersion), _count(platform, Event)) == before


def test_a_corrected_resubmission_stores_the_fixed_rows(platform: Platform, tmp_path: Path) -> None:
    rows = [penalty("甲公司", "91350100M000100Y43", 1), penalty("乙公司", "91110108551385082Q", 2, fine="两万")]
    first = ingest_file(platform, write_csv(tmp_path / "a.csv", rows), PENALTY)
    assert (first.stored, first.rejected) == (1, 1)
    rows[1] = penalty("乙公司", "91110108551385082Q", 2, fine="2")
    second = ingest_file(platform, write_csv(tmp_path / "b.csv", rows), PENALTY)
    assert (second.stored, second.unchanged, second.rejected) == (1, 1, 0)


def test_an_update_waits_for_a_reviewer_who_sees_the_diff(platform: Platform, tmp_path: Path) -> None:
    ingest_file(platform, write_csv(tmp_path / "a.csv", [penalty("甲公司", "91350100M000100Y43", 1)]), PENALTY)
    platform.clock.travel(timedelta(days=2))
    changed = penalty("甲公司", "91350100M000100Y43", 1, content="罚款人民币3万元", fine="3")
    summary = ingest_file(platform, write_csv(tmp_path / "b.csv", [changed]), PENALTY)
    assert summary.updated == 1
    [record] = _records(platform)
    assert (record.approved_version, record.latest_version) == (1, 2), "the public still sees version 1"
    with platform.db.session() as session:
        [(version, _)] = pending_versions(session)
        assert version.diff == {"CF_NR": ["罚款人民币2万元", "罚款人民币3万元"], "CF_NR_FK": ["2", "3"]}
        approve(session, version.id, reviewer="王审核", at=platform.clock.now())
    [record] = _records(platform)
    assert record.approved_version == 2
    with platform.db.session() as session:
        assert session.scalars(select(Event.kind).order_by(Event.id)).all() == [
            "collection:records:published", "collection:record:changed"]


def test_a_reviewer_can_refuse_with_a_reason(platform: Platform, tmp_path: Path) -> None:
    ingest_file(platform, write_csv(tmp_path / "a.csv", [penalty("甲公司", "91350100M000100Y43", 1)]), PENALTY)
    ingest_file(platform, write_csv(tmp_path / "b.csv", [penalty("甲公司", "91350100M000100Y43", 1, fine="9")]),
                PENALTY)
    with platform.db.session() as session:
        [(version, _)] = pending_versions(session)
        with pytest.raises(UserError, match="理由"):
            reject(session, version.id, reviewer="王审核", at=platform.clock.now(), note="")
        reject(session, version.id, reviewer="王审核", at=platform.clock.now(), note="罚款金额与决定书不符")
    [record] = _records(platform)
    assert (record.status, record.approved_version) == ("approved", 1)


def test_a_department_revokes_a_decision(platform: Platform, tmp_path: Path) -> None:
    ingest_file(platform, write_csv(tmp_path / "a.csv", [penalty("甲公司", "91350100M000100Y43", 1)]), PENALTY)
    revoke = [penalty("甲公司", "91350100M000100Y43", 1, status="撤销"),
              penalty("乙公司", "91110108551385082Q", 9, status="撤销")]
    summary = ingest_file(platform, write_csv(tmp_path / "b.csv", revoke), PENALTY)
    assert (summary.updated, summary.rejected) == (1, 1)
    assert summary.reasons == {"revoke_unknown": 1}
    [record] = _records(platform)
    assert record.status == "revoked" and record.revoked_at == platform.clock.now()
    with platform.db.session() as session:
        last = session.scalars(select(Event).order_by(Event.id.desc())).first()
        assert last.kind == "collection:records:withdrawn" and [e[0] for e in last.payload["records"]] == [record.id]


def test_records_without_a_usable_code_attach_by_unambiguous_name_or_wait(platform: Platform,
                                                                          tmp_path: Path) -> None:
    ingest_file(platform, write_csv(tmp_path / "a.csv", [
        penalty("珠海市唯一有限公司", "91350100M000100Y43", 1),
        penalty("珠海市重名有限公司", "91110108551385082Q", 2),
        penalty("珠海市重名有限公司", "91310230MA1K314J7C", 3),
    ]), PENALTY)
    summary = ingest_file(platform, write_csv(tmp_path / "b.csv", [
        penalty("珠海市唯一有限公司", "", 4),
        penalty("珠海市重名有限公司", "9131023OMA1K314J7C", 5),
        penalty("珠海市新来有限公司", "", 6),
    ]), PENALTY)
    assert summary.stored == 3
    records = {r.document_no: r for r in _records(platform)}
    assert records["珠环罚〔2026〕4号"].link_state == "by_name"
    assert records["珠环罚〔2026〕4号"].subject_id == records["珠环罚〔2026〕1号"].subject_id
    for ambiguous in ("珠环罚〔2026〕5号", "珠环罚〔2026〕6号"):
        assert (records[ambiguous].subject_id, records[ambiguous].link_state) == (None, "review")
        assert records[ambiguous].status == "pending"


def test_people_s_id_numbers_are_kept_only_masked_and_sealed(platform: Platform, tmp_path: Path) -> None:
    row = penalty("张三", "", 1, kind="自然人", id_number="11010519491231002X", rep="")
    summary = ingest_file(platform, write_csv(tmp_path / "a.csv", [row]), PENALTY)
    assert summary.stored == 1
    [record] = _records(platform)
    with platform.db.session() as session:
        person = session.get_one(Subject, record.subject_id)
        assert person.kind == "person" and person.id_masked == "1101**********002X"
        for table in ("record_versions", "subjects", "events", "row_rejections"):
            dump = str(session.execute(text(f"SELECT * FROM {table}")).all())
            assert "11010519491231002" not in dump, table


def test_a_department_cannot_submit_an_item_it_does_not_supply(platform: Platform, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [penalty("甲公司", "91350100M000100Y43", 1)])
    wrong = Submission(department_code="ZYFY", item_id="administrative_penalty", door="cli", actor="t",
                       file_name="a.csv")
    with pytest.raises(UserError, match=r"ZYFY|中级人民法院"):
        ingest_file(platform, path, wrong)
    assert _count(platform, Batch) == 0 and _count(platform, Record) == 0


def test_a_broken_file_leaves_a_failed_batch_and_nothing_else(platform: Platform, data_dir: Path) -> None:
    with pytest.raises(UserError, match=r"penalty_missing_columns\.csv"):
        ingest_file(platform, data_dir / "collection" / "penalty_missing_columns.csv",
                    Submission(department_code="STHJJ", item_id="administrative_penalty", door="cli", actor="t",
                               file_name="penalty_missing_columns.csv"))
    with platform.db.session() as session:
        batch = session.scalars(select(Batch)).one()
        assert batch.status == "failed" and "处罚决定日期" in batch.error
    assert _count(platform, Record) == 0


def test_pushed_json_records_go_through_the_same_pipeline(platform: Platform) -> None:
    record = {"CF_XDR_MC": "甲公司", "CF_XDR_LB": "法人及非法人组织", "CF_XDR_SHXYM": "91350100M000100Y43",
              "CF_FRDB": "张伟", "CF_WSH": "珠环罚〔2026〕1号", "CF_WFXW": "超标排放", "CF_SY": "经查……",
              "CF_YJ": "《大气污染防治法》第九十九条", "CF_CFLB": "罚款", "CF_NR": "罚款2万元", "CF_NR_FK": 2,
              "CF_JDRQ": "2026-10-20", "CF_CFJG": "珠海市生态环境局", "CF_CFJGDM": "11440400081945785C",
              "CF_SJLY": "珠海市生态环境局", "CF_SJLYDM": "11440400081945785C", "CF_ZT": "有效"}
    push = Submission(department_code="STHJJ", item_id="administrative_penalty", door="push", actor="t",
                      file_name="推送")
    assert ingest_records(platform, record, push).stored == 1
    assert ingest_records(platform, {"records": [record]}, push).unchanged == 1


def test_every_key_a_batch_writes_names_a_row_that_exists(platform: Platform, tmp_path: Path) -> None:
    # A batch writes without a foreign-key check on each row (SQLite, see ``Database.bulk_load``):
    # what it links, creates, updates, revokes and rejects must still hold together.
    ingest_file(platform, write_csv(tmp_path / "a.csv", [
        penalty("珠海市新建有限公司", "91350100M000100Y43", 1), penalty("珠海市无码有限公司", "", 2),
        penalty("张三", "", 3, kind="自然人", id_number="11010519491231002X", rep="")]), PENALTY)
    ingest_file(platform, write_csv(tmp_path / "b.csv", [
        penalty("珠海市另一有限公司", "91110108551385082Q", 1), penalty("珠海市无码有限公司", "", 2, status="撤销"),
        penalty("珠海市坏日期有限公司", "91310230MA1K314J7C", 4, decided="2026-13-45")]), PENALTY)
    with platform.db.session() as session:
        linked = session.execute(select(Record.document_no, Record.link_state, Record.status).order_by(Record.id))
        assert linked.all() == [
            ("珠环罚〔2026〕1号", "created", "approved"), ("珠环罚〔2026〕2号", "review", "revoked"),
            ("珠环罚〔2026〕3号", "created", "approved"), ("珠环罚〔2026〕1号", "created", "approved")]
        if platform.db.backend == "sqlite":
            assert session.execute(text("PRAGMA foreign_key_check")).all() == []
            assert session.execute(text("PRAGMA foreign_keys")).scalar_one() == 1


def test_the_same_decision_three_times_in_one_file_is_one_record_with_three_versions(platform: Platform,
                                                                                     tmp_path: Path) -> None:
    rows = [penalty("甲公司", "91350100M000100Y43", 1, fine=fine, content=f"罚款人民币{fine}万元") for fine in "234"]
    summary = ingest_file(platform, write_csv(tmp_path / "a.csv", rows), PENALTY)
    assert (summary.stored, summary.updated) == (1, 2)
    [record] = _records(platform)
    assert (record.approved_version, record.latest_version) == (1, 3)
    with platform.db.session() as session:
        versions = session.execute(select(RecordVersion.version, RecordVersion.change, RecordVersion.review,
                                          RecordVersion.diff).order_by(RecordVersion.version)).all()
    assert versions == [
        (1, "new", "approved", {}),
        (2, "update", "pending", {"CF_NR": ["罚款人民币2万元", "罚款人民币3万元"], "CF_NR_FK": ["2", "3"]}),
        (3, "update", "pending", {"CF_NR": ["罚款人民币2万元", "罚款人民币4万元"], "CF_NR_FK": ["2", "4"]})]


def test_a_decision_sent_again_in_a_later_chunk_of_the_file_is_compared_not_stored_again(
        platform: Platform, tmp_path: Path) -> None:
    # A file is written a chunk at a time; the second chunk names two decisions of the first (one
    # changed, one the same) among new ones. Each must end as exactly one of its outcomes.
    def firm(n: int, **changes: str) -> list[str]:
        return penalty(f"珠海市第{n}有限公司", make_uscc("91", "440400", f"{n:08d}"), n, **changes)

    first = [firm(n) for n in range(1, CHUNK + 1)]
    second = [firm(5, fine="3", content="罚款人民币3万元"), firm(6), *(firm(n) for n in range(CHUNK + 1, CHUNK + 4))]
    summary = ingest_file(platform, write_csv(tmp_path / "a.csv", first + second), PENALTY)
    assert (summary.rows, summary.stored, summary.updated, summary.unchanged) == (CHUNK + 5, CHUNK + 3, 1, 1)
    with platform.db.session() as session:
        versions = session.execute(select(Record.document_no, RecordVersion.version, RecordVersion.change,
                                          RecordVersion.diff)
                                   .join(RecordVersion, RecordVersion.record_id == Record.id)
                                   .where(Record.document_no.in_(["珠环罚〔2026〕5号", "珠环罚〔2026〕6号"]))
                                   .order_by(Record.document_no, RecordVersion.version)).all()
        assert versions == [("珠环罚〔2026〕5号", 1, "new", {}),
                            ("珠环罚〔2026〕5号", 2, "update", {"CF_NR": ["罚款人民币2万元", "罚款人民币3万元"],
                                                               "CF_NR_FK": ["2", "3"]}),
                            ("珠环罚〔2026〕6号", 1, "new", {})]
        published = [record[4] for payload in session.scalars(
            select(Event.payload).where(Event.kind == "collection:records:published").order_by(Event.id))
            for record in payload["records"]]
    # Published once each: the two decisions sent again are not announced a second time.
    assert sorted(published) == sorted(f"珠环罚〔2026〕{n}号" for n in range(1, CHUNK + 4))
