"""Every router the app serves, one line per domain."""

from xinyong.accounts.pages import router as accounts_pages
from xinyong.catalog.api import router as catalog
from xinyong.qrcodes.pages import router as qrcodes
from xinyong.search.routes import ROUTERS as search
from xinyong.web.home import router as home

ROUTERS = [home, accounts_pages, catalog, *search, qrcodes]
