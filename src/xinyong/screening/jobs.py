"""Large screenings as jobs: stored at once (ID numbers sealed), run by the worker in chunks of
``screening_batch_max`` — each chunk its own commit, so progress shows and a crash loses at most
one chunk, which the next run does again."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import delete, select

from xinyong.accounts.viewer import Audience, Viewer
from xinyong.errors import UserError
from xinyong.matching.query import prepare_all
from xinyong.platform import Platform
from xinyong.screening.following import follow_lists
from xinyong.screening.models import Screening, ScreeningResult
from xinyong.screening.service import (
    SubjectQuery,
    check_request,
    data_version,
    finish,
    match_queries,
    require_department,
    screen_chunk,
)
from xinyong.subjects.person_ids import PersonIdVault

log = logging.getLogger(__name__)


def submit_job(platform: Platform, viewer: Viewer, scenario: str, matter: str,
               queries: Sequence[SubjectQuery]) -> int:
    department = require_department(viewer)
    check_request(platform, scenario, matter, len(queries), platform.settings.screening_job_max)
    vault = PersonIdVault(platform.keys)
    # Every query is checked now, so a job fails for bad input before it is accepted, not half-way.
    with platform.db.session() as session:
        prepare_all(match_queries(session, platform, department, queries), vault, platform.clock.today())
    stored = []
    for q in queries:
        row = q.model_dump(exclude_none=True)
        if q.id_number:
            row["id_number"] = vault.seal(q.id_number)
        stored.append(row)
    with platform.db.session() as session:
        screening = Screening(department_code=department, actor=viewer.actor, scenario=scenario,
                              matter=matter.strip(), status="queued", total=len(queries), queries=stored,
                              created_at=platform.clock.now())
        session.add(screening)
        session.flush()
        return screening.id


def _queries(platform: Platform, stored: list[dict]) -> list[SubjectQuery]:
    vault = PersonIdVault(platform.keys)
    return [SubjectQuery(**{**row, **({"id_number": vault.open(row["id_number"])} if row.get("id_number") else {})})
            for row in stored]


def _next_job(platform: Platform) -> int | None:
    with platform.db.session() as session:
        query = (select(Screening).where(Screening.status.in_(("queued", "running")))
                 .order_by(Screening.id).limit(1).with_for_update(skip_locked=True))
        screening = session.scalars(query).first()
        if screening is None:
            return None
        if screening.status == "queued":
            screening.status, screening.data_version = "running", data_version(session, platform)
        return screening.id


def run_job(platform: Platform, screening_id: int) -> None:
    """Run (or resume) one job to its end."""
    with platform.db.session() as session:
        screening = session.get_one(Screening, screening_id)
        department, actor, stored = screening.department_code, screening.actor, screening.queries or []
    viewer = Viewer(Audience.DEPARTMENT, username=actor.removeprefix("account:"), display_name=actor,
                    department_code=department)
    size = platform.settings.screening_batch_max
    while True:
        with platform.db.session() as session:
            screening = session.get_one(Screening, screening_id, with_for_update=True)
            if screening.status != "running":
                return
            # A chunk that died half-way left nothing: it committed whole or not at all.
            start = screening.done
            if start >= screening.total:
                finish(session, platform, screening, platform.clock.now())
                screening.queries = None
                return
            try:
                chunk = _queries(platform, stored[start:start + size])
                screen_chunk(session, platform, screening, viewer, chunk, start + 1, platform.clock.now())
            except UserError as error:
                session.rollback()
                _fail(platform, screening_id, str(error))
                return


def _fail(platform: Platform, screening_id: int, message: str) -> None:
    with platform.db.session() as session:
        screening = session.get_one(Screening, screening_id)
        session.execute(delete(ScreeningResult).where(ScreeningResult.screening_id == screening_id))
        screening.status, screening.error, screening.done, screening.queries = "failed", message, 0, None
        screening.finished_at = platform.clock.now()


def run_jobs(platform: Platform) -> int:
    """Run every waiting job; returns how many ran."""
    ran = 0
    follow_lists(platform)
    while (job := _next_job(platform)) is not None:
        run_job(platform, job)
        ran += 1
    return ran
