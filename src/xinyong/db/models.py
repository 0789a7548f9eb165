"""Every domain's tables, imported so that the metadata Alembic sees is complete."""

from xinyong.accounts import models as _accounts  # noqa: F401
from xinyong.authorisations import models as _authorisations  # noqa: F401
from xinyong.collection import models as _collection  # noqa: F401
from xinyong.db.base import Base
from xinyong.evaluation import models as _evaluation  # noqa: F401
from xinyong.events import models as _events  # noqa: F401
from xinyong.ledger import models as _ledger  # noqa: F401
from xinyong.lists import models as _lists  # noqa: F401
from xinyong.monitoring import models as _monitoring  # noqa: F401
from xinyong.querylog import models as _querylog  # noqa: F401
from xinyong.records import models as _records  # noqa: F401
from xinyong.reports import models as _reports  # noqa: F401
from xinyong.screening import models as _screening  # noqa: F401
from xinyong.search import models as _search  # noqa: F401
from xinyong.subjects import models as _subjects  # noqa: F401
from xinyong.supervision import models as _supervision  # noqa: F401
from xinyong.workflows import models as _workflows  # noqa: F401

metadata = Base.metadata
