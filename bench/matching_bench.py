"""Screening by name and code: our matcher against brute-force rapidfuzz and nomenklatura, in one run.

    python bench/matching_bench.py [SIZE] [--listed N] [--queries N] [--baseline-sample N]
                                   [--nomenklatura-python PATH] [--database-url URL]

Generates SIZE subjects (default 1,000,000) with the sample city, registers them through the
registry (plus branch offices, 分公司, of some firms, as their own subjects), builds the candidate
index from the ``subjects`` table, chooses ``--listed`` subjects (default 50,000) as listed and
screens ``--queries`` queries (default 100,000): half by code (some full-width, lower case or
spaced), half by name only (繁體, brackets, missing legal form, typos, spaces; people with a full or
masked ID) and true negatives that look alike (branch offices of listed firms, unlisted firms one
character away, namesakes of listed people). Prints queries/s, precision and recall.

The references run in the same process on a sample of the name queries: brute-force rapidfuzz
(``process.extractOne`` over every name, normalised like ours) and nomenklatura's name matcher
(``name-based``, scoring our candidates, since it has no index), when ``--nomenklatura-python``
names an interpreter where it is installed (it pulls ~650 MB of dependencies, so it stays out of
the project's environment) or it imports here.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz, process

from matching_queries import Labelled, Subject, build_queries
from xinyong.clock import Clock
from xinyong.db.engine import Database
from xinyong.db.migrate import upgrade
from xinyong.keys import load_keys
from xinyong.matching import Matcher, MemoryIndex
from xinyong.matching.names import simplify
from xinyong.matching.query import prepare
from xinyong.sample.city import CityGenerator
from xinyong.settings import Settings
from xinyong.subjects.models import SubjectKind
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import Registry, SubjectEntry

WORKER = Path(__file__).with_name("nomenklatura_worker.py")
BATCH = 1000  # queries per match_many call, as one API request carries
AGENCY_NAMES = 300


def register(db: Database, vault: PersonIdVault, size: int, seed: int) -> tuple[list[Subject], dict[int, str]]:
    """The city and some branch offices, registered; the subjects and, per firm, a registered branch's name."""
    city = CityGenerator(seed)
    # The sample city has about a thousand names for government agencies (机关) and draws them at
    # random, so it fails long before they run out: keep their number low, or a million subjects
    # cannot be generated.
    kinds = city.config["kinds"]
    kinds["government_agency"] = min(kinds["government_agency"], AGENCY_NAMES / size)
    samples = list(city.generate(size))
    now = Clock().now()
    subjects: list[Subject] = []
    with db.session() as session:
        registry = Registry(session, vault, now=now, origin="bench")
        for start in range(0, len(samples), 50_000):
            part = samples[start:start + 50_000]
            for sample, done in zip(part, registry.register_many(s.entry for s in part), strict=True):
                if done.created and done.check is not None:
                    person = sample.entry.kind is SubjectKind.PERSON
                    code = sample.clean_code if person else done.check.normalized
                    if code:
                        subjects.append(Subject(done.subject_id, "person" if person else "organisation",
                                                sample.entry.name, code, sample.entry.legal_rep))
            session.commit()
        rng = random.Random(seed + 1)
        firms = [s for s in subjects if "有限公司" in s.name]
        parents = rng.sample(firms, min(len(firms), max(1, size // 100)))
        entries = [SubjectEntry(name=f"{p.name}{rng.choice(['香洲', '斗门', '金湾'])}分公司",
                                code=city.uscc("91", "440402", recoded=False), kind=SubjectKind.ORGANISATION,
                                region_code="440402", legal_rep=p.legal_rep) for p in parents]
        branches = {p.subject_id: e.name for p, e in zip(parents, entries, strict=True)}
        registry.register_many(entries)
    return subjects, branches


def evaluate(labelled: list[Labelled], hits: list[set[int]], listed: set[int]) -> dict[str, float]:
    tp = fp = fn = 0
    for item, found in zip(labelled, hits, strict=True):
        flagged = found & listed
        if item.expected is not None and item.expected in flagged:
            tp, fp = tp + 1, fp + len(flagged) - 1
        else:
            fn, fp = fn + (item.expected is not None), fp + len(flagged)
    return {"precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
            "tp": tp, "fp": fp, "fn": fn}


def run_ours(matcher: Matcher, labelled: list[Labelled]) -> tuple[list[set[int]], float]:
    today = Clock().now().date()
    hits: list[set[int]] = []
    started = time.perf_counter()
    for start in range(0, len(labelled), BATCH):
        results = matcher.match_many([item.query for item in labelled[start:start + BATCH]], today)
        hits += [{c.subject_id for c in r.hits} for r in results]
    return hits, time.perf_counter() - started


def run_rapidfuzz(index: MemoryIndex, sample: list[Labelled], cutoff: float) -> tuple[list[set[int]], float]:
    """Brute force: the best of every registered name, normalised like ours, with ``fuzz.ratio``."""
    choices = [simplify(n) for n in index.names]
    hits: list[set[int]] = []
    started = time.perf_counter()
    for item in sample:
        best = process.extractOne(simplify(item.query.name or ""), choices, scorer=fuzz.ratio, processor=None,
                                  score_cutoff=cutoff)
        hits.append({index.ids[best[2]]} if best else set())
    return hits, time.perf_counter() - started


def run_nomenklatura(python: str, matcher: Matcher, sample: list[Labelled], threshold: float
                     ) -> tuple[list[set[int]], float, int] | str:
    """nomenklatura's ``name-based`` matcher scoring the candidates our index finds, in its own interpreter."""
    today = Clock().now().date()
    pairs = 0
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as handle:
        for item in sample:
            query = prepare(item.query, matcher.vault, today)
            found = matcher.source.candidates(query, matcher.rules.candidates)
            pairs += len(found)
            line = {"schema": "Person" if query.is_person else "Company", "name": item.query.name,
                    "candidates": [[r.subject_id, r.name] for r in found]}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    try:
        run = subprocess.run([python, str(WORKER), handle.name, str(threshold)], capture_output=True, text=True)
    except OSError as error:
        return str(error)
    finally:
        Path(handle.name).unlink()
    if run.returncode != 0:
        lines = run.stderr.strip().splitlines()
        return lines[-1] if lines else f"exit status {run.returncode}"
    answer = json.loads(run.stdout)
    return [set(h) for h in answer["hits"]], answer["seconds"], pairs


def _line(label: str, count: int, seconds: float, figures: dict[str, float]) -> str:
    return (f"{label:<34} {count / seconds:10,.0f} queries/s   precision {figures['precision']:.4f}   "
            f"recall {figures['recall']:.4f}   (tp {figures['tp']}, fp {figures['fp']}, fn {figures['fn']})")


def breakdown(labelled: list[Labelled], hits: list[set[int]], listed: set[int]) -> None:
    families: dict[str, list[int]] = {}
    for item, found in zip(labelled, hits, strict=True):
        right = (item.expected in found) if item.expected is not None else not (found & listed)
        families.setdefault(item.family, []).append(right)
    for family, answers in sorted(families.items()):
        print(f"  {family:<22} {len(answers):8,}   answered right {sum(answers) / len(answers):7.2%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("size", type=int, nargs="?", default=1_000_000, help="number of subjects")
    parser.add_argument("--listed", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=100_000)
    parser.add_argument("--baseline-sample", type=int, default=1_000, help="name queries run by the references")
    parser.add_argument("--baseline-cutoff", type=float, default=90.0, help="rapidfuzz ratio that counts as a hit")
    parser.add_argument("--nomenklatura-python", default=sys.executable,
                        help="interpreter with nomenklatura installed (default: this one)")
    parser.add_argument("--nomenklatura-threshold", type=float, default=0.7)
    parser.add_argument("--database-url", default="", help="database to use (default: a new SQLite file)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        url = args.database_url or f"sqlite:///{Path(scratch) / 'bench.db'}"
        settings = Settings(database_url=url, secret_dir=Path(scratch) / "secrets")
        db = Database(url)
        upgrade(db)
        vault = PersonIdVault(load_keys(settings))
        started = time.perf_counter()
        subjects, branches = register(db, vault, args.size, args.seed)
        print(f"registered {len(subjects):,} subjects and {len(branches):,} branch offices "
              f"in {time.perf_counter() - started:.1f} s ({db.backend})")
        started = time.perf_counter()
        with db.session() as session:
            index = MemoryIndex.build(session)
        print(f"index built from the subjects table: {len(index):,} subjects in {time.perf_counter() - started:.1f} s")
        db.dispose()
    # Queries are written from what the registry holds now: a later source may have renamed a subject.
    row_of = {sid: row for row, sid in enumerate(index.ids)}
    subjects = [replace(s, name=index.names[row_of[s.subject_id]], legal_rep=index.legal_reps[row_of[s.subject_id]])
                for s in subjects if s.subject_id in row_of]

    rng = random.Random(args.seed)
    chosen = rng.sample(subjects, min(args.listed, len(subjects)))
    listed_ids = {s.subject_id for s in chosen}
    unlisted = [s for s in subjects if s.subject_id not in listed_ids]
    labelled = build_queries(rng, chosen, unlisted, branches, args.queries)
    positives = sum(item.expected is not None for item in labelled)
    print(f"{len(chosen):,} listed; {len(labelled):,} queries ({positives:,} about listed subjects)")

    matcher = Matcher(index, vault=vault)
    by_code = [item for item in labelled if item.family == "code"]
    by_name = [item for item in labelled if item.family != "code"]
    code_hits, code_seconds = run_ours(matcher, by_code)
    name_hits, name_seconds = run_ours(matcher, by_name)
    print(_line("ours (all queries)", len(labelled), code_seconds + name_seconds,
                evaluate(by_code + by_name, code_hits + name_hits, listed_ids)))
    print(_line("ours (by code)", len(by_code), code_seconds, evaluate(by_code, code_hits, listed_ids)))
    print(_line("ours (by name)", len(by_name), name_seconds, evaluate(by_name, name_hits, listed_ids)))
    breakdown(by_code + by_name, code_hits + name_hits, listed_ids)

    sample = rng.sample(by_name, min(args.baseline_sample, len(by_name)))
    ours_hits, ours_seconds = run_ours(matcher, sample)
    ours = evaluate(sample, ours_hits, listed_ids)
    print(f"\nreferences on a sample of {len(sample):,} name queries:")
    print(_line("ours", len(sample), ours_seconds, ours))
    fuzz_hits, fuzz_seconds = run_rapidfuzz(index, sample, args.baseline_cutoff)
    print(_line(f"rapidfuzz brute force (>= {args.baseline_cutoff:g})", len(sample), fuzz_seconds,
                evaluate(sample, fuzz_hits, listed_ids)))
    print(f"ratio ours/rapidfuzz (queries/s): {fuzz_seconds / ours_seconds:.1f}")
    nomenklatura = run_nomenklatura(args.nomenklatura_python, matcher, sample, args.nomenklatura_threshold)
    if isinstance(nomenklatura, str):
        print(f"nomenklatura: not run ({nomenklatura}); pass --nomenklatura-python with an interpreter where it "
              "is installed")
        return
    nk_hits, nk_seconds, pairs = nomenklatura
    print(_line(f"nomenklatura name-based (>= {args.nomenklatura_threshold:g})", len(sample), nk_seconds,
                evaluate(sample, nk_hits, listed_ids)))
    print(f"  nomenklatura scored {pairs:,} candidate pairs from our index: {pairs / nk_seconds:,.0f} pairs/s")
    print(f"ratio ours/nomenklatura (queries/s, candidates included for ours only): {nk_seconds / ours_seconds:.1f}")


if __name__ == "__main__":
    main()
