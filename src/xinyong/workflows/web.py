"""The workflows' routers, registered with one line in ``xinyong.web.routes``."""

from xinyong.workflows.api import router as api
from xinyong.workflows.cases_api import router as cases_api
from xinyong.workflows.pages import router as pages
from xinyong.workflows.staff_pages import router as staff_pages

ROUTERS = [api, cases_api, pages, staff_pages]
