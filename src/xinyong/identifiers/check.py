"""One entry point for any code: ``check(raw)`` tells what kind it is and whether it holds.

The kind follows the length after normalisation: 18 → USCC or citizen ID, 15 → registration number
or first-generation citizen ID, 9 → organisation code. An 18-digit (or 17 digits + X) string and a
15-digit string could be either of two kinds; both checks run and the better verdict wins, the other
kind noted as ``also_valid_as_*`` (it passes every check of that kind too) or ``not_valid_as_*``.
When both verdicts are equally good, the string is taken for a person's number — so that it is
masked and protected — unless only the organisation reading is plausible: its prefix and authority
code are in the tables, while the person reading has an unknown address code or an impossible
birth date. (So ``also_valid_as_citizen_id`` cannot happen: a fully valid person reading wins.)
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from xinyong.clock import Clock
from xinyong.errors import UserError
from xinyong.identifiers.citizen_id import check_citizen_id, citizen_id_reasons
from xinyong.identifiers.normalize import normalize
from xinyong.identifiers.org_code import check_org_code, org_code_reasons
from xinyong.identifiers.reasons import KIND_LABELS, REASON_RANK
from xinyong.identifiers.registration_no import check_registration_no, registration_no_reasons
from xinyong.identifiers.uscc import check_uscc, uscc_reasons
from xinyong.identifiers.verdict import Check, make_check

KINDS = ("uscc", "citizen_id", "org_code", "registration_no")
_ID_CHECK_CHARS = frozenset("0123456789X")
# Reasons that make the organisation reading of an ambiguous string implausible.
_ORG_DOUBTS = frozenset({"prefix_unknown", "prefix_obsolete", "division_unknown"})
# Reasons that make the person reading implausible.
_PERSON_DOUBTS = frozenset(
    {"region_unknown", "birth_date_invalid", "birth_date_too_early", "birth_date_future"})
_SINGLE_KIND = {"uscc": check_uscc, "org_code": check_org_code, "registration_no": check_registration_no}


def _rank(reasons: tuple[str, ...]) -> int:
    return max((REASON_RANK[r] for r in reasons), default=0)


def _other(verdict_rank: int, kind: str) -> str:
    return f"{'also' if verdict_rank == 0 else 'not'}_valid_as_{kind}"


def _ambiguous(raw: str, code: str, org_kind: str, org_reasons: tuple[str, ...], today: date | None) -> Check:
    person_code, person_reasons = citizen_id_reasons(code, today)
    org_rank, person_rank = _rank(org_reasons), _rank(person_reasons)
    org_plausible = _ORG_DOUBTS.isdisjoint(org_reasons) and not _PERSON_DOUBTS.isdisjoint(person_reasons)
    if org_rank < person_rank or (org_rank == person_rank and org_plausible):
        return make_check(raw, code, org_kind, (*org_reasons, _other(person_rank, "citizen_id")))
    return make_check(raw, person_code, "citizen_id", (*person_reasons, _other(org_rank, org_kind)))


def require_kind(kind: str) -> str:
    """``kind`` if it names a kind of code; otherwise a Chinese message listing the kinds."""
    if kind not in KINDS:
        choices = "、".join(f"{k}（{KIND_LABELS[k]}）" for k in KINDS)
        raise UserError(f"未知的代码类型“{kind}”：只能是 {choices}。", code="bad_code_kind")
    return kind


def check_as(raw: str, kind: str, *, today: date | None = None) -> Check:
    """Check ``raw`` as the given kind (one of ``KINDS``)."""
    if require_kind(kind) == "citizen_id":
        return check_citizen_id(raw, today=today)
    return _SINGLE_KIND[kind](raw)


def check(raw: str, kind: str | None = None, *, today: date | None = None) -> Check:
    """Check a code; with no ``kind`` the kind is inferred (see the module text).

    ``today`` bounds birth dates in citizen IDs; it defaults to the real date, so callers holding a
    platform pass ``platform.clock.today()``. Verdicts are remembered: a department's file names
    the same few thousand subjects row after row.
    """
    return _check(raw, kind, today or Clock().today())


@lru_cache(maxsize=200_000)
def _check(raw: str, kind: str | None, today: date) -> Check:
    if kind is not None:
        return check_as(raw, kind, today=today)
    code = normalize(raw)
    size = len(code)
    if size == 18:
        reasons = uscc_reasons(code)
        if code[:17].isdigit() and code[17] in _ID_CHECK_CHARS and code.isascii():
            return _ambiguous(raw, code, "uscc", reasons, today)
        return make_check(raw, code, "uscc", reasons)
    if size == 15:
        reasons = registration_no_reasons(code)
        if "format" not in reasons:
            return _ambiguous(raw, code, "registration_no", reasons, today)
        return make_check(raw, code, "registration_no", reasons)
    if size == 9:
        return make_check(raw, code, "org_code", org_code_reasons(code))
    return make_check(raw, code, "unknown", ("length",) if code else ("empty",))
