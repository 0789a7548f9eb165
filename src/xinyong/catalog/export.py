"""The catalog as plain data, for ``--json`` output and the API (one shape for both)."""

from __future__ import annotations

from typing import Any

from xinyong.catalog.catalog import Catalog
from xinyong.catalog.model import Department, Field, Item


def field_summary(field: Field) -> dict[str, Any]:
    return {
        "code": field.code, "label": field.label, "type": field.type.value, "required": field.required,
        "length": field.length, "code_table": field.code_table, "multiple": field.multiple,
        "synonyms": list(field.synonyms), "personal": field.personal,
        "required_when": {"field": field.required_when.field, "any_of": sorted(field.required_when.any_of)}
        if field.required_when else None,
    }


def item_summary(catalog: Catalog, item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name,
        "category": item.category,
        "category_name": catalog.category(item.category).name,
        "class": item.item_class.value,
        "class_label": catalog.labels["classes"].get(item.item_class.value, ""),
        "disclosure": item.disclosure.value,
        "disclosure_label": catalog.labels["disclosures"].get(item.disclosure.value, ""),
        "subject_kinds": list(item.subject_kinds),
        "legal_basis": list(item.legal_basis),
        "collection": {"frequency": item.collection.frequency,
                       "deadline_workdays": item.collection.deadline_workdays,
                       "deadline_from": item.collection.deadline_from},
        "fields": [field_summary(f) for f in item.fields],
        "groups": [{"label": g.label, "fields": list(g.fields)} for g in item.groups],
        "legacy_v1_columns": dict(item.legacy_columns),
        "departments": [d.code for d in catalog.departments_supplying(item.id)],
        "version": item.version,
    }


def department_summary(department: Department) -> dict[str, Any]:
    return {"code": department.code, "name": department.name, "uscc": department.uscc,
            "items": list(department.items)}
