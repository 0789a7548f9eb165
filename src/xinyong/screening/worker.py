"""The screening worker's round: follow list changes, run waiting jobs, send due webhooks."""

from __future__ import annotations

from dataclasses import dataclass

from xinyong.platform import Platform
from xinyong.screening.following import follow_lists
from xinyong.screening.jobs import run_jobs
from xinyong.screening.notices import deliver_due


@dataclass(frozen=True)
class Round:
    list_changes: int
    jobs: int
    delivered: int


def work_once(platform: Platform) -> Round:
    changes = follow_lists(platform)
    jobs = run_jobs(platform)
    return Round(len(changes), jobs, deliver_due(platform))
