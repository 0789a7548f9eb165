"""重错码: finding duplicate and wrong codes, measuring them, and correcting them with history."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from xinyong.errors import Conflict, UserError
from xinyong.events.models import Event
from xinyong.platform import Platform
from xinyong.subjects import corrections
from xinyong.subjects.code_quality import code_quality_report, detect_code_issues
from xinyong.subjects.lookup import find_subject
from xinyong.subjects.models import CodeCorrection, CodeIssue, Subject, SubjectIdentifier
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import Registry, SubjectEntry


def _register(platform: Platform, *entries: SubjectEntry, authoritative: bool = True) -> list[int]:
    with platform.db.session() as session:
        registry = Registry(session, PersonIdVault(platform.keys), now=platform.clock.now(),
                            origin="registry" if authoritative else "税务", authoritative=authoritative)
        return [r.subject_id for r in registry.register_many(entries)]


def _detect(platform: Platform):
    with platform.db.session() as session:
        detect_code_issues(session, platform.clock.now())
        return code_quality_report(session)


def _judgement(platform: Platform, issue: int | None = None) -> corrections.Judgement:
    return corrections.Judgement(actor="王科长", reason="经核对营业执照", at=platform.clock.now(), issue_id=issue)


def _issue(platform: Platform, kind: str) -> CodeIssue:
    with platform.db.session() as session:
        return session.scalars(select(CodeIssue).where(CodeIssue.kind == kind)).one()


def test_three_kinds_of_finding_and_the_rate(platform: Platform) -> None:
    _register(platform,
              SubjectEntry(name="甲公司", code="91110000600037341N"),     # fails its check
              SubjectEntry(name="乙公司", code="91110108551385082Q"),
              SubjectEntry(name="丙公司", code="91310230MA1K314J7C"),
              SubjectEntry(name="丙公司", code="91310230MA1K314K57"),     # same name, second code
              SubjectEntry(name="丁公司", code="91340600MA2PBM9HXD"))
    _register(platform, SubjectEntry(name="戊公司", code="91110108551385082Q"), authoritative=False)
    report = _detect(platform)
    assert report.open_by_kind == {"bad_code": 1, "code_names": 1, "name_codes": 1}
    assert report.coded_subjects == 5 and report.affected_subjects == 4
    assert report.error_rate == pytest.approx(0.8)
    assert report.correction_rate == 0.0
    again = _detect(platform)
    assert again.detected == 3, "a second run finds the same issues, it does not open new ones"


def test_correcting_a_wrong_code_keeps_the_old_one_and_resolves_the_finding(platform: Platform) -> None:
    [subject_id] = _register(platform, SubjectEntry(name="甲公司", code="91110000600037341N"))
    _detect(platform)
    issue = _issue(platform, "bad_code")
    platform.clock.travel(timedelta(days=1))
    with platform.db.session() as session:
        corrections.correct_code(session, subject_id, "91110000600037341L", _judgement(platform, issue.id))
    with platform.db.session() as session:
        subject = session.get_one(Subject, subject_id)
        retired = session.scalars(select(SubjectIdentifier)).one()
        assert (subject.code, subject.code_verdict) == ("91110000600037341L", "valid")
        assert (retired.value, retired.is_current) == ("91110000600037341N", False)
        # The wrong code, still written in old records, finds the corrected subject.
        assert find_subject(session, PersonIdVault(platform.keys), "91110000600037341N").id == subject_id
        correction = session.scalars(select(CodeCorrection)).one()
        assert correction.before["subject"]["code"] == "91110000600037341N" and correction.actor == "王科长"
        assert session.scalars(select(Event.kind)).all() == ["subjects:code:correct"]
    report = _detect(platform)
    assert report.affected_subjects == 0 and report.correction_rate == 1.0


def test_correction_to_an_invalid_or_taken_code_is_refused(platform: Platform) -> None:
    first, _ = _register(platform, SubjectEntry(name="甲公司", code="91110000600037341N"),
                         SubjectEntry(name="乙公司", code="91110108551385082Q"))
    with platform.db.session() as session, pytest.raises(UserError, match="未通过校验"):
        corrections.correct_code(session, first, "91110000600037341Z", _judgement(platform))
    with platform.db.session() as session, pytest.raises(Conflict, match="应当合并"):
        corrections.correct_code(session, first, "91110108551385082Q", _judgement(platform))
    with pytest.raises(UserError, match="理由"):
        corrections.Judgement(actor="王科长", reason=" ", at=platform.clock.now())


def test_merge_joins_two_archives_and_unmerge_splits_them_again(platform: Platform) -> None:
    survivor, duplicate = _register(platform, SubjectEntry(name="丙公司", code="91310230MA1K314J7C"),
                                    SubjectEntry(name="丙公司", code="91310230MA1K314K57"))
    _detect(platform)
    issue = _issue(platform, "name_codes")
    vault = PersonIdVault(platform.keys)
    with platform.db.session() as session:
        corrections.merge(session, survivor, duplicate, _judgement(platform, issue.id))
    with platform.db.session() as session:
        assert find_subject(session, vault, "91310230MA1K314K57").id == survivor
    assert _detect(platform).affected_subjects == 0
    with platform.db.session() as session:
        corrections.unmerge(session, duplicate, _judgement(platform))
    with platform.db.session() as session:
        assert find_subject(session, vault, "91310230MA1K314K57").id == duplicate
        assert [c.action for c in session.scalars(select(CodeCorrection).order_by(CodeCorrection.id))] == \
            ["merge", "split"]
    reopened = _detect(platform)
    assert reopened.open_by_kind["name_codes"] == 1, "the finding comes back once the merge is undone"


def test_split_off_gives_the_other_subject_its_own_archive(platform: Platform) -> None:
    [shared] = _register(platform, SubjectEntry(name="乙公司", code="91110108551385082Q"))
    _register(platform, SubjectEntry(name="戊公司", code="91110108551385082Q"), authoritative=False)
    _detect(platform)
    issue = _issue(platform, "code_names")
    with platform.db.session() as session:
        registry = Registry(session, PersonIdVault(platform.keys), now=platform.clock.now(), origin="纠错")
        corrections.split_off(session, registry, shared, SubjectEntry(name="戊公司", code="91110000101623741K"),
                              _judgement(platform, issue.id))
    report = _detect(platform)
    assert report.affected_subjects == 0 and report.coded_subjects == 2


def test_a_dismissed_finding_stays_dismissed(platform: Platform) -> None:
    _register(platform, SubjectEntry(name="丙公司", code="91310230MA1K314J7C"),
              SubjectEntry(name="丙公司", code="91310230MA1K314K57"))
    _detect(platform)
    with platform.db.session() as session:
        corrections.dismiss(session, _issue(platform, "name_codes").id, _judgement(platform))
    report = _detect(platform)
    assert report.affected_subjects == 0 and report.detected == 0
