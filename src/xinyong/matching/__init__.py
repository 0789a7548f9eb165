"""Name matching (名称匹配) for screening subjects given without a code.

``MemoryIndex.build(session)`` reads the ``subjects`` table into an in-memory candidate index;
``Matcher(index, vault=…).match_many(queries, today)`` scores each ``MatchQuery`` with the
algorithms declared in ``data/algorithms.yaml`` and answers, per query, the best candidates with a
score, whether each is a confident hit, and the evidence (which value matched which).
"""

from xinyong.matching.candidates import CandidateSource, SubjectRecord
from xinyong.matching.engine import CandidateMatch, Evidence, Matcher, MatchResult
from xinyong.matching.index import MemoryIndex
from xinyong.matching.query import MatchQuery
from xinyong.matching.rules import MatchRules, RulesInvalid, get_rules, load_rules

__all__ = ["CandidateMatch", "CandidateSource", "Evidence", "MatchQuery", "MatchResult", "MatchRules",
           "Matcher", "MemoryIndex", "RulesInvalid", "SubjectRecord", "get_rules", "load_rules"]
