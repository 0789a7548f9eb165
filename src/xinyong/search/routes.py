"""The search domain's routers: the JSON API and the results page."""

from xinyong.search.api import router as api
from xinyong.search.pages import router as pages

ROUTERS = [api, pages]
