"""The screening domain's routers, for ``web/routes.py``."""

from xinyong.screening.api import router as screening_api
from xinyong.screening.pages import router as screening_pages
from xinyong.screening.subscriptions import router as subscriptions_api

ROUTERS = [screening_api, subscriptions_api, screening_pages]
