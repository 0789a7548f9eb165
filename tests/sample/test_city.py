"""The sample city is deterministic, realistic, and carries the defects real data has."""

from collections import Counter

from rich.progress import Progress
from sqlalchemy import func, select

from xinyong.identifiers import check
from xinyong.platform import Platform
from xinyong.sample.build import build_sample_city
from xinyong.sample.city import CityGenerator
from xinyong.screening.models import ScreeningResult
from xinyong.subjects.code_quality import code_quality_report
from xinyong.subjects.models import Subject, SubjectIdentifier


def test_same_seed_same_city_other_seed_other_city() -> None:
    first = [(s.entry.name, s.entry.code) for s in CityGenerator(5).generate(500)]
    again = [(s.entry.name, s.entry.code) for s in CityGenerator(5).generate(500)]
    other = [(s.entry.name, s.entry.code) for s in CityGenerator(6).generate(500)]
    assert first == again and first != other


def test_codes_are_valid_except_for_the_planted_defects() -> None:
    subjects = list(CityGenerator(11).generate(5000))
    kinds = Counter(s.category for s in subjects)
    assert kinds["enterprise"] > kinds["individual_business"] > kinds["public_institution"] > 0
    assert kinds["person"] > 1000
    for subject in subjects:
        verdict = check(subject.entry.code, "citizen_id" if subject.category == "person" else None)
        if "bad_check_char" in subject.anomalies:
            assert verdict.verdict == "invalid", subject
        elif "obsolete_prefix" in subject.anomalies:
            assert verdict.verdict == "warning", subject
        else:
            assert verdict.verdict == "valid", (subject, verdict)
    planted = Counter(a for s in subjects for a in s.anomalies)
    assert {"full_width", "lower_case", "old_codes_only", "renamed", "minor"} <= set(planted)


def test_building_the_city_registers_every_subject_and_finds_the_planted_issues(platform: Platform) -> None:
    with Progress(disable=True) as progress:
        city = build_sample_city(platform, 3000, 3, progress)
    with platform.db.session() as session:
        total = session.scalar(select(func.count()).select_from(Subject))
        old_codes = session.scalar(select(func.count()).select_from(SubjectIdentifier))
        report = code_quality_report(session)
        outcomes = Counter(session.scalars(select(ScreeningResult.outcome)))
    registered = sum(len(ids) for ids in city.subject_ids.values())
    # Legal representatives named by ID number are registered as people of their own.
    assert total >= registered >= 3000
    assert old_codes > 500
    assert report.open_by_kind["bad_code"] == city.counts.get("bad_check_char", 0) + city.counts.get(
        "obsolete_prefix", 0)
    assert 0 < report.error_rate < 0.05
    # Screenings: listed subjects with measures, and the mistyped court listing waiting for review.
    assert outcomes["measures"] > 0 and outcomes["no_measure"] > 0 and outcomes["pending_review"] >= 1


def test_subjects_carry_the_sector_their_name_tells() -> None:
    generator = CityGenerator(7)
    subjects = [s for s in generator.generate(3000) if s.category != "person"]
    words = generator.words["sections"]["words"]
    for subject in subjects:
        if subject.category == "enterprise":
            named = [word for word in generator.words["industries"] if word in subject.entry.name]
            assert subject.entry.industry in {words[w] for w in named}, subject.entry
    sectors = Counter(s.entry.industry for s in subjects)
    assert None not in sectors and {"C", "F", "H", "I"} <= set(sectors)
