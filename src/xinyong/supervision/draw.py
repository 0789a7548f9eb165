"""The verifiable random draw (随机抽取), as a pure function of what is published.

Algorithm ``poisson-sha256/1``: candidates are sorted by code; each gets the number
``u = first 8 bytes of SHA-256("<seed>:<code>")`` read big-endian, and is drawn when
``u < floor(min(1, base_ratio × weight) × 2⁶⁴)``, the product computed in exact decimals. So each
candidate is drawn with probability base ratio × its grade's factor, independently of the others
(Poisson sampling): in expectation a grade's share drawn is exactly ratio × factor, and anyone
holding the seed and the candidate list gets the same subjects, with any SHA-256.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import orjson

from xinyong.errors import UserError

ALGORITHM = "poisson-sha256/1"
FORMAT = "xinyong/supervision-draw/1"
_SPACE = 2 ** 64


@dataclass(frozen=True)
class Candidate:
    code: str
    name: str
    weight: str  # a decimal factor, as published


def decimal(text: str, what: str) -> Decimal:
    try:
        value = Decimal(str(text))
    except InvalidOperation:
        raise UserError(f"{what}“{text}”不是数字") from None
    if not value.is_finite() or value < 0:
        raise UserError(f"{what}“{text}”应为非负数")
    return value


def ticket(seed: str, code: str) -> int:
    """The candidate's draw number, 0 ≤ u < 2⁶⁴."""
    return int.from_bytes(hashlib.sha256(f"{seed}:{code}".encode()).digest()[:8], "big")


def threshold(base_ratio: str, weight: str) -> int:
    chance = min(Decimal(1), decimal(base_ratio, "基础抽查比例") * decimal(weight, "权重"))
    return int(chance * _SPACE)


def draw(seed: str, candidates: list[Candidate], base_ratio: str) -> list[str]:
    """The codes drawn, in code order."""
    return [c.code for c in sorted(candidates, key=lambda c: c.code)
            if ticket(seed, c.code) < threshold(base_ratio, c.weight)]


def candidates_digest(candidates: list[Candidate]) -> str:
    rows = [[c.code, c.name, c.weight] for c in sorted(candidates, key=lambda c: c.code)]
    return hashlib.sha256(orjson.dumps(rows)).hexdigest()


def publication(task: dict[str, Any], seed: str, base_ratio: str, factors: dict[str, str],
                candidates: list[Candidate], drawn: list[str]) -> dict[str, Any]:
    """The document published with a draw: everything needed to recompute it."""
    ordered = sorted(candidates, key=lambda c: c.code)
    return {"format": FORMAT, "task": task,
            "algorithm": {"name": ALGORITHM, "description": __doc__.split("\n\n")[1].replace("\n", " ")},
            "seed": seed, "base_ratio": base_ratio, "factors": factors,
            "candidates": [{"code": c.code, "name": c.name, "weight": c.weight} for c in ordered],
            "candidates_sha256": candidates_digest(ordered), "drawn": drawn}


@dataclass
class Verification:
    ok: bool
    problems: list[str]
    drawn: list[str]


def verify(document: dict[str, Any]) -> Verification:
    """Recompute a published draw; every way it disagrees with itself is named."""
    if document.get("format") != FORMAT:
        raise UserError(f"不是抽查结果公示文件（format 应为 {FORMAT}）")
    if (document.get("algorithm") or {}).get("name") != ALGORITHM:
        raise UserError(f"不支持的抽取算法：{(document.get('algorithm') or {}).get('name')!r}（支持 {ALGORITHM}）")
    try:
        candidates = [Candidate(str(c["code"]), str(c.get("name", "")), str(c["weight"]))
                      for c in document["candidates"]]
        seed, ratio, stated = str(document["seed"]), str(document["base_ratio"]), list(document["drawn"])
    except (KeyError, TypeError) as missing:
        raise UserError(f"公示文件缺少必要内容：{missing}") from None
    problems = []
    if candidates_digest(candidates) != document.get("candidates_sha256"):
        problems.append("候选名单与其公布的 SHA-256 摘要不符：名单在公布后被改动过")
    factors = {str(v) for v in (document.get("factors") or {}).values()}
    if odd := sorted({c.weight for c in candidates} - factors):
        problems.append(f"候选名单中的权重 {'、'.join(odd)} 不在公布的等级系数中")
    drawn = draw(seed, candidates, ratio)
    if drawn != stated:
        extra, missing = sorted(set(stated) - set(drawn)), sorted(set(drawn) - set(stated))
        problems.append(f"按公布的种子重新抽取，结果不同：公布结果多出 {len(extra)} 个（{'、'.join(extra[:5])}），"
                        f"缺少 {len(missing)} 个（{'、'.join(missing[:5])}）")
    return Verification(not problems, problems, drawn)
