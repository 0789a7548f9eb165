"""Building the sample city, one step per capability.

Each capability adds its step to ``STEPS`` (records, lists, commitments, objections, grades,
reports…), so that ``make run`` always shows the whole platform at work. Steps run in order in
one process; each commits its own work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rich.progress import Progress

from xinyong.platform import Platform
from xinyong.sample.city import CityGenerator, SampleSubject
from xinyong.subjects.code_quality import detect_code_issues
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import Registry, SubjectEntry

CHUNK = 5000


@dataclass
class SampleCity:
    """What the steps build and hand on to the next."""

    seed: int
    size: int
    subject_ids: dict[str, list[int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


Step = Callable[[Platform, SampleCity, Progress], None]


def subjects_step(platform: Platform, city: SampleCity, progress: Progress) -> None:
    """Subjects as the registration authority lists them, then another source's names (重码)."""
    generator = CityGenerator(city.seed)
    vault = PersonIdVault(platform.keys)
    task = progress.add_task("主体登记", total=city.size)
    observed: list[SubjectEntry] = []
    batch: list[SampleSubject] = []

    def flush() -> None:
        with platform.db.session() as session:
            registry = Registry(session, vault, now=platform.clock.now(), origin="sample",
                                origin_ref=f"seed={city.seed}")
            for subject, result in zip(batch, registry.register_many(s.entry for s in batch), strict=True):
                if result.subject_id is not None:
                    city.subject_ids.setdefault(subject.category, []).append(result.subject_id)
                for anomaly in subject.anomalies:
                    city.counts[anomaly] = city.counts.get(anomaly, 0) + 1
                if subject.observed_as and subject.clean_code:
                    observed.append(SubjectEntry(name=subject.observed_as, code=subject.clean_code))
        progress.advance(task, len(batch))
        batch.clear()

    for subject in generator.generate(city.size):
        batch.append(subject)
        if len(batch) >= CHUNK:
            flush()
    flush()
    with platform.db.session() as session:
        Registry(session, vault, now=platform.clock.now(), origin="sample:税务登记信息",
                 authoritative=False).register_many(observed)
        detect_code_issues(session, platform.clock.now())


def ledger_step(platform: Platform, city: SampleCity, progress: Progress) -> None:
    """Everything the city did, sealed into the tamper-evident log."""
    from xinyong.ledger.seal import seal_pending

    task = progress.add_task("存证封存", total=1)
    seal_pending(platform)
    progress.advance(task)


def _steps() -> list[Step]:
    # Imported here: each step pulls in its whole capability.
    from xinyong.sample.accounts import accounts_step
    from xinyong.sample.grading import grading_step
    from xinyong.sample.listings import listings_step
    from xinyong.sample.records import records_step
    from xinyong.sample.reports import reports_step
    from xinyong.sample.screening import screening_step
    from xinyong.sample.workflows import workflows_step

    return [subjects_step, accounts_step, records_step, listings_step, workflows_step, screening_step, grading_step,
            reports_step, ledger_step]


def build_sample_city(platform: Platform, size: int, seed: int, progress: Progress) -> SampleCity:
    city = SampleCity(seed=seed, size=size)
    for step in _steps():
        step(platform, city, progress)
    return city
