"""A process killed in the middle of a batch, run again, ends exactly where an uninterrupted run ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from tests.collection.penalties import penalty, write_csv
from tests.conftest import _wipe
from xinyong.collection.models import Batch
from xinyong.collection.pipeline import Submission, ingest_file
from xinyong.events.models import Event
from xinyong.platform import Platform
from xinyong.records.models import Record, RecordVersion
from xinyong.subjects.models import Subject

# Large enough that a second into the batch is well before its end, even on a fast machine.
ROWS = 30_000
PENALTY = Submission(department_code="STHJJ", item_id="administrative_penalty", door="cli", actor="test",
                     file_name="big.csv")


def _state(platform: Platform) -> dict[str, object]:
    """Everything the batch left, without ids and clock times that differ between runs."""
    with platform.db.session() as session:
        records = sorted((r.record_key, r.status, r.link_state, r.content_hash, r.latest_version, r.severity)
                         for r in session.scalars(select(Record)))
        versions = sorted((v.content_hash, v.row_no, v.review) for v in session.scalars(select(RecordVersion)))
        subjects = sorted((s.code, s.name, s.origin) for s in session.scalars(select(Subject)))
        events = sorted(entry[3] for e in session.scalars(select(Event)) for entry in e.payload["records"])
    return {"records": records, "versions": versions, "subjects": subjects, "events": events}


def _rows() -> list[list[str]]:
    # A few thousand firms, each with several penalties: codes computed like the sample city's.
    from xinyong.sample.city import CityGenerator

    firms = [s for s in CityGenerator(17).generate(4000) if s.category == "enterprise" and s.clean_code][:2500]
    return [penalty(f.entry.name, f.clean_code, n, fine=str(1 + n % 7)) for n, f in
            ((n, firms[n % len(firms)]) for n in range(ROWS))]


def test_kill_mid_batch_then_rerun_equals_an_uninterrupted_run(platform: Platform, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "big.csv", _rows(), encoding="gb18030")
    # Read in process, so the kill lands while rows are being written, not while a helper starts
    # (the helper's own kill is tested in test_helper.py).
    env = {**os.environ, "XINYONG_DATABASE_URL": platform.settings.database_url,
           "XINYONG_SECRET_DIR": str(platform.settings.secret_dir),
           "XINYONG_COLLECTION_HELPER_MIN_BYTES": str(1 << 40)}
    process = subprocess.Popen([sys.executable, "-m", "xinyong", "ingest", str(path), "--department", "STHJJ",
                                "--item", "administrative_penalty", "--json"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with platform.db.session() as session:
            if session.scalar(select(Batch.id).where(Batch.status == "running")):
                break
        time.sleep(0.1)
    time.sleep(1.0)
    process.send_signal(signal.SIGKILL)
    process.wait()
    with platform.db.session() as session:
        [batch] = session.scalars(select(Batch)).all()
        assert batch.status == "running", "the batch must still have been running when killed"
        assert session.scalars(select(Record)).first() is None, "nothing of a killed batch is kept"

    rerun = ingest_file(platform, path, PENALTY)
    assert rerun.stored + rerun.updated + rerun.unchanged + rerun.rejected == ROWS
    with platform.db.session() as session:
        statuses = sorted(b.status for b in session.scalars(select(Batch)))
    assert statuses == ["done", "interrupted"]
    after_kill = _state(platform)

    _wipe(platform.db)
    uninterrupted = ingest_file(platform, path, PENALTY)
    assert uninterrupted.as_dict() | {"batch_id": 0} == rerun.as_dict() | {"batch_id": 0}
    assert _state(platform) == after_kill
