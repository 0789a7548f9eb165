"""One candidate index per database and process, rebuilt when the subjects table changed."""

from __future__ import annotations

import threading

from sqlalchemy.orm import Session

from xinyong.matching import Matcher, MemoryIndex
from xinyong.platform import Platform
from xinyong.subjects.person_ids import PersonIdVault

_MATCHERS: dict[str, Matcher] = {}
_LOCK = threading.Lock()


def matcher_for(platform: Platform, session: Session) -> Matcher:
    """The matcher over the registry as it is now: a changed table (count, last id, last update)
    makes the next screening rebuild the index first (about 45 s per million subjects)."""
    with _LOCK:
        matcher = _MATCHERS.get(platform.db.url)
        source = matcher.source if matcher else None
        if not isinstance(source, MemoryIndex) or not source.is_current(session):
            matcher = Matcher(MemoryIndex.build(session), platform.match_rules, PersonIdVault(platform.keys))
            _MATCHERS[platform.db.url] = matcher
        return matcher
