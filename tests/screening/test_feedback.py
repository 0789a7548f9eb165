"""反馈: departments report what they did with each returned measure; the office sees rates and
overdue feedback; a hit found to be someone else is excluded from the department's next screenings."""

from __future__ import annotations

from datetime import timedelta

from tests.screening.conftest import FIRMS, City, court_listing
from xinyong.screening.jobs import run_jobs


def _screened(city: City) -> dict:
    huaxin = FIRMS["huaxin"]
    city.push("ZYFY", "court_dishonest_debtor", court_listing(huaxin.name, huaxin.code))
    return city.screen("government_procurement", {"code": huaxin.code}, {"code": FIRMS["supplier"].code})


def test_feedback_is_recorded_per_returned_measure_and_bad_items_refuse_the_whole_submission(city: City) -> None:
    answer = _screened(city)
    url = f"/api/v1/screenings/{answer['id']}/feedback"
    bad = city.client.post(url, headers=city.czj, json={"items": [
        {"position": 1, "measure": "procurement_exclusion", "action": "not_applied"},
        {"position": 2, "measure": "procurement_exclusion", "action": "applied"},
        {"position": 1, "measure": "invented_measure", "action": "applied"}]})
    assert bad.status_code == 400
    message = bad.json()["message"]
    assert "第 1 条" in message and "未实施须说明理由" in message
    assert "第 2 条" in message and "无（本项未返回措施）" in message
    assert "第 3 条" in message and "该结果未返回此措施" in message
    assert city.client.get(f"/api/v1/screenings/{answer['id']}/results", headers=city.czj).json()[
        "items"][0]["feedback"] == []
    good = city.client.post(url, headers=city.czj, json={"items": [
        {"position": 1, "measure": "procurement_exclusion", "action": "applied", "reason": "已拒绝其参加本次采购"}]})
    assert good.json() == {"recorded": 1}
    results = city.client.get(f"/api/v1/screenings/{answer['id']}/results", headers=city.czj).json()["items"]
    assert results[0]["feedback"][0]["action"] == "applied"
    other = city.client.post(url, headers=city.scjgj, json={"items": [
        {"position": 1, "measure": "procurement_exclusion", "action": "applied"}]})
    assert other.status_code == 403


def test_the_office_sees_feedback_rates_and_what_is_overdue_in_working_days(city: City) -> None:
    answer = _screened(city)
    assert answer["feedback_due_on"] == "2026-12-07"
    figures = city.client.get("/api/v1/screening-feedback", headers=city.office).json()["departments"]
    assert figures == [{"department": "CZJ", "department_name": "珠海市财政局", "screenings": 1, "subjects": 2,
                        "measures_returned": 1, "feedback_given": 0, "overdue": 0, "feedback_rate": 0.0}]
    city.platform.clock.travel(timedelta(days=15))  # 2026-12-07 was the last day
    overdue = city.client.get("/api/v1/screening-feedback", headers=city.office).json()["departments"][0]
    assert overdue["overdue"] == 1
    city.client.post(f"/api/v1/screenings/{answer['id']}/feedback", headers=city.czj, json={"items": [
        {"position": 1, "measure": "procurement_exclusion", "action": "not_applied", "reason": "项目已终止"}]})
    late = city.client.get("/api/v1/screening-feedback", headers=city.czj).json()["departments"][0]
    assert (late["overdue"], late["feedback_rate"]) == (0, 1.0)


def test_a_hit_cleared_as_not_the_same_subject_is_excluded_from_the_next_screening(city: City) -> None:
    huaxin = FIRMS["huaxin"]
    city.push("ZYFY", "court_dishonest_debtor", court_listing(huaxin.name, huaxin.code))
    query = {"name": "珠海華信電子科技有限公司"}
    first = city.screen("government_procurement", query)
    assert first["results"][0]["matches"][0]["subject"]["id"] == city.ids["huaxin"]
    city.client.post(f"/api/v1/screenings/{first['id']}/feedback", headers=city.czj, json={"items": [
        {"position": 1, "measure": "procurement_exclusion", "action": "not_same_subject",
         "reason": "投标人为香港同名公司，非本市主体"}]})
    again = city.screen("government_procurement", query)["results"][0]
    assert again["outcome"] == "no_match" and again["excluded_subject_ids"] == [city.ids["huaxin"]]
    other_department = city.screen("government_procurement", query, headers=city.scjgj)["results"][0]
    assert other_department["outcome"] == "measures"
    by_code = city.screen("government_procurement", {"code": huaxin.code})["results"][0]
    assert by_code["outcome"] == "measures"


def test_a_large_batch_runs_as_a_job_with_progress(city: City) -> None:
    city.platform.settings = city.platform.settings.model_copy(update={"screening_batch_max": 2})
    huaxin = FIRMS["huaxin"]
    city.push("ZYFY", "court_dishonest_debtor", court_listing(huaxin.name, huaxin.code))
    subjects = [{"code": f.code} for f in FIRMS.values()]
    queued = city.client.post("/api/v1/screenings", headers=city.czj, json={
        "scenario": "government_procurement", "matter": "年度供应商库核查", "subjects": subjects})
    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    job = queued.json()["id"]
    assert run_jobs(city.platform) == 1
    status = city.client.get(f"/api/v1/screenings/{job}", headers=city.czj).json()
    assert (status["status"], status["done"], status["progress"], status["with_measures"]) == ("done", 5, 1.0, 1)
    page = city.client.get(f"/api/v1/screenings/{job}/results?offset=2&limit=2", headers=city.czj).json()
    assert [r["position"] for r in page["items"]] == [3, 4]
    outcomes = [r["outcome"] for r in city.client.get(f"/api/v1/screenings/{job}/results",
                                                       headers=city.czj).json()["items"]]
    assert outcomes == ["measures", "no_measure", "no_measure", "no_measure", "no_measure"]
    bad = city.client.post("/api/v1/screenings", headers=city.czj, json={
        "scenario": "government_procurement", "matter": "核查",
        "subjects": [{"code": "x"}, {"code": "y"}, {"name": "张伟", "id_number": "44040219900501683X"}]})
    assert bad.status_code == 400 and "第 3 个主体" in bad.json()["message"]
