"""A listing whose record waits for a reviewer (its code failed its check, so it is not in force and
not attached) must not let the subject it names through screening as "no measure"."""

from __future__ import annotations

from tests.screening.conftest import FIRMS, WANG, City, court_listing

SUPPLIER = FIRMS["supplier"]
BAD_CODE = SUPPLIER.code[:-1] + ("X" if SUPPLIER.code[-1] != "X" else "Y")  # fails the mod-31 check


def _outcome(city: City, **query: str) -> dict:
    return city.screen("government_procurement", query)["results"][0]


def test_a_listing_waiting_for_review_turns_no_measure_into_manual_review(city: City) -> None:
    city.push("ZYFY", "court_dishonest_debtor", court_listing(SUPPLIER.name, BAD_CODE, legal_rep="陈明", case=21))
    by_code = _outcome(city, code=SUPPLIER.code)
    assert by_code["outcome"] == "no_measure", "the valid code matches the subject; the record names another code"
    by_name = _outcome(city, name=SUPPLIER.name)
    assert by_name["outcome"] == "pending_review" and by_name["outcome_label"] == "名单中有待审核的相关记录，须人工核实"
    assert [(p["list"], p["name"], p["document_no"]) for p in by_name["pending_listings"]] == [
        ("court_dishonest_debtor", SUPPLIER.name, "（2025）粤04执21号")]
    assert by_name["matches"][0]["measures"] == [] and "人工核实" in by_name["message"]
    as_written = _outcome(city, code=BAD_CODE.lower())
    assert as_written["outcome"] == "pending_review"
    other = _outcome(city, code=FIRMS["hengda"].code)
    assert other["outcome"] == "no_measure" and other["pending_listings"] == []


def test_a_pending_persons_listing_needs_the_name_and_a_compatible_masked_id(city: City) -> None:
    wrong_region = "990102" + WANG[6:]  # no such region: a warning, so the record waits for a reviewer
    city.push("ZYFY", "court_dishonest_debtor", court_listing("王建国", person_id=wrong_region, case=22))
    masked = wrong_region[:4] + "**********" + wrong_region[14:]
    flagged = _outcome(city, name="王建国", id_number=wrong_region[:10] + "****" + wrong_region[14:], kind="person")
    assert flagged["outcome"] == "pending_review" and flagged["pending_listings"][0]["name"] == "王建国"
    assert wrong_region not in str(flagged) and flagged["query"]["id_number"] == masked
    assert _outcome(city, name="王建国", kind="person")["pending_listings"] == [], "a name alone flags nobody"
    other_id = _outcome(city, name="王建国", id_number=WANG[:10] + "****" + WANG[14:], kind="person")
    assert other_id["pending_listings"] == []


def test_the_screening_page_shows_the_pending_listing(city: City) -> None:
    city.push("ZYFY", "court_dishonest_debtor", court_listing(SUPPLIER.name, BAD_CODE, case=23))
    answer = city.screen("government_procurement", {"name": SUPPLIER.name})
    page = city.client.get(f"/screenings/{answer['id']}", headers=city.czj)
    assert page.status_code == 200
    assert "待审核的名单记录" in page.text and "（2025）粤04执23号" in page.text
