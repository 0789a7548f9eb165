"""The catalog over HTTP, for departments' systems: items, one item, departments.

Building the router loads and validates the catalog and the working-day calendar, so a broken
data file stops the app at start instead of failing on the first request.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from xinyong.catalog.catalog import get_catalog
from xinyong.catalog.export import department_summary, item_summary
from xinyong.workdays import workday_calendar

router = APIRouter(prefix="/api/v1", tags=["catalog"])
get_catalog()
workday_calendar()


@router.get("/catalog/items")
def list_items() -> list[dict[str, Any]]:
    catalog = get_catalog()
    return [item_summary(catalog, item) for item in catalog.items()]


@router.get("/catalog/items/{item_id}")
def show_item(item_id: str) -> dict[str, Any]:
    catalog = get_catalog()
    return item_summary(catalog, catalog.item(item_id))


@router.get("/departments")
def list_departments() -> list[dict[str, Any]]:
    return [department_summary(d) for d in get_catalog().departments()]
