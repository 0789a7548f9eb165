"""Every router the app serves, one line per domain."""

from xinyong.ledger.api import router as ledger
from xinyong.web.home import router as home

ROUTERS = [home, ledger]
