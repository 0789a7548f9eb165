"""Joint rewards and punishments (联合奖惩): the published measures list as data.

``measures_for(lists_hit, scenario, on)`` answers which published measures apply to a subject on
those lists in a scenario on a day; it can only return measures of ``data/measures.yaml``.
"""

from xinyong.sanctions.loader import MeasuresInvalid
from xinyong.sanctions.measures import MeasureList, get_measures, load_measures, measures_for
from xinyong.sanctions.model import Edition, Effect, Measure, MeasureClass, Role, Scenario

__all__ = ["Edition", "Effect", "Measure", "MeasureClass", "MeasureList", "MeasuresInvalid", "Role", "Scenario",
           "get_measures", "load_measures", "measures_for"]
