"""A batch pauses the garbage collector while it runs, and the process gets it back afterwards."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest

from tests.collection.penalties import penalty, write_csv
from xinyong.collection.pausing import collector_paused
from xinyong.collection.pipeline import Submission, ingest_file
from xinyong.errors import UserError
from xinyong.platform import Platform

PENALTY = Submission(department_code="STHJJ", item_id="administrative_penalty", door="cli", actor="test",
                     file_name="处罚.csv")


def test_the_collector_is_on_again_after_a_batch_that_succeeds_or_fails(platform: Platform, tmp_path: Path) -> None:
    good = write_csv(tmp_path / "good.csv", [penalty("珠海市华信电子科技有限公司", "91350100M000100Y43", 1)])
    assert ingest_file(platform, good, PENALTY).stored == 1
    assert gc.isenabled()
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\x00\x01\x02not a table")
    with pytest.raises(UserError):
        ingest_file(platform, broken, PENALTY)
    assert gc.isenabled()


def test_overlapping_batches_turn_it_back_on_only_when_the_last_one_ends() -> None:
    first_in, second_out = threading.Event(), threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with collector_paused():
            first_in.set()
            second_out.wait(5)
            seen.append(gc.isenabled())

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with collector_paused():
        assert not gc.isenabled()
    second_out.set()
    thread.join(5)
    assert seen == [False]  # the second batch ended first: the first one still runs paused
    assert gc.isenabled()


def test_a_process_that_had_the_collector_off_keeps_it_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
