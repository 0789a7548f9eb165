"""Every router the app serves, one line per domain."""

from xinyong.web.home import router as home

ROUTERS = [home]
