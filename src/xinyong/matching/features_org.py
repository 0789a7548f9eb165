"""Features for organisations and individual businesses (组织、个体工商户)."""

from __future__ import annotations

from rapidfuzz import fuzz

from xinyong.matching.features import Candidate, FeatureResult, feature
from xinyong.matching.names import person_key, person_pinyin_keys, pinyin
from xinyong.matching.places import places_agree
from xinyong.matching.query import PreparedQuery

_FORM_LABELS = {"llc": "有限（责任）公司", "jsc": "股份有限公司", "coop": "股份合作公司", "sole": "个人独资企业",
                "partnership": "合伙企业"}


def _alias(c: Candidate) -> str:
    return "（曾用名）" if c.record.alias else ""


@feature
def code_equal(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """统一社会信用代码或旧码（组织机构代码、注册号）与候选主体登记的代码相同。"""
    if not q.codes:
        return None
    if c.record.code in q.codes:
        return FeatureResult(1.0, q.query.code, c.record.code, "统一社会信用代码一致")
    if not set(q.codes).isdisjoint(c.record.other_codes):
        return FeatureResult(1.0, q.query.code, q.codes[0], f"与候选主体的旧码一致（现代码 {c.record.code}）")
    return None


@feature
def code_conflict(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """查询给出的代码与候选主体的代码不同（按名称找到的候选）。"""
    if q.codes and code_equal(q, c) is None:
        return FeatureResult(1.0, q.query.code, c.record.code, "查询代码与候选主体代码不同")
    return None


@feature
def code_name_disagree(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """代码一致但名称明显不同：可能是错码或一码多用（重码），需人工核实。"""
    if not q.codes or q.org is None or not q.org.core or code_equal(q, c) is None:
        return None
    if fuzz.ratio(q.org.core, c.org.core) >= 50:
        return None
    return FeatureResult(1.0, q.query.name, c.name, "代码一致但名称不一致，可能是错码或重码")


@feature
def name_core_equal(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """去除地名、组织形式、分支机构并统一繁简、全半角、括号后，字号与行业完全相同。"""
    if q.org is None or not q.org.core or q.org.core != c.org.core:
        return None
    return FeatureResult(1.0, q.query.name, c.name + _alias(c), f"字号与行业一致：{c.org.core}")


@feature
def name_core_pinyin_equal(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """字号与行业用字不同但读音相同（同音字录入错误，如 华信/华新）。"""
    if q.org is None or not q.org.core or q.org.core == c.org.core or pinyin(q.org.core) != pinyin(c.org.core):
        return None
    return FeatureResult(1.0, q.query.name, c.name + _alias(c), f"读音相同：{q.org.core} / {c.org.core}")


@feature
def name_core_similar(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """字号与行业相似（编辑相似度，0–1），用字、读音都不相同时才计。"""
    if q.org is None or not q.org.core or q.org.core == c.org.core or pinyin(q.org.core) == pinyin(c.org.core):
        return None
    similarity = fuzz.ratio(q.org.core, c.org.core) / 100
    if similarity < 0.5:
        return None
    return FeatureResult(round(similarity, 3), q.query.name, c.name + _alias(c),
                         f"字号与行业相似度 {similarity:.2f}：{q.org.core} / {c.org.core}")


@feature
def name_place_match(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """两个名称都带地名且相容（相同或包含，如 广东/珠海）。"""
    if q.org is None or not q.org.places or not c.org.places or not places_agree(q.org.places, c.org.places):
        return None
    return FeatureResult(1.0, q.query.name, c.name, "名称中的地名相容")


@feature
def name_place_conflict(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """两个名称都带地名但互不相容（如 广州 与 珠海）：多为异地同字号的不同主体。"""
    if q.org is None or not q.org.places or not c.org.places or places_agree(q.org.places, c.org.places):
        return None
    return FeatureResult(1.0, q.query.name, c.name, "名称中的地名不同")


@feature
def branch_mismatch(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """一方是分支机构（分公司、分店、办事处……）而另一方不是，或两者是不同的分支机构。"""
    if q.org is None or q.org.branch == c.org.branch:
        return None
    if q.org.branch and c.org.branch:
        detail = f"不同的分支机构：{q.org.branch} / {c.org.branch}"
    elif q.org.branch:
        detail = f"查询的是分支机构（{q.org.branch}），候选是其所属主体或其他主体"
    else:
        detail = f"候选是分支机构（{c.org.branch}），查询不是"
    return FeatureResult(1.0, q.query.name, c.name, detail)


@feature
def legal_form_mismatch(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """组织形式不同（如 有限公司 与 股份有限公司）；只写“公司”的不计。"""
    forms = {q.org.legal_form if q.org else None, c.org.legal_form}
    if None in forms or "company" in forms or len(forms) == 1:
        return None
    asked, known = q.org.legal_form, c.org.legal_form
    return FeatureResult(1.0, _FORM_LABELS.get(asked, asked), _FORM_LABELS.get(known, known), "组织形式不同")


@feature
def legal_form_wording_differs(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """组织形式同类但写法不同（有限公司 / 有限责任公司）：同名主体都存在时，以写法完全一致者为准。"""
    asked, known = (q.org.legal_form_text if q.org else None), c.org.legal_form_text
    if not asked or not known or asked == known or q.org.legal_form != c.org.legal_form:
        return None
    return FeatureResult(1.0, asked, known, "组织形式写法不同")


def _rep_equal(q: PreparedQuery, name: str) -> bool:
    return q.legal_rep == person_key(name) or not q.legal_rep_pinyin.isdisjoint(person_pinyin_keys(name))


@feature
def legal_rep_match(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """法定代表人（负责人、经营者）姓名相同（含繁简、拼写）。"""
    if not q.legal_rep or not c.record.legal_rep or not _rep_equal(q, c.record.legal_rep):
        return None
    return FeatureResult(1.0, q.query.legal_rep, c.record.legal_rep, "法定代表人一致")


@feature
def legal_rep_mismatch(q: PreparedQuery, c: Candidate) -> FeatureResult | None:
    """查询给出的法定代表人与候选主体登记的不同。"""
    if not q.legal_rep or not c.record.legal_rep or _rep_equal(q, c.record.legal_rep):
        return None
    return FeatureResult(1.0, q.query.legal_rep, c.record.legal_rep, "法定代表人不一致")
