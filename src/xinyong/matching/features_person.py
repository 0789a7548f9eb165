"""Features for natural persons (自然人), the region qualifiers both kinds share, and the caps.

Evidence never shows more of a person than the masked ID (``3208**********6833``): a birth date
or ID digit that disagrees is named by its position, not by the registered value.
"""

from __future__ import annotations

from functools import lru_cache

from xinyong.matching.features import Candidate, FeatureResult, cap, feature
from xinyong.matching.ids import compare_partial_id, describe_positions
from xinyong.matching.places import place_label, places_agree
from xinyong.matching.query import PreparedQuery

_ID_DIGITS_FOR_FULL_CREDIT = 8


@feature
def id_exact(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """完整的公民身份号码与候选人相同（按密钥散列比对，号码本身不出库）。"""
    if q.id_hash is None or c.record.code != q.id_hash:
        return None
    return FeatureResult(1.0, q.partial_id.shown(), c.record.id_masked, "公民身份号码一致")


@feature
def person_name_equal(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """姓名相同（统一繁简、全半角，去掉空格和间隔号）。"""
    if not q.person or q.person != c.person:
        return None
    return FeatureResult(1.0, q.query.name, c.name, "姓名一致")


@feature
def person_name_pinyin_equal(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """姓名用字不同但拼音相同：拉丁字母拼写的姓名（Zhang Wei / 张伟）或同音字。"""
    if not q.person or q.person == c.person or q.person_pinyin.isdisjoint(c.person_pinyin):
        return None
    return FeatureResult(1.0, q.query.name, c.name, "姓名拼音一致")


@feature
def id_visible_digits(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """部分遮盖的证件号码：可见位与登记的脱敏号码（第1–4、15–18位）和出生年份（第7–10位）一致；满 8 位计满分。"""
    if q.partial_id is None or id_exact(q, c) is not None:
        return None
    comparison = compare_partial_id(q.partial_id, c.record.id_masked, c.record.birth_year)
    if comparison.conflicting or not comparison.matched:
        return None
    detail = f"证件号码{describe_positions(comparison.matched)}与登记信息一致"
    if comparison.uncompared:
        detail += f"；{describe_positions(comparison.uncompared)}库中不保存，未比对"
    value = min(1.0, len(comparison.matched) / _ID_DIGITS_FOR_FULL_CREDIT)
    return FeatureResult(round(value, 3), q.partial_id.shown(), c.record.id_masked, detail)


@feature
def id_conflict(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """证件号码与候选人的登记信息矛盾：完整号码不同，或可见位与脱敏号码、出生年份不符。"""
    if q.partial_id is None or c.record.code_scheme != "citizen_id":
        return None
    if q.partial_id.full and q.id_hash is not None and c.record.code != q.id_hash:
        return FeatureResult(1.0, q.partial_id.shown(), c.record.id_masked, "公民身份号码不同")
    comparison = compare_partial_id(q.partial_id, c.record.id_masked, c.record.birth_year)
    if not comparison.conflicting:
        return None
    return FeatureResult(1.0, q.partial_id.shown(), c.record.id_masked,
                         f"证件号码{describe_positions(comparison.conflicting)}与登记信息不一致")


@feature
def birth_year_equal(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """查询给出的出生日期与候选人登记的出生年份相同（库中只保存年份）。"""
    if q.query.birth_date is None or c.record.birth_year != q.query.birth_date.year:
        return None
    return FeatureResult(1.0, q.query.birth_date.isoformat(), "（出生年份与登记一致）", "出生年份一致")


@feature
def birth_year_mismatch(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """查询给出的出生日期与候选人登记的出生年份不同。"""
    if q.query.birth_date is None or c.record.birth_year is None or c.record.birth_year == q.query.birth_date.year:
        return None
    return FeatureResult(1.0, q.query.birth_date.isoformat(), "（与登记不一致）", "出生年份不一致")


def _regions(q: PreparedQuery, c: Candidate) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Where the query places the subject, and where the registry does.

    A person's ID prefix says where the number was issued, not where the person lives, so it is
    not a region here (the ID features compare it).
    """
    asked = q.regions or (q.org.places if q.org else ())
    known = tuple(r for r in (c.record.region_code,) if r)
    if c.record.kind != "person":
        known += c.org.places
    return asked, known


@lru_cache(maxsize=65_536)
def _labels(codes: tuple[str, ...]) -> str:
    return "、".join(dict.fromkeys(place_label(c) for c in codes))


@feature
def region_match(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """查询给出的地区（或查询名称中的地名）与候选主体的登记地或名称中的地名相容。"""
    asked, known = _regions(q, c)
    if not asked or not known or not places_agree(asked, known):
        return None
    return FeatureResult(1.0, _labels(asked), _labels(known), "地区相容")


@feature
def region_conflict(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """查询给出的地区与候选主体的登记地、名称中的地名都不相容。"""
    asked, known = _regions(q, c)
    if not asked or not known or places_agree(asked, known):
        return None
    return FeatureResult(1.0, _labels(asked), _labels(known), "地区不同")


_CORROBORATING = ("id_exact", "id_visible_digits", "birth_year_equal")


@cap
def common_name_alone(q: PreparedQuery, c: Candidate, results: dict[str, FeatureResult],
                      params: dict[str, float]) -> str | None:
    """只有姓名相同、没有证件号码或出生日期佐证，且姓名常见（库中同名者达 namesakes 人，或不超过 max_length 个字）。"""
    if not any(results.get(f) for f in ("person_name_equal", "person_name_pinyin_equal")):
        return None
    if any(results.get(f) for f in _CORROBORATING):
        return None
    if c.namesakes >= params["namesakes"] or len(c.person) <= params["max_length"]:
        return f"常见姓名（库中同名 {c.namesakes} 人），仅凭姓名不能确认"
    return None
