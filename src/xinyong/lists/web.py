"""The lists' routers, registered flat by ``xinyong.web.routes``."""

from xinyong.lists.api import router as lists_api
from xinyong.lists.pages import router as lists_pages

ROUTERS = [lists_pages, lists_api]
