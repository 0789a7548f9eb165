"""Names made comparable: organisation names taken apart, person names folded to characters and pinyin.

An organisation name is read as [places] 字号+行业 [legal form] [branch]: "广东省珠海市華信電子科技
有限公司（香洲分公司）" gives the core 华信电子科技, places 广东省/珠海市, legal form 有限公司 and the
branch 香洲分公司. Traditional characters become simplified (OpenCC ``t2s``), full-width forms
half-width, brackets of every kind one kind. The branch is kept apart because a branch office
(分公司) is a different subject from the firm it belongs to.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc

from xinyong.matching.places import place_table

_CONVERTER = opencc.OpenCC("t2s")
_BRACKETS = str.maketrans({"【": "(", "】": ")", "[": "(", "]": ")", "〔": "(", "〕": ")", "{": "(", "}": ")",
                           "〈": "(", "〉": ")", "《": "(", "》": ")"})
_DROP = re.compile(r"[\s·•・.,，、\"'“”‘’\-—_/\\:：;；!！?？&＆+]+")
_GROUP = re.compile(r"\(([^()]*)\)")
_LATIN = re.compile(r"^[a-z]+$")
_HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f]")

#: Legal-form suffixes (组织形式), longest first, with the class two names must share.
LEGAL_FORMS = (("股份有限公司", "jsc"), ("有限责任公司", "llc"), ("有限公司", "llc"), ("股份合作公司", "coop"),
               ("个人独资企业", "sole"), ("合伙企业", "partnership"), ("公司", "company"))
_PARTNERSHIP_NOTES = {"有限合伙": "partnership", "普通合伙": "partnership", "特殊普通合伙": "partnership"}
#: Markers of a branch or office of another subject (分支机构).
BRANCH_MARKERS = ("分公司", "分店", "分厂", "分行", "支行", "分部", "办事处", "营业部", "代表处", "分所", "分社",
                  "分院", "分中心", "分校")
_NOT_BRANCHES = ("街道办事处", "人民政府办事处")  # offices of government in their own right
_BRANCH_AFTER_FORM = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|公司)(.+?(?:" + "|".join(BRANCH_MARKERS) + "))$")
_ORG_WORDS = re.compile(r"公司|企业|店|厂|行|部|社|会|院|所|中心|局|委员会|处|站|馆|场|园|室|队|校|合作|集团|银行")


def simplify(text: str) -> str:
    """Half-width, simplified, lower case, one kind of bracket, no spaces or punctuation."""
    text = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    return _DROP.sub("", _CONVERTER.convert(text)).lower()


@dataclass(frozen=True, slots=True)
class OrgName:
    text: str  # the whole name, simplified
    core: str  # 字号 and 行业: what identifies the organisation
    places: tuple[str, ...]  # GB/T 2260 codes of place names in the name
    legal_form: str | None  # class: llc, jsc, partnership …
    branch: str | None  # 香洲分公司, 分店 … when the name is a branch's
    legal_form_text: str | None = None  # the suffix as written: 有限公司, 有限责任公司 …


def _legal_form(text: str) -> tuple[str, str | None, str | None]:
    for suffix, form in LEGAL_FORMS:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)], form, suffix
    return text, None, None


def _branch(text: str) -> tuple[str, str | None]:
    if text.endswith(_NOT_BRANCHES):
        return text, None
    if match := _BRANCH_AFTER_FORM.search(text):
        return text[: match.start(2)], match.group(2)
    for marker in BRANCH_MARKERS:
        if text.endswith(marker) and len(text) > len(marker) + 1:
            head = text[: -len(marker)]
            table = place_table()
            for length in range(min(8, len(head) - 1), 1, -1):
                place = head[-length:]
                if place in table.full or place in table.short or place in table.county_short:
                    return head[:-length], place + marker
            return head, marker
    return text, None


@lru_cache(maxsize=262_144)
def parse_org_name(name: str) -> OrgName:
    text = simplify(name)
    table = place_table()
    places: list[str] = []
    form: str | None = None
    branch: str | None = None

    def group(match: re.Match[str]) -> str:
        nonlocal form, branch
        inner = match.group(1)
        if codes := table.lookup(inner):
            places.extend(codes)
            return ""
        if inner in _PARTNERSHIP_NOTES:
            form = _PARTNERSHIP_NOTES[inner]
            return ""
        if inner.endswith(BRANCH_MARKERS):
            branch = inner
            return ""
        return inner

    flat = _GROUP.sub(group, text).replace("(", "").replace(")", "")
    main, tail_branch = _branch(flat)
    branch = branch or tail_branch
    # "华信（珠海）…" puts the place in brackets and the trade name first: no short form to read there.
    main, leading = table.strip_leading(main, short=not places)
    core, suffix_form, suffix = _legal_form(main)
    return OrgName(text=flat, core=core, places=tuple(leading) + tuple(places), legal_form=form or suffix_form,
                   branch=branch, legal_form_text=suffix)


@lru_cache(maxsize=16_384)
def _char_pinyin(char: str) -> str:
    # Imported on first use: pypinyin's dictionaries take ~0.4 s to load, which every command
    # would otherwise pay at start although only matching needs them.
    from pypinyin import lazy_pinyin

    return lazy_pinyin(char)[0] if _HAN.match(char) else char


@lru_cache(maxsize=262_144)
def pinyin(text: str) -> str:
    """Toneless pinyin of every Han character (其 first reading), other characters kept: 华信 → huaxin."""
    return "".join(_char_pinyin(c) for c in text)


def person_key(name: str) -> str:
    """张 伟 · 張偉 → 张伟; "Zhang Wei" → zhangwei."""
    return simplify(name)


def person_pinyin_keys(name: str) -> frozenset[str]:
    """Pinyin forms a name may be written in: 张伟 → {zhangwei}; "Wei Zhang" → {weizhang, zhangwei}."""
    folded = unicodedata.normalize("NFKC", name).lower()
    words = [w for w in re.split(r"[\s·•・.,\-]+", folded) if w]
    if words and all(_LATIN.match(w) for w in words):
        keys = {"".join(words)}
        if len(words) == 2:
            keys.add(words[1] + words[0])  # given name first, as foreign forms write it
        return frozenset(keys)
    return frozenset({pinyin(person_key(name))})


def looks_like_person(name: str) -> bool:
    """A bare name with no organisation word: two to four Han characters, or Latin words."""
    key = person_key(name)
    if _ORG_WORDS.search(key):
        return False
    if _HAN.match(key[:1]):
        return 2 <= len(key) <= 4 and all(_HAN.match(c) for c in key)
    return bool(_LATIN.match(key)) and 2 <= len(name.split()) <= 4
