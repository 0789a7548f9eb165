"""Reading ``lists.yaml`` into ``CreditList`` values, refusing anything inconsistent with the catalog.

Every problem is reported at once, each naming the list and what is wrong, so that a broken file
stops the platform at start with one readable list.
"""

from __future__ import annotations

from typing import Any

from xinyong.catalog.catalog import Catalog
from xinyong.catalog.loader import Problems, parse_date
from xinyong.catalog.model import ItemClass
from xinyong.catalog.rules import overlapping
from xinyong.errors import UserError
from xinyong.lists.model import (
    Confidence,
    CreditList,
    EarlyExit,
    Escalation,
    ExitReason,
    LegalBasis,
    ListingPeriod,
    ListKind,
)

_SUBJECT_KINDS = {"organisation", "individual_business", "person"}


class ListsInvalid(UserError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("名单数据有误：\n- " + "\n- ".join(problems), code="lists_invalid")
        self.problems = problems


def parse_confidence(value: Any, what: str, problems: Problems) -> Confidence:
    try:
        return Confidence(value)
    except ValueError:
        problems.add(f"{what} 的 confidence {value!r} 无效（可用：SOLID、GOOD、WEAK）")
        return Confidence.WEAK


def parse_basis(raw: Any, what: str, problems: Problems) -> LegalBasis | None:
    """A legal basis down to the article: ``{document, article, confidence}``."""
    if not isinstance(raw, dict) or not raw.get("document") or not raw.get("article"):
        problems.add(f"{what} 应写作 {{document: 文件名称, article: 条款, confidence: …}}，缺少文件或条款")
        return None
    return LegalBasis(str(raw["document"]), str(raw["article"]),
                      parse_confidence(raw.get("confidence"), what, problems))


def _months(value: Any, what: str, problems: Problems) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        problems.add(f"{what} 应为非负整数个月，而不是 {value!r}")
        return None
    return value


def _period(raw: dict[str, Any], what: str, problems: Problems) -> ListingPeriod | None:
    legal = parse_basis(raw.get("basis"), f"{what} 的依据", problems)
    decided = raw.get("decided_months")
    if decided is not None and (not isinstance(decided, list) or len(decided) != 2
                                or not all(isinstance(m, int) for m in decided) or decided[0] > decided[1]):
        problems.add(f"{what} 的 decided_months 应为 [最短, 最长] 个月，而不是 {decided!r}")
        decided = None
    when = raw.get("open_ended_when")
    if when is not None and (not isinstance(when, dict) or set(when) != {"field", "contains"} or not raw.get(
            "open_ended")):
        problems.add(f"{what} 的 open_ended_when 应为 {{field: 字段代码, contains: 文字}}，且须 open_ended: true")
        when = None
    if legal is None:
        return None
    return ListingPeriod(
        basis=legal.cite(), legal=legal,
        effective_from=parse_date(raw.get("effective_from"), f"{what} 的 effective_from", problems),
        effective_to=parse_date(raw.get("effective_to"), f"{what} 的 effective_to", problems),
        months=_months(raw.get("months"), f"{what} 的 months", problems),
        decided_months=tuple(decided) if decided else None, open_ended=bool(raw.get("open_ended", False)),
        confidence=parse_confidence(raw.get("confidence"), what, problems), note=str(raw.get("note", "")),
        open_ended_when=(str(when["field"]), str(when["contains"])) if when else None,
    )


def _early_exit(raw: dict[str, Any], what: str, problems: Problems) -> EarlyExit | None:
    try:
        reason = ExitReason(raw.get("reason"))
    except ValueError:
        problems.add(f"{what} 的 reason {raw.get('reason')!r} 无效（可用：repair、performance、decision）")
        return None
    counted_from = str(raw.get("counted_from", "entry"))
    if counted_from not in ("entry", "correction"):
        problems.add(f"{what} 的 counted_from 应为 entry 或 correction，而不是 {counted_from!r}")
    basis = parse_basis(raw.get("basis"), f"{what} 的依据", problems)
    after = _months(raw.get("after_months", 0), f"{what} 的 after_months", problems)
    if basis is None or reason is ExitReason.PERIOD_END:
        if reason is ExitReason.PERIOD_END:
            problems.add(f"{what}：期满移出由 periods 决定，不能写作提前移出")
        return None
    return EarlyExit(reason, after or 0, counted_from, str(raw.get("conditions", "")), basis)


def parse_list(raw: dict[str, Any], problems: Problems) -> CreditList | None:
    list_id, name = raw.get("id"), raw.get("name")
    if not list_id or not name:
        problems.add(f"有名单缺少 id 或 name：{ {k: raw.get(k) for k in ('id', 'name')} }")
        return None
    what = f"名单 {list_id}"
    try:
        kind = ListKind(raw.get("kind"))
    except ValueError:
        known = "、".join(k.value for k in ListKind)
        problems.add(f"{what} 的类型 {raw.get('kind')!r} 未知（可用：{known}）")
        return None
    periods = [p for n, r in enumerate(raw.get("periods") or [], 1)
               if (p := _period(r, f"{what} 第 {n} 个期限规则", problems))]
    if not periods:
        problems.add(f"{what} 没有期限规则（periods）")
    exits = [e for n, r in enumerate(raw.get("early_exits") or [], 1)
             if (e := _early_exit(r, f"{what} 第 {n} 个提前移出规则", problems))]
    legal = [b for n, r in enumerate(raw.get("legal_basis") or [], 1)
             if (b := parse_basis(r, f"{what} 第 {n} 个法律依据", problems))]
    if not legal:
        problems.add(f"{what} 没有法律依据（legal_basis）")
    escalation = None
    if raw.get("escalation"):
        esc = raw["escalation"]
        basis = parse_basis(esc.get("basis"), f"{what} 的转入规则依据", problems)
        after = _months(esc.get("after_months"), f"{what} 的转入期限", problems)
        if basis and after:
            escalation = Escalation(after, str(esc.get("to", "")), basis)
    publicity = raw.get("publicity") or {}
    if not isinstance(publicity.get("public"), bool):
        problems.add(f"{what} 应写明是否公开（publicity.public: true/false）")
    names_persons = raw.get("names_responsible_persons")
    if not isinstance(names_persons, bool):
        problems.add(f"{what} 应写明列入时是否同时记录法定代表人/主要负责人（names_responsible_persons）")
    persons_basis = (parse_basis(raw["responsible_persons_basis"], f"{what} 的责任人记录依据", problems)
                     if raw.get("responsible_persons_basis") else None)
    if names_persons and persons_basis is None:
        problems.add(f"{what} 记录法定代表人/主要负责人，但没有给出依据（responsible_persons_basis）")
    return CreditList(
        id=str(list_id), name=str(name), kind=kind, item=str(raw.get("item", "")),
        departments=tuple(str(d) for d in raw.get("departments") or ()),
        subject_kinds=tuple(str(k) for k in raw.get("subject_kinds") or ()),
        criteria=str(raw.get("criteria", "")).strip(), legal_basis=tuple(legal), periods=tuple(periods),
        early_exits=tuple(exits), public=bool(publicity.get("public")),
        channels=tuple(str(c) for c in publicity.get("channels") or ()),
        names_responsible_persons=bool(names_persons), responsible_persons_basis=persons_basis,
        escalation=escalation, confidence=parse_confidence(raw.get("confidence"), what, problems),
        sources=tuple(str(s) for s in raw.get("sources") or ()),
        effective_from=parse_date(raw.get("effective_from"), f"{what} 的 effective_from", problems),
    )


def check_lists(lists: list[CreditList], catalog: Catalog, problems: Problems) -> None:
    """Cross-checks: ids unique, catalog items and departments exist and agree, periods do not overlap."""
    seen: set[str] = set()
    ids = {c.id for c in lists}
    for credit_list in lists:
        what = f"名单 {credit_list.id}（{credit_list.name}）"
        if credit_list.id in seen:
            problems.add(f"{what} 定义了两次")
        seen.add(credit_list.id)
        _check_item(credit_list, what, catalog, problems)
        if not credit_list.departments:
            problems.add(f"{what} 没有认定部门")
        known = {d.code for d in catalog.departments()}
        for code in credit_list.departments:
            if code not in known:
                problems.add(f"{what} 的认定部门 {code} 不在 departments.yaml 中")
        if unknown := sorted(set(credit_list.subject_kinds) - _SUBJECT_KINDS):
            problems.add(f"{what} 的主体类型 {'、'.join(unknown)} 未知")
        pair = overlapping(credit_list.periods)
        if pair:
            problems.add(f"{what} 的期限规则生效期重叠：{pair[0].span()} 与 {pair[1].span()}")
        if credit_list.escalation and credit_list.escalation.to not in ids:
            problems.add(f"{what} 期满转入的名单 {credit_list.escalation.to} 不存在")


def _check_item(credit_list: CreditList, what: str, catalog: Catalog, problems: Problems) -> None:
    items = {i.id: i for i in catalog.items()}
    item = items.get(credit_list.item)
    if item is None:
        problems.add(f"{what} 的条目以信息项 {credit_list.item!r} 归集，但目录中没有该信息项")
        return
    expected = ItemClass.GOOD if credit_list.kind is ListKind.RED else ItemClass.DISHONEST
    if item.item_class is not expected:
        problems.add(f"{what} 是{'守信' if expected is ItemClass.GOOD else '失信'}名单，"
                     f"但信息项 {item.id} 的分类是 {item.item_class.value}")
    if extra := sorted(set(credit_list.subject_kinds) - set(item.subject_kinds)):
        problems.add(f"{what} 的主体类型 {'、'.join(extra)} 不在信息项 {item.id} 的主体类型中")
    for period in credit_list.periods:
        if period.open_ended_when and not item.has_field(period.open_ended_when[0]):
            problems.add(f"{what} 的 open_ended_when 字段 {period.open_ended_when[0]} 不在信息项 {item.id} 中")
    for code in credit_list.departments:
        if code in {d.code for d in catalog.departments()} and item.id not in catalog.department(code).items:
            problems.add(f"{what} 的认定部门 {code} 在目录中不报送信息项 {item.id}")
