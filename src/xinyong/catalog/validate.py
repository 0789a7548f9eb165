"""Cross-checks over the whole catalog: every reference resolves, nothing is said twice."""

from __future__ import annotations

from collections.abc import Iterable

from xinyong.catalog.keys import match_key
from xinyong.catalog.loader import Problems
from xinyong.catalog.model import Category, CodeTable, Condition, Department, FieldType, Item
from xinyong.catalog.rules import Dated, overlapping

_USCC_CHARS = set("0123456789ABCDEFGHJKLMNPQRTUWXY")


def _duplicates(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    repeated = []
    for value in values:
        if value in seen and value not in repeated:
            repeated.append(value)
        seen.add(value)
    return repeated


def check_code_tables(tables: list[CodeTable], problems: Problems) -> None:
    for table_id in _duplicates(t.id for t in tables):
        problems.add(f"代码表 {table_id} 定义了两次")
    for table in tables:
        codes = table.codes()
        for code in _duplicates(v.code for v in table.values):
            problems.add(f"代码表 {table.id} 的代码 {code} 重复")
        owners: dict[str, str] = {}
        names = [(v.code, n) for v in table.values for n in (v.code, v.label, *v.synonyms)]
        names += [(f"旧值 {v.label}", v.label) for v in table.legacy]
        for owner, name in names:
            key = match_key(name)
            if owners.setdefault(key, owner) != owner:
                problems.add(f"代码表 {table.id} 中“{name}”同时指向 {owners[key]} 和 {owner}")
        for legacy in table.legacy:
            for code in (legacy.to, *(code for _, code in legacy.pick)):
                if code not in codes:
                    problems.add(f"代码表 {table.id} 的旧值“{legacy.label}”映射到不存在的代码 {code}")


def _check_condition(item: Item, condition: Condition | None, what: str, tables: dict[str, CodeTable],
                     problems: Problems) -> None:
    if condition is None:
        return
    if not item.has_field(condition.field):
        problems.add(f"信息项 {item.id} 的{what}引用了不存在的字段 {condition.field}")
        return
    target = item.field(condition.field)
    table = tables.get(target.code_table or "")
    if target.type is not FieldType.CODE or table is None:
        problems.add(f"信息项 {item.id} 的{what}引用的字段 {condition.field} 不是代码字段")
    elif unknown := sorted(condition.any_of - table.codes()):
        problems.add(f"信息项 {item.id} 的{what}中的代码 {'、'.join(unknown)} 不在代码表 {table.id} 中")


def _check_fields(item: Item, tables: dict[str, CodeTable], problems: Problems) -> None:
    for code in _duplicates(f.code for f in item.fields):
        problems.add(f"信息项 {item.id} 的字段代码 {code} 重复")
    owners: dict[str, str] = {}
    names = [(f.code, n) for f in item.fields for n in (f.code, f.label, *f.synonyms)]
    names += [(target, legacy) for legacy, target in item.legacy_columns.items()]
    for owner, name in names:
        key = match_key(name)
        if owners.setdefault(key, owner) != owner:
            problems.add(f"信息项 {item.id} 的表头名“{name}”同时指向字段 {owners[key]} 和 {owner}")
    for field in item.fields:
        if field.type is FieldType.CODE and field.code_table not in tables:
            problems.add(f"信息项 {item.id} 的字段 {field.code} 引用了未知代码表 {field.code_table!r}")
        if field.type is not FieldType.CODE and field.code_table:
            problems.add(f"信息项 {item.id} 的字段 {field.code} 不是代码字段，不能引用代码表")
        _check_condition(item, field.required_when, f"字段 {field.code} 的必填条件", tables, problems)
        for name, ref in (("not_before", field.not_before), ("context_field", field.context_field)):
            if ref and not item.has_field(ref):
                problems.add(f"信息项 {item.id} 的字段 {field.code} 的 {name} 引用了不存在的字段 {ref}")
        if field.not_before and item.has_field(field.not_before) and (
            field.type is not FieldType.DATE or item.field(field.not_before).type is not FieldType.DATE
        ):
            problems.add(f"信息项 {item.id} 的字段 {field.code} 的 not_before 只能用于两个日期字段之间")


def check_items(items: list[Item], categories: list[Category], tables: dict[str, CodeTable],
                publicity: set[str], severity: set[str], problems: Problems) -> None:
    for item_id in _duplicates(i.id for i in items):
        problems.add(f"信息项 {item_id} 定义了两次")
    category_codes = {c.code for c in categories}
    for item in items:
        if item.category not in category_codes:
            problems.add(f"信息项 {item.id} 的类别 {item.category!r} 不在目录的 11 类中")
        _check_fields(item, tables, problems)
        for group in item.groups:
            for code in group.fields:
                if not item.has_field(code):
                    problems.add(f"信息项 {item.id} 的字段组“{group.label}”引用了不存在的字段 {code}")
            _check_condition(item, group.when, f"字段组“{group.label}”的条件", tables, problems)
        roles = [c for v in item.roles.values() for c in ((v,) if isinstance(v, str) else v)]
        referenced = [*item.key, *roles]
        if item.collection.deadline_from:
            referenced.append(item.collection.deadline_from)
        for code in referenced:
            if not item.has_field(code):
                problems.add(f"信息项 {item.id} 的角色、键或报送期限引用了不存在的字段 {code}")
        if item.publicity and item.publicity not in publicity:
            problems.add(f"信息项 {item.id} 引用了未定义的公示规则 {item.publicity}")
        if item.severity_rules and item.severity_rules not in severity:
            problems.add(f"信息项 {item.id} 引用了未定义的严重程度规则 {item.severity_rules}")
        for code, mapping in item.legacy_values.items():
            table = tables.get(item.field(code).code_table or "") if item.has_field(code) else None
            if table is None or not set(mapping.values()) <= table.codes():
                problems.add(f"信息项 {item.id} 的 v1.0 代码映射 {code} 指向不存在的字段或代码")
    for category in categories:
        if not any(i.category == category.code for i in items):
            problems.add(f"目录类别 {category.code} {category.name} 下没有任何信息项")


def check_departments(departments: list[Department], item_ids: set[str], problems: Problems) -> None:
    for code in _duplicates(d.code for d in departments):
        problems.add(f"部门代码 {code} 重复")
    for uscc in _duplicates(d.uscc for d in departments):
        problems.add(f"部门统一社会信用代码 {uscc} 重复")
    for department in departments:
        if not department.code or not department.name:
            problems.add(f"部门 {department} 缺少代码或名称")
        if len(department.uscc) != 18 or not set(department.uscc) <= _USCC_CHARS:
            problems.add(f"部门 {department.code} 的统一社会信用代码 {department.uscc!r} 不是 18 位有效字符")
        for item_id in department.items:
            if item_id not in item_ids:
                problems.add(f"部门 {department.code}（{department.name}）报送的信息项 {item_id} 不在目录中")


def check_no_overlap(name: str, rules: list[Dated], problems: Problems) -> None:
    pair = overlapping(rules)
    if pair:
        first, second = pair
        problems.add(f"{name} 的生效期重叠：{first.basis}（{first.span()}）"
                     f"与 {second.basis}（{second.span()}）")
