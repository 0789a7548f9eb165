"""The public credit information catalog (公共信用信息目录): what may be collected, from whom,
with which fields, who may see it and for how long. Versioned data under ``data/``."""

from xinyong.catalog.catalog import Catalog, get_catalog, load_catalog
from xinyong.catalog.loader import CatalogInvalid

__all__ = ["Catalog", "CatalogInvalid", "get_catalog", "load_catalog"]
