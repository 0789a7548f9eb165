"""Documentation of the matching algorithms, generated from their declarations (as nomenklatura does)."""

from __future__ import annotations

from xinyong.matching.features import CAPS, FEATURES, summary
from xinyong.matching.rules import Algorithm, MatchRules, Weighted

BEGIN = "<!-- generated: xinyong matching rules -->"
END = "<!-- end generated -->"


def _rows(declared: tuple[Weighted, ...]) -> list[str]:
    return [f"| `{d.id}` | {d.weight:+.2f} | {summary(FEATURES[d.id])} |" for d in declared]


def _algorithm(algorithm: Algorithm) -> list[str]:
    lines = [f"### `{algorithm.name}`", "", algorithm.description, "",
             f"Threshold **{algorithm.threshold}**, margin **{algorithm.margin}**.", "",
             "| feature | weight | what it compares |", "| --- | --- | --- |", *_rows(algorithm.features), "",
             "| qualifier | weight | what it checks |", "| --- | --- | --- |", *_rows(algorithm.qualifiers), ""]
    if algorithm.caps:
        lines += ["| cap | max score | parameters | when |", "| --- | --- | --- | --- |"]
        lines += [f"| `{c.id}` | {c.max_score} | {', '.join(f'{k}={v:g}' for k, v in c.params.items())} | "
                  f"{summary(CAPS[c.id])} |" for c in algorithm.caps]
        lines.append("")
    return lines


def describe(rules: MatchRules) -> str:
    """Markdown for every algorithm: threshold, features, qualifiers and caps with their weights."""
    lines = [BEGIN, "", f"Rules version {rules.version} (from {rules.effective_from}): at most {rules.candidates} "
             f"candidates scored and {rules.returned} returned per query.", ""]
    for algorithm in rules.algorithms.values():
        lines += _algorithm(algorithm)
    return "\n".join([*lines, END])
