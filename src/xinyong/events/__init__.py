"""Everything that matters is an event (DESIGN.md, spine 6).

Publishing, changing or withdrawing a record, list entries and exits, screenings and feedback,
authorisations, reports, objections and repairs are each appended here; the ledger seals them
into a tamper-evident log.
"""

from xinyong.events.log import append_event, append_events, canonical_bytes

__all__ = ["append_event", "append_events", "canonical_bytes"]
