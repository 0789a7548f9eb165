"""Large files are read and cleaned in a helper process: same outcome, same errors, no orphan."""

from __future__ import annotations

import dataclasses
import os
import pickle
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.collection.penalties import penalty, write_csv
from tests.collection.test_http import _token
from tests.collection.test_interrupted import _rows, _state
from tests.conftest import _wipe
from xinyong.accounts.models import Role
from xinyong.collection.feeding import CHUNK, Chunk, ChunkMaker, RawBlock, SourceInfo, file_chunks
from xinyong.collection.helper import helper_chunks
from xinyong.collection.models import Batch
from xinyong.collection.pipeline import Submission, ingest_file
from xinyong.collection.preparing import PreparedRow
from xinyong.errors import UserError
from xinyong.platform import Platform
from xinyong.web.app import create_app

PENALTY = Submission(department_code="STHJJ", item_id="administrative_penalty", door="cli", actor="test",
                     file_name="处罚.csv")


def _with_helper_for(platform: Platform, min_bytes: int) -> Platform:
    settings = platform.settings.model_copy(update={"collection_helper_min_bytes": min_bytes})
    return dataclasses.replace(platform, settings=settings)


def test_a_file_read_in_the_helper_ends_exactly_as_one_read_in_process(platform: Platform, tmp_path: Path) -> None:
    # The first chunks are cleaned in this process while the helper starts, the rest in the
    # helper: the rows that test cleaning and writing are at both ends of a file of six chunks.
    rows = [penalty("珠海市海天物流有限公司", "９１１１００００６０００３７３４１Ｌ", 8001, decided="2026年10月9日"),
            penalty("珠海市坏日期有限公司", "91110108551385082Q", 8002, decided="2026-13-45")]
    rows += [penalty("珠海市华信电子科技有限公司", "91350100M000100Y43", n, fine=str(n % 5)) for n in range(1, 12000)]
    rows += [penalty("珠海市海天物流有限公司", "９１１１００００６０００３７３４１Ｌ", 9001, decided="2026年10月9日"),
             penalty("珠海市坏日期有限公司", "91110108551385082Q", 9002, decided="2026-13-45"),
             penalty("珠海市华信电子科技有限公司", "91350100M000100Y43", 7, fine="9"),  # an update of row 7
             penalty("张三", "", 9003, kind="自然人", id_number="11010519491231002X"),
             penalty("珠海市海天物流有限公司", "911100006000373411", 9004, status="撤销")]
    path = write_csv(tmp_path / "处罚.csv", rows, encoding="gb18030", title="珠海市生态环境局行政处罚信息公示表")
    helped = ingest_file(_with_helper_for(platform, 0), path, PENALTY)
    assert (helped.rows, helped.rejected, helped.updated) == (len(rows), 3, 1)
    assert helped.reasons == {"bad_date": 2, "revoke_unknown": 1}
    after_helper = _state(platform)
    _wipe(platform.db)
    alone = ingest_file(_with_helper_for(platform, 1 << 40), path, PENALTY)
    assert alone.as_dict() | {"batch_id": 0} == helped.as_dict() | {"batch_id": 0}
    assert _state(platform) == after_helper


def test_the_helper_goes_on_from_the_chunk_it_is_told(platform: Platform, tmp_path: Path) -> None:
    rows = [penalty("珠海市华信电子科技有限公司", "91350100M000100Y43", n) for n in range(1, 5001)]
    path = write_csv(tmp_path / "处罚.csv", rows)
    pieces = file_chunks(path, path.name, PENALTY.item_id, platform.keys, date(2026, 11, 1))
    assert isinstance(next(pieces), SourceInfo)
    rest = [pieces.send(2), *pieces]
    numbers = [row.number for chunk in rest if isinstance(chunk, Chunk) for row in chunk.prepared]
    assert numbers == list(range(2 * CHUNK + 2, 5002))  # row 1 is the header


def test_a_chunk_asked_for_as_read_is_cleaned_by_the_other_process_to_the_same_rows(platform: Platform,
                                                                                    tmp_path: Path) -> None:
    # When the writer waits for the helper, the helper sends the next chunk as read and the
    # writer's process cleans it: the same rows, problems and values as the helper would have made.
    rows = [penalty("珠海市华信电子科技有限公司", "91350100M000100Y43", n) for n in range(1, 2 * CHUNK + 1)]
    rows += [penalty("珠海市坏日期有限公司", "91110108551385082Q", 9002, decided="2026-13-45"),
             penalty("张三", "", 9003, kind="自然人", id_number="11010519491231002X")]
    path = write_csv(tmp_path / "处罚.csv", rows)
    made = list(file_chunks(path, path.name, PENALTY.item_id, platform.keys, date(2026, 11, 1)))
    pieces = file_chunks(path, path.name, PENALTY.item_id, platform.keys, date(2026, 11, 1))
    info = next(pieces)
    assert isinstance(info, SourceInfo)
    first = pieces.send(0)
    raw = [pieces.send(True), pieces.send(True)]
    assert isinstance(first, Chunk) and all(isinstance(block, RawBlock) for block in raw)
    assert next(pieces, None) is None
    maker = ChunkMaker(PENALTY.item_id, platform.keys, date(2026, 11, 1), info.legacy_v1)
    cleaned = [maker.make(block.rows) for block in raw if isinstance(block, RawBlock)]

    def outcome(chunk: object) -> tuple[object, ...]:
        assert isinstance(chunk, Chunk)
        # A sealed ID number differs at every sealing (a fresh nonce); everything else is the same.
        return (chunk.count, [(r.number, [p.reason for p in r.problems]) for r in chunk.bad],
                [row._replace(sealed=b"") for row in chunk.prepared])

    assert [outcome(c) for c in cleaned] == [outcome(c) for c in made[2:]]
    assert [row.number for row in cleaned[1].prepared] == [2 * CHUNK + 3]


def test_a_chunk_crosses_to_the_writer_as_the_same_rows(platform: Platform, tmp_path: Path) -> None:
    # A chunk is pickled column by column: every row, its party and its revocation come back whole.
    rows = [penalty("珠海市华信电子科技有限公司", "91350100M000100Y43", 1),
            penalty("珠海市坏日期有限公司", "91110108551385082Q", 2, decided="2026-13-45"),
            penalty("张三", "", 3, kind="自然人", id_number="11010519491231002X"),
            penalty("珠海市华信电子科技有限公司", "91350100M000100Y43", 1, status="撤销")]
    path = write_csv(tmp_path / "处罚.csv", rows)
    pieces = file_chunks(path, path.name, PENALTY.item_id, platform.keys, date(2026, 11, 1))
    next(pieces)
    chunk = next(pieces)
    assert isinstance(chunk, Chunk)
    again = pickle.loads(pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == chunk and [type(row) for row in again.prepared] == [PreparedRow] * 3
    assert [row.party.is_person for row in again.prepared] == [False, True, False]
    assert again.prepared[2].revoke and again.bad[0].number == 3
    empty = Chunk(2, chunk.bad, [])
    assert pickle.loads(pickle.dumps(empty)) == empty


def test_every_row_comes_once_and_in_order_from_this_process_and_the_helper(platform: Platform,
                                                                            tmp_path: Path) -> None:
    rows = [penalty("珠海市华信电子科技有限公司", "91350100M000100Y43", n) for n in range(1, 30_001)]
    path = write_csv(tmp_path / "处罚.csv", rows)
    pieces = list(helper_chunks(path, path.name, PENALTY.item_id, platform.keys, date(2026, 11, 1)))
    assert isinstance(pieces[0], SourceInfo)
    numbers = [row.number for chunk in pieces[1:] if isinstance(chunk, Chunk) for row in chunk.prepared]
    assert numbers == list(range(2, 30_002))


def test_a_broken_file_read_in_the_helper_fails_with_the_same_reason(platform: Platform, data_dir: Path) -> None:
    broken = data_dir / "collection" / "penalty_missing_columns.csv"
    submission = dataclasses.replace(PENALTY, file_name=broken.name)
    with pytest.raises(UserError, match=r"penalty_missing_columns\.csv") as helped:
        ingest_file(_with_helper_for(platform, 0), broken, submission)
    with pytest.raises(UserError) as alone:
        ingest_file(_with_helper_for(platform, 1 << 40), broken, submission)
    assert (helped.value.message, helped.value.code) == (alone.value.message, alone.value.code)
    with platform.db.session() as session:
        assert [b.status for b in session.scalars(select(Batch))] == ["failed", "failed"]


def test_a_large_upload_is_read_in_the_helper_and_reported(platform: Platform, tmp_path: Path) -> None:
    helped = _with_helper_for(platform, 0)
    client = TestClient(create_app(helped))
    headers = _token(helped, "sthjj", Role.DEPARTMENT, "STHJJ")
    rows = [penalty(f"珠海市第{n}贸易有限公司", "91350100M000100Y43", n) for n in range(1, 3001)]
    rows[41] = penalty("珠海市坏金额有限公司", "91110108551385082Q", 42, fine="两万元")
    path = write_csv(tmp_path / "十月处罚.csv", rows)
    with path.open("rb") as handle:
        answer = client.post("/api/v1/collection/administrative_penalty/files", headers=headers,
                             files={"file": ("十月处罚.csv", handle, "text/csv")})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["rows"], body["stored"], body["rejected"], body["reasons"]) == (3000, 2999, 1, {"bad_amount": 1})
    report = client.get(body["report_csv"], headers=headers).content.decode("utf-8-sig")
    assert "两万元" in report and "珠海市坏金额有限公司" in report


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_the_helper_does_not_outlive_a_killed_ingest(platform: Platform, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "big.csv", _rows(), encoding="gb18030")
    env = {**os.environ, "XINYONG_DATABASE_URL": platform.settings.database_url,
           "XINYONG_SECRET_DIR": str(platform.settings.secret_dir), "XINYONG_COLLECTION_HELPER_MIN_BYTES": "0"}
    process = subprocess.Popen([sys.executable, "-m", "xinyong", "ingest", str(path), "--department", "STHJJ",
                                "--item", "administrative_penalty", "--json"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, helpers = time.monotonic() + 60, set()
    while time.monotonic() < deadline and not helpers:
        helpers = _children(process.pid)
        time.sleep(0.05)
    assert helpers, "the ingest started no helper process"
    time.sleep(1.0)
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(pid) for pid in helpers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in helpers), "the helper outlived the ingest it worked for"


def test_bytes_no_encoding_can_read_far_into_a_file_fail_the_batch_after_the_helper_sent_chunks(
        platform: Platform, tmp_path: Path) -> None:
    # The helper has sent several chunks (and has more waiting to be sent) when it reaches the bad
    # row: the batch fails naming that row, and none of the rows before it stays behind.
    path = write_csv(tmp_path / "处罚.csv", [penalty("珠海市华信电子科技有限公司", "91350100M000100Y43", n)
                                             for n in range(1, 25 * CHUNK)], encoding="gb18030")
    path.write_bytes(path.read_bytes() + "珠海市坏编码有限公司,".encode("gb18030") + b"\xff\xfe\r\n")
    with pytest.raises(UserError, match=f"第 {25 * CHUNK + 1} 行有无法按 gb18030 解码的字节"):
        ingest_file(_with_helper_for(platform, 0), path, PENALTY)
    with platform.db.session() as session:
        assert [b.status for b in session.scalars(select(Batch))] == ["failed"]
    state = _state(platform)
    assert (state["records"], state["versions"], state["events"]) == ([], [], [])
