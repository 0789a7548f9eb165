"""Every router the app serves, one line per domain."""

from xinyong.accounts.pages import router as accounts_pages
from xinyong.authorisations.api import router as authorisations_api
from xinyong.authorisations.pages import router as authorisations_pages
from xinyong.catalog.api import router as catalog
from xinyong.catalog.pages import router as catalog_pages
from xinyong.collection.api import router as collection
from xinyong.collection.pages import router as collection_pages
from xinyong.evaluation.pages import ROUTERS as evaluation
from xinyong.ledger.api import router as ledger
from xinyong.lists.web import ROUTERS as lists
from xinyong.monitoring.pages import router as monitoring
from xinyong.qrcodes.pages import router as qrcodes
from xinyong.querylog.api import router as querylog
from xinyong.records.api import router as records_api
from xinyong.records.pages import router as records_pages
from xinyong.reports.api import router as reports_api
from xinyong.reports.pages import router as reports_pages
from xinyong.sanctions.api import router as measures
from xinyong.screening.web import ROUTERS as screening
from xinyong.search.routes import ROUTERS as search
from xinyong.subjects.api import router as subjects_api
from xinyong.subjects.pages import router as subject_pages
from xinyong.supervision.api import ROUTERS as supervision
from xinyong.web.home import router as home
from xinyong.workflows.web import ROUTERS as workflows

ROUTERS = [home, accounts_pages, *search, subject_pages, subjects_api, qrcodes, records_pages, records_api, catalog,
           catalog_pages, collection, collection_pages, querylog, ledger, *workflows, *evaluation, *supervision,
           monitoring, authorisations_api, authorisations_pages, reports_api, reports_pages, *screening, *lists,
           measures]
