"""The catalog over HTTP, for departments' systems: items, one item, departments."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from xinyong.catalog.catalog import Catalog
from xinyong.catalog.export import department_summary, item_summary
from xinyong.platform import Platform
from xinyong.web.deps import get_platform

router = APIRouter(prefix="/api/v1", tags=["catalog"])


def get_catalog(platform: Platform = Depends(get_platform)) -> Catalog:
    return platform.catalog


@router.get("/catalog/items")
def list_items(catalog: Catalog = Depends(get_catalog)) -> list[dict[str, Any]]:
    return [item_summary(catalog, item) for item in catalog.items()]


@router.get("/catalog/items/{item_id}")
def show_item(item_id: str, catalog: Catalog = Depends(get_catalog)) -> dict[str, Any]:
    return item_summary(catalog, catalog.item(item_id))


@router.get("/departments")
def list_departments(catalog: Catalog = Depends(get_catalog)) -> list[dict[str, Any]]:
    return [department_summary(d) for d in catalog.departments()]
