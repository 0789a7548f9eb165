"""Scores query/candidate pairs with nomenklatura's ``name-based`` matcher; run by matching_bench.py.

    python nomenklatura_worker.py PAIRS.jsonl THRESHOLD

Runs in an interpreter where nomenklatura is installed. Each input line is a query (schema, name)
with candidates ``[subject_id, name]``; prints JSON: per query the candidates scoring at least
THRESHOLD, and the seconds spent scoring.
"""

from __future__ import annotations

import json
import sys
import time

from followthemoney import model
from nomenklatura.matching import get_algorithm


def main() -> None:
    path, threshold = sys.argv[1], float(sys.argv[2])
    algorithm = get_algorithm("name-based")
    config = algorithm.default_config()
    with open(path, encoding="utf-8") as handle:
        lines = [json.loads(line) for line in handle]
    hits = []
    started = time.perf_counter()
    for line in lines:
        query = model.make_entity(line["schema"])
        query.id = "query"
        query.add("name", line["name"])
        found = []
        for subject_id, name in line["candidates"]:
            candidate = model.make_entity(line["schema"])
            candidate.id = str(subject_id)
            candidate.add("name", name)
            if algorithm.compare(query, candidate, config).score >= threshold:
                found.append(subject_id)
        hits.append(found)
    print(json.dumps({"hits": hits, "seconds": time.perf_counter() - started}))


if __name__ == "__main__":
    main()
