"""Every router the app serves, one line per domain."""

from xinyong.accounts.pages import router as accounts_pages
from xinyong.catalog.api import router as catalog
from xinyong.collection.api import router as collection
from xinyong.collection.pages import router as collection_pages
from xinyong.web.home import router as home

ROUTERS = [home, accounts_pages, catalog, collection, collection_pages]
