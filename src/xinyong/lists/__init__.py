"""Credit lists (名单): 严重失信主体名单 by sector, 重点关注名单, 经营异常名录 and red lists, as data.

Each list says who decides it, on which criteria and legal basis, how long an entry lasts (by the
date of entry), how it ends early, whether it is published and whether a listing also names the
organisation's legal representative. ``get_lists()`` loads ``data/lists.yaml`` once, checked
against the catalog.
"""

from xinyong.lists.loader import ListsInvalid
from xinyong.lists.model import Confidence, CreditList, ExitReason, LegalBasis, ListKind
from xinyong.lists.registry import ListCatalog, get_lists, load_lists

__all__ = ["Confidence", "CreditList", "ExitReason", "LegalBasis", "ListCatalog", "ListKind", "ListsInvalid",
           "get_lists", "load_lists"]
