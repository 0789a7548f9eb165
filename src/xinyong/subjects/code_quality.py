"""Finding duplicate and wrong codes (重错码查验) and measuring them (重错码率, 纠正率).

Three kinds of issue, each keyed so that a detection run finds the same issue again instead of
opening a new one:

- ``bad_code`` (错码): a code that fails its checks, keyed by the code;
- ``code_names`` (重码): one code given with names that are neither the subject's current nor a
  former name, keyed by the code;
- ``name_codes`` (一名多码): one name carried by several subjects, keyed by the name.

Only organisations and individual businesses count: the rate is about 统一社会信用代码, and many
people share a name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from xinyong.subjects.models import CodeIssue, Subject, SubjectKind, SubjectName

_CODED = (SubjectKind.ORGANISATION.value, SubjectKind.INDIVIDUAL_BUSINESS.value)
ISSUE_LABELS = {"bad_code": "错码（校验不通过或代码异常）", "code_names": "重码（一码多名）",
                "name_codes": "一名多码"}


@dataclass
class Detection:
    opened: int = 0
    still_open: int = 0
    closed: int = 0


def _active_coded() -> list:
    return [Subject.kind.in_(_CODED), Subject.canonical_id.is_(None)]


def _bad_codes(session: Session) -> dict[str, tuple[list[int], dict]]:
    rows = session.execute(
        select(Subject.id, Subject.code, Subject.code_verdict, Subject.code_reasons)
        .where(*_active_coded(), Subject.code_verdict != "valid")
    )
    return {code: ([sid], {"verdict": verdict, "reasons": reasons}) for sid, code, verdict, reasons in rows}


def _code_names(session: Session) -> dict[str, tuple[list[int], dict]]:
    former = aliased(SubjectName)
    rows = session.execute(
        select(Subject.id, Subject.code, Subject.name, SubjectName.name)
        .join(SubjectName, and_(SubjectName.subject_id == Subject.id, SubjectName.role == "observed"))
        .outerjoin(former, and_(former.subject_id == Subject.id, former.role == "former",
                                former.name_key == SubjectName.name_key))
        .where(*_active_coded(), SubjectName.name_key != Subject.name_key, former.id.is_(None))
    )
    found: dict[str, tuple[list[int], dict]] = {}
    for sid, code, name, observed in rows:
        entry = found.setdefault(code, ([sid], {"registered_name": name, "other_names": []}))
        entry[1]["other_names"].append(observed)
    return found


def _name_codes(session: Session) -> dict[str, tuple[list[int], dict]]:
    shared = (select(Subject.name_key).where(*_active_coded()).group_by(Subject.name_key)
              .having(func.count() > 1).subquery())
    rows = session.execute(
        select(Subject.name_key, Subject.id, Subject.code, Subject.name)
        .where(*_active_coded(), Subject.name_key.in_(select(shared.c.name_key))).order_by(Subject.id)
    )
    found: dict[str, tuple[list[int], dict]] = {}
    for key, sid, code, name in rows:
        entry = found.setdefault(key, ([], {"name": name, "codes": []}))
        entry[0].append(sid)
        entry[1]["codes"].append(code)
    return found


DETECTORS = {"bad_code": _bad_codes, "code_names": _code_names, "name_codes": _name_codes}


def detect_code_issues(session: Session, now: datetime) -> Detection:
    """Open an issue for every new finding and close open issues whose finding has gone away.

    A finding a person dismissed stays dismissed; one that was corrected and comes back reopens.
    """
    result = Detection()
    issues = {(i.kind, i.key): i for i in session.scalars(select(CodeIssue))}
    found: set[tuple[str, str]] = set()
    for kind, detector in DETECTORS.items():
        for key, (subject_ids, detail) in detector(session).items():
            found.add((kind, key))
            issue = issues.get((kind, key))
            if issue is None:
                session.add(CodeIssue(kind=kind, key=key, subject_ids=subject_ids, detail=detail, detected_at=now))
                result.opened += 1
            elif issue.status == "dismissed":
                continue
            else:
                result.opened += issue.status == "resolved"
                result.still_open += issue.status == "open"
                issue.subject_ids, issue.detail, issue.status = subject_ids, detail, "open"
                issue.resolved_at = issue.resolution = None
    for key, issue in issues.items():
        if issue.status == "open" and key not in found:
            issue.status, issue.resolved_at = "resolved", now
            issue.resolution = "复查时已不再存在（数据已更正）"
            result.closed += 1
    session.flush()
    return result


@dataclass
class CodeQualityReport:
    coded_subjects: int
    affected_subjects: int
    open_by_kind: dict[str, int]
    detected: int
    corrected: int
    examples: list[CodeIssue] = field(default_factory=list)

    @property
    def error_rate(self) -> float:
        """重错码率: share of coded subjects touched by an open duplicate or wrong-code issue."""
        return self.affected_subjects / self.coded_subjects if self.coded_subjects else 0.0

    @property
    def correction_rate(self) -> float:
        """纠正率: share of issues ever detected that have been corrected."""
        return self.corrected / self.detected if self.detected else 0.0

    def as_dict(self) -> dict:
        return {
            "coded_subjects": self.coded_subjects, "affected_subjects": self.affected_subjects,
            "error_rate": self.error_rate, "open_by_kind": self.open_by_kind, "detected": self.detected,
            "corrected": self.corrected, "correction_rate": self.correction_rate,
            "examples": [{"id": i.id, "kind": i.kind, "key": i.key, "subject_ids": i.subject_ids,
                          "detail": i.detail} for i in self.examples],
        }


def code_quality_report(session: Session, examples: int = 20) -> CodeQualityReport:
    coded = session.scalar(select(func.count()).select_from(Subject).where(*_active_coded())) or 0
    open_issues = list(session.scalars(select(CodeIssue).where(CodeIssue.status == "open").order_by(CodeIssue.id)))
    affected = {sid for issue in open_issues for sid in issue.subject_ids}
    by_kind = {kind: sum(1 for i in open_issues if i.kind == kind) for kind in DETECTORS}
    detected = session.scalar(select(func.count()).select_from(CodeIssue).where(CodeIssue.status != "dismissed"))
    corrected = session.scalar(select(func.count()).select_from(CodeIssue).where(CodeIssue.status == "resolved"))
    return CodeQualityReport(coded_subjects=coded, affected_subjects=len(affected), open_by_kind=by_kind,
                             detected=detected or 0, corrected=corrected or 0, examples=open_issues[:examples])
