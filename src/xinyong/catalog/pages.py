"""The catalog in the portal: the department directory, the catalog of items, and a page per legal
basis naming what rests on it (部门目录、公共信用信息目录、政策依据)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from xinyong.catalog import Catalog
from xinyong.catalog.export import item_summary
from xinyong.errors import NotFound
from xinyong.platform import Platform
from xinyong.web.deps import get_platform
from xinyong.web.templating import render

router = APIRouter(include_in_schema=False)


@dataclass
class Basis:
    """A law, regulation or document the catalog cites, and what cites it."""

    slug: str
    title: str
    items: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)


def bases(catalog: Catalog) -> dict[str, Basis]:
    found: dict[str, Basis] = {}

    def cite(title: str) -> Basis:
        slug = hashlib.sha1(title.encode("utf-8")).hexdigest()[:10]
        return found.setdefault(slug, Basis(slug, title))

    for item in catalog.items():
        for title in item.legal_basis:
            cite(title).items.append(item.id)
        for regime in catalog.publicity_regimes(item.id):
            cite(regime.basis).rules.append(f"{item.name}的公示期限（{regime.span()}）：" +
                                            "；".join(rule.describe() for rule in regime.rules))
    return dict(sorted(found.items(), key=lambda kv: kv[1].title))


@router.get("/departments", response_class=HTMLResponse)
def departments(request: Request, platform: Platform = Depends(get_platform)) -> HTMLResponse:
    catalog = platform.catalog
    return render(request, "catalog/departments.html", departments=catalog.departments(),
                  names={i.id: i.name for i in catalog.items()})


@router.get("/catalog", response_class=HTMLResponse)
def catalog_page(request: Request, platform: Platform = Depends(get_platform)) -> HTMLResponse:
    catalog = platform.catalog
    return render(request, "catalog/catalog.html", catalog=catalog, version=catalog.version,
                  items=[item_summary(catalog, i) for i in catalog.items()])


@router.get("/catalog/{item_id}", response_class=HTMLResponse)
def item_page(request: Request, item_id: str, platform: Platform = Depends(get_platform)) -> HTMLResponse:
    catalog = platform.catalog
    item = catalog.item(item_id)
    slugs = {b.title: b.slug for b in bases(catalog).values()}
    return render(request, "catalog/item.html", item=item_summary(catalog, item), slugs=slugs,
                  tables={f.code_table: catalog.code_table(f.code_table) for f in item.fields if f.code_table},
                  departments={d.code: d.name for d in catalog.departments()},
                  regimes=catalog.publicity_regimes(item.id))


@router.get("/policies", response_class=HTMLResponse)
def policies(request: Request, platform: Platform = Depends(get_platform)) -> HTMLResponse:
    return render(request, "catalog/policies.html", bases=bases(platform.catalog).values())


@router.get("/policies/{slug}", response_class=HTMLResponse)
def policy(request: Request, slug: str, platform: Platform = Depends(get_platform)) -> HTMLResponse:
    found = bases(platform.catalog).get(slug)
    if found is None:
        raise NotFound("没有这项政策依据")
    return render(request, "catalog/policy.html", basis=found,
                  items=[platform.catalog.item(i) for i in found.items])
