"""Keeping list entries up to the event log, and queueing the notices their changes call for."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from xinyong.lists.entries import EntryBuilder, EntryChange, sync_entries
from xinyong.platform import Platform
from xinyong.screening.notices import queue_notices
from xinyong.subjects.person_ids import PersonIdVault


def follow_lists(platform: Platform) -> list[EntryChange]:
    """One round: rebuild the entries the log says changed, close those whose period ended, and
    queue a notice to every subscription whose scenarios the change matters to — one commit."""
    at = platform.clock.now()

    def tell(session: Session, changes: list[EntryChange]) -> None:
        queue_notices(session, platform, changes, at)

    with platform.db.session() as session:
        builder = EntryBuilder(session, platform.catalog, platform.lists, PersonIdVault(platform.keys))
        return sync_entries(session, builder, at=at, on_change=tell,
                            gap_wait=timedelta(seconds=platform.settings.ledger_gap_wait_seconds))
