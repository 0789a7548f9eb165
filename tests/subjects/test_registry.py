"""The registry keeps one archive per subject, however its codes are written."""


from sqlalchemy import select, text

from xinyong.platform import Platform
from xinyong.subjects.lookup import find_subject
from xinyong.subjects.models import Subject, SubjectIdentifier, SubjectKind, SubjectName
from xinyong.subjects.person_ids import PersonIdVault
from xinyong.subjects.registry import Registry, SubjectEntry


def registry(platform: Platform, session, *, origin: str = "registry", authoritative: bool = True) -> Registry:
    return Registry(session, PersonIdVault(platform.keys), now=platform.clock.now(), origin=origin,
                    authoritative=authoritative)


def test_a_code_written_badly_finds_the_same_archive(platform: Platform) -> None:
    with platform.db.session() as session:
        first = registry(platform, session).register(
            SubjectEntry(name="北京某某科技有限公司", code="91110108551385082Q"))
        again = registry(platform, session).register(
            SubjectEntry(name="北京某某科技有限公司", code=" ９１１１０１０８５５１３８５０８２ｑ "))
        spaced = registry(platform, session).register(SubjectEntry(name="北京某某科技有限公司",
                                                                   code="91 110108-551385082q"))
    assert first.created and not again.created and not spaced.created
    assert first.subject_id == again.subject_id == spaced.subject_id
    with platform.db.session() as session:
        subject = session.get_one(Subject, first.subject_id)
        assert (subject.kind, subject.category, subject.code, subject.region_code) == \
            ("organisation", "enterprise", "91110108551385082Q", "110108")
        assert subject.code_verdict == "valid" and not subject.needs_review


def test_individual_business_and_institution_kinds_come_from_the_code(platform: Platform) -> None:
    with platform.db.session() as session:
        shop = registry(platform, session).register(SubjectEntry(name="某某小吃店", code="92340602MA2PBMEM24"))
        school = registry(platform, session).register(SubjectEntry(name="某某学校", code="121200004013590816"))
        assert session.get_one(Subject, shop.subject_id).kind == SubjectKind.INDIVIDUAL_BUSINESS
        assert session.get_one(Subject, school.subject_id).category == "public_institution"


def test_old_codes_point_at_the_subject(platform: Platform) -> None:
    vault = PersonIdVault(platform.keys)
    with platform.db.session() as session:
        done = registry(platform, session).register(SubjectEntry(
            name="上海某某贸易有限公司", code="91310230MA1K314J7C", old_codes=("310230001716146", "MA1K314J-7")))
    with platform.db.session() as session:
        assert find_subject(session, vault, "310230001716146").id == done.subject_id
        assert find_subject(session, vault, "ma1k314j7").id == done.subject_id
        schemes = set(session.scalars(select(SubjectIdentifier.scheme)))
    assert schemes == {"registration_no", "org_code"}


def test_people_are_found_by_id_number_that_is_never_stored_in_clear(platform: Platform) -> None:
    vault = PersonIdVault(platform.keys)
    with platform.db.session() as session:
        done = registry(platform, session).register(
            SubjectEntry(name="张三", code="11010519491231002x", kind=SubjectKind.PERSON))
    with platform.db.session() as session:
        person = session.get_one(Subject, done.subject_id)
        assert person.kind == "person" and person.id_masked == "1101**********002X"
        assert person.birth_year == 1949
        assert vault.open(person.id_cipher) == "11010519491231002X"
        # The legacy 15-digit form of the same number finds the same person.
        assert find_subject(session, vault, "110105491231002").id == person.id
        dump = " ".join(str(v) for row in session.execute(text("SELECT * FROM subjects")) for v in row)
        dump += " ".join(str(v) for row in session.execute(text("SELECT * FROM subject_identifiers")) for v in row)
    assert "11010519491231002" not in dump and "110105491231002" not in dump


def test_authoritative_rename_keeps_the_former_name_other_sources_only_observe(platform: Platform) -> None:
    with platform.db.session() as session:
        done = registry(platform, session).register(SubjectEntry(name="甲公司", code="91110000101623741K"))
        registry(platform, session).register(SubjectEntry(name="乙公司", code="91110000101623741K"))
        registry(platform, session, origin="税务", authoritative=False).register(
            SubjectEntry(name="丙公司", code="91110000101623741K"))
    with platform.db.session() as session:
        subject = session.get_one(Subject, done.subject_id)
        names = {(n.name, n.role) for n in session.scalars(select(SubjectName))}
    assert subject.name == "乙公司"
    assert names == {("甲公司", "former"), ("丙公司", "observed")}


def test_legal_representative_is_linked_to_the_person(platform: Platform) -> None:
    with platform.db.session() as session:
        done = registry(platform, session).register(SubjectEntry(
            name="某某有限公司", code="911101066976941872", legal_rep="李四", legal_rep_code="110105195001010039"))
        company = session.get_one(Subject, done.subject_id)
        rep = session.get_one(Subject, company.legal_rep_subject_id)
    assert rep.name == "李四" and rep.kind == "person" and rep.id_masked == "1101**********0039"


def test_a_code_failing_its_check_is_stored_flagged_for_review(platform: Platform) -> None:
    with platform.db.session() as session:
        done = registry(platform, session).register(SubjectEntry(name="某某公司", code="91110000600037341N"))
        subject = session.get_one(Subject, done.subject_id)
    assert subject.code_verdict == "invalid" and subject.needs_review
    assert "checksum" in subject.code_reasons


def test_entries_without_any_code_are_not_registered(platform: Platform) -> None:
    with platform.db.session() as session:
        done = registry(platform, session).register(SubjectEntry(name="无代码主体", code="  "))
        assert done.subject_id is None
        assert session.scalars(select(Subject)).all() == []


def test_an_organisation_s_old_registration_number_is_never_taken_for_an_id_number(platform: Platform) -> None:
    # 310230001716146 passes both checks: GS15 and, read as a 15-digit ID, the legacy ID format.
    with platform.db.session() as session:
        done = registry(platform, session).register(SubjectEntry(
            name="上海某某贸易有限公司", code="310230001716146", kind=SubjectKind.ORGANISATION))
        subject = session.get_one(Subject, done.subject_id)
        assert (subject.kind, subject.code_scheme, subject.code) == ("organisation", "registration_no",
                                                                     "310230001716146")


def test_a_person_s_old_15_digit_number_is_kept_only_hashed(platform: Platform) -> None:
    with platform.db.session() as session:
        registry(platform, session).register(SubjectEntry(
            name="王五", code="110105195001010039", kind=SubjectKind.PERSON, old_codes=("110105500101003",)))
        dump = str(session.execute(text("SELECT * FROM subject_identifiers")).all())
        dump += str(session.execute(text("SELECT * FROM subjects")).all())
    assert "110105195001010039" not in dump and "110105500101003" not in dump
