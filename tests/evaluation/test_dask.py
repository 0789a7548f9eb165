"""Grading on a dask.distributed LocalCluster gives exactly the grades of one process."""

from __future__ import annotations

import pytest
from rich.progress import Progress
from sqlalchemy import select

from xinyong.evaluation.backends import DaskBackend, LocalBackend, grade_task
from xinyong.evaluation.engine import Scorer
from xinyong.evaluation.loader import get_models
from xinyong.evaluation.models import EvaluationRun
from xinyong.evaluation.runs import evaluate, subjects_in_scope
from xinyong.platform import Platform
from xinyong.sample.build import build_sample_city

distributed = pytest.importorskip("distributed")


@pytest.mark.slow
def test_a_local_cluster_grades_as_one_process_does(platform: Platform) -> None:
    with Progress(disable=True) as progress:
        build_sample_city(platform, 500, 9, progress)
    model = get_models().get("gz2023")
    with platform.db.session() as session:
        ids = subjects_in_scope(session, model)
    chunks = [ids[i:i + 50] for i in range(0, len(ids), 50)]
    scorer = Scorer(model, platform.clock.today())
    local = {g.subject_id: g for chunk in LocalBackend().map(grade_task, platform.db, scorer, chunks) for g in chunk}
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") \
            as cluster:
        backend = DaskBackend(cluster.scheduler_address)
        remote = {g.subject_id: g for chunk in backend.map(grade_task, platform.db, scorer, chunks) for g in chunk}
        assert len(local) == len(ids) > 300
        assert remote == local
        assert len({g.grade for g in local.values()}) >= 3, "a varied city, not a trivially equal one"
        evaluate(platform, model, chunk=100)
        summary = evaluate(platform, model, backend=backend, chunk=100)
    assert (summary.backend, summary.subjects, summary.changed) == ("dask", len(ids), 0)
    with platform.db.session() as session:
        runs = session.scalars(select(EvaluationRun.backend).order_by(EvaluationRun.id)).all()
    assert runs[-2:] == ["local", "dask"], "the sample city graded itself first, then these two runs"
