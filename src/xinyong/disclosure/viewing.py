"""Looking at a subject's archive: the policy decides, the query log remembers.

A viewer who may see more than the public (a department, the credit office, a third party with
an authorisation) sees it only after stating why; the look is then registered with who, when,
which subject and the purpose. Without a purpose they see what the public sees.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from xinyong.accounts.viewer import PUBLIC, Audience, Viewer
from xinyong.disclosure.policy import DisclosurePolicy
from xinyong.errors import NotFound
from xinyong.platform import Platform
from xinyong.querylog.models import QueryLogEntry
from xinyong.querylog.service import log_query, queries, require_purpose
from xinyong.records.archive import Archive, load_archive
from xinyong.subjects.lookup import find_subject
from xinyong.subjects.models import Subject, SubjectKind
from xinyong.subjects.person_ids import PersonIdVault


@dataclass
class ArchiveView:
    subject: Subject
    archive: Archive
    as_viewer: Viewer
    may_see_more: bool  # the viewer could see more after stating a purpose
    own: bool
    lookers: Sequence[QueryLogEntry]


def find_visible_subject(session: Session, platform: Platform, viewer: Viewer, ref: str) -> Subject:
    """The subject ``ref`` names, if this viewer may know it exists (people are not public)."""
    subject = find_subject(session, PersonIdVault(platform.keys), ref)
    if subject is None:
        raise NotFound(f"未找到“{ref}”对应的主体")
    # A subject knows itself; a third party knows the subject whose authorisation it is using.
    known = viewer.subject_id == subject.id and (viewer.audience is Audience.SUBJECT
                                                 or viewer.authorisation_id is not None)
    if subject.kind == SubjectKind.PERSON and not known and viewer.audience in (
            Audience.PUBLIC, Audience.SUBJECT, Audience.THIRD_PARTY):
        raise NotFound(f"未找到“{ref}”对应的主体")
    return subject


def view_archive(session: Session, platform: Platform, viewer: Viewer, ref: str, *, purpose: str | None,
                 via: str) -> ArchiveView:
    subject = find_visible_subject(session, platform, viewer, ref)
    policy = DisclosurePolicy(platform.catalog)
    today = platform.clock.today()
    own = viewer.audience is Audience.SUBJECT and viewer.subject_id == subject.id
    beyond = policy.beyond_public(viewer, subject.id)
    as_viewer = viewer
    if beyond:
        if purpose is None or not purpose.strip():
            as_viewer = PUBLIC
        else:
            log_query(session, viewer, subject_id=subject.id, purpose=require_purpose(viewer, purpose),
                      action="archive:view", via=via, at=platform.clock.now())
    archive = load_archive(session, platform.catalog, policy, as_viewer, subject, today)
    lookers = queries(session, subject_id=subject.id, limit=20) if own else ()
    return ArchiveView(subject, archive, as_viewer, beyond and as_viewer is PUBLIC, own, lookers)
