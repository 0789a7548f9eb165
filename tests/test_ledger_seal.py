"""Sealing events into the stored tree: contiguous leaves, incremental, safe when run at once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from ledger_support import leaf_hashes_by_definition, record_events
from xinyong.events import append_event
from xinyong.events.models import Event
from xinyong.ledger import merkle, seal, seal_pending, store
from xinyong.ledger.audit import audit
from xinyong.ledger.models import LedgerGap, LedgerLeaf, LedgerNode
from xinyong.platform import Platform


def _leaves(platform: Platform) -> list[tuple[int, int]]:
    with platform.db.session() as session:
        return [tuple(row) for row in session.execute(select(LedgerLeaf.idx, LedgerLeaf.event_id)
                                                      .order_by(LedgerLeaf.idx))]


def test_sealing_appends_contiguous_leaves_whose_root_is_the_definition(platform: Platform) -> None:
    first = record_events(platform, 11)
    result = seal_pending(platform)
    assert (result.first_index, result.size, result.sealed) == (0, 11, 11)
    platform.clock.travel(timedelta(minutes=5))
    second = record_events(platform, 6, start=11)
    result = seal_pending(platform)
    assert (result.first_index, result.size) == (11, 17)
    ids = first + second
    assert _leaves(platform) == list(enumerate(ids))
    expected = merkle.root(leaf_hashes_by_definition(platform, ids))
    assert result.root == expected
    with platform.db.session() as session:
        assert store.read_head(session) == store.TreeHead(17, expected)
        assert store.root_at(session, 11) == merkle.root(leaf_hashes_by_definition(platform, first))
        stored_nodes = session.execute(select(func.count()).select_from(LedgerNode)).scalar_one()
    assert stored_nodes == sum(17 >> level for level in range(1, 5)), "one row per complete subtree"


def test_sealing_with_nothing_pending_changes_nothing(platform: Platform) -> None:
    record_events(platform, 3)
    before = seal_pending(platform)
    again = seal_pending(platform)
    assert again.sealed == 0 and (again.size, again.root) == (before.size, before.root)


def test_a_unit_of_work_seals_its_own_events_and_a_rollback_takes_the_leaves_back(platform: Platform) -> None:
    with platform.db.session() as session:
        event = append_event(session, at=platform.clock.now(), kind="reports:report:issued", actor="信用中心",
                             payload={"report": "R-1"})
        result = seal(session, platform.clock.now())
        assert result.size == 1 and store.leaf_of_event(session, event.id).idx == 0
    with pytest.raises(RuntimeError), platform.db.session() as session:
        append_event(session, at=platform.clock.now(), kind="reports:report:issued", actor="信用中心",
                     payload={"report": "R-2"})
        assert seal(session, platform.clock.now()).size == 2
        raise RuntimeError("the report failed to render")
    assert len(_leaves(platform)) == 1, "nothing half-written: the rolled-back event left no leaf"
    record_events(platform, 1)
    assert seal_pending(platform).size == 2


def _event_with_id(platform: Platform, event_id: int) -> None:
    with platform.db.session() as session:
        event = append_event(session, at=platform.clock.now(), kind="collection:record:published",
                             actor="测试部门", payload={"late": event_id})
        event.id = event_id


def test_an_event_committed_late_into_a_gap_is_sealed_until_the_gap_expires(platform: Platform) -> None:
    record_events(platform, 3)
    seal_pending(platform)
    _event_with_id(platform, 10)
    seal_pending(platform)
    with platform.db.session() as session:
        gap = session.execute(select(LedgerGap)).scalar_one()
    assert (gap.first_event_id, gap.last_event_id) == (4, 9)
    _event_with_id(platform, 5)
    assert seal_pending(platform).size == 5
    assert _leaves(platform)[3:] == [(3, 10), (4, 5)], "late events follow in sealing order"
    platform.clock.travel(timedelta(seconds=platform.settings.ledger_gap_wait_seconds + 1))
    seal_pending(platform)
    _event_with_id(platform, 7)
    assert seal_pending(platform).sealed == 0, "past the wait, the gap counts as rolled back"
    with platform.db.session() as session:
        report = audit(session)
    assert any("#7" in finding and "不在账本中" in finding for finding in report.findings)


def test_several_processes_sealing_at_once_seal_each_event_exactly_once(platform: Platform) -> None:
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def worker(number: int) -> None:
        try:
            start.wait()
            for round_ in range(5):
                record_events(platform, 10, start=1000 * number + 10 * round_)
                seal_pending(platform)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    leaves = _leaves(platform)
    assert [idx for idx, _ in leaves] == list(range(200))
    assert len({event_id for _, event_id in leaves}) == 200
    with platform.db.session() as session:
        report = audit(session)
        assert report.clean, report.findings
        assert store.read_head(session).root == merkle.root(leaf_hashes_by_definition(
            platform, [event_id for _, event_id in leaves]))


def test_an_event_changed_before_sealing_is_refused_and_nothing_is_sealed(platform: Platform) -> None:
    ids = record_events(platform, 2)
    with platform.db.session() as session:
        session.execute(update(Event).where(Event.id == ids[1]).values(payload={"seq": 99}))
    with pytest.raises(store.LedgerTampered, match=f"事件 #{ids[1]}"):
        seal_pending(platform)
    assert _leaves(platform) == []
