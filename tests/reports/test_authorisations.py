"""Authorisations: who may grant, what document is accepted, who sees them, and the portal forms."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.reports.city import FIRM, grant_form, png
from tests.reports.conftest import Firm
from xinyong.platform import Platform


def _form(platform: Platform, **extra: object) -> dict[str, object]:
    today = platform.clock.today()
    return grant_form(valid_from=today, valid_until=today + timedelta(days=30)) | extra


def _post(firm: Firm, headers: dict[str, str], data: dict[str, object], document: tuple[str, bytes, str]):
    return firm.client.post("/api/v1/authorisations", data=data, headers=headers, files={"document": document})


def test_only_a_signed_pdf_jpg_or_png_of_reasonable_size_is_accepted(platform: Platform, firm: Firm) -> None:
    form = _form(platform)
    text = _post(firm, firm.subject, form, ("授权书.pdf", "我同意".encode(), "application/pdf"))
    assert text.status_code == 400 and "不是 PDF、JPG 或 PNG" in text.json()["message"], "judged by content, not name"
    empty = _post(firm, firm.subject, form, ("授权书.png", b"", "image/png"))
    assert empty.status_code == 400 and "空的" in empty.json()["message"]
    limit = platform.settings.authorisation_document_max_bytes
    huge = _post(firm, firm.subject, form, ("授权书.pdf", b"%PDF-1.7\n" + b"0" * limit, "application/pdf"))
    assert huge.status_code == 400 and "超过上限" in huge.json()["message"]
    stored = _post(firm, firm.subject, form, ("授权书.png", png(), "image/png"))
    assert stored.status_code == 201
    document = stored.json()["document"]
    assert document["type"] == "image/png" and len(document["sha256"]) == 64
    for who in (firm.subject, firm.bank, firm.office):
        assert firm.client.get(document["url"], headers=who).content == png()
    assert firm.client.get(document["url"], headers=firm.other_bank).status_code == 404


def test_bad_grants_are_refused_with_the_reason(platform: Platform, firm: Firm) -> None:
    document = ("授权书.png", png(), "image/png")
    today = platform.clock.today()
    cases = {
        "不是平台上有效的授权查询机构": _form(platform, grantee="office"),
        "没有需要授权才能查询的信息": _form(platform, categories=["03"]),
        "早于起始日": _form(platform, valid_until=(today - timedelta(days=1)).isoformat()),
        "不是有效日期": _form(platform, valid_from="2026-13-01"),
        "授权用途须写明": _form(platform, purpose=" "),
    }
    for reason, form in cases.items():
        answer = _post(firm, firm.subject, form, document)
        assert answer.status_code == 400 and reason in answer.json()["message"], (reason, answer.text)
    assert _post(firm, firm.bank, _form(platform), document).status_code == 403, "a third party cannot grant itself"
    assert firm.client.get("/api/v1/authorisations", headers=firm.subject).json()["authorisations"] == []


def test_the_office_records_a_paper_authorisation_and_each_party_sees_its_own(platform: Platform, firm: Firm) -> None:
    document = ("授权书.png", png(), "image/png")
    assert _post(firm, firm.office, _form(platform), document).status_code == 400, "the office must name the subject"
    paper = _post(firm, firm.office, _form(platform, subject=FIRM), document).json()
    assert paper["recorded_as"] == "office" and paper["subject"]["code"] == FIRM
    own = _post(firm, firm.subject, _form(platform, grantee="otherbank"), document).json()
    listed = {name: [a["id"] for a in firm.client.get("/api/v1/authorisations", headers=h).json()["authorisations"]]
              for name, h in (("subject", firm.subject), ("bank", firm.bank), ("other", firm.other_bank))}
    assert listed == {"subject": [own["id"], paper["id"]], "bank": [paper["id"]], "other": [own["id"]]}
    assert firm.client.get(f"/api/v1/authorisations/{own['id']}", headers=firm.bank).status_code == 404
    assert firm.client.post(f"/api/v1/authorisations/{paper['id']}/revoke", headers=firm.bank).status_code == 403
    again = firm.client.post(f"/api/v1/authorisations/{paper['id']}/revoke", headers=firm.subject)
    assert again.status_code == 200
    assert firm.client.post(f"/api/v1/authorisations/{paper['id']}/revoke", headers=firm.subject).status_code == 409


def test_the_portal_pages_grant_use_and_revoke(platform: Platform, firm: Firm) -> None:
    client = firm.client

    def sign_in(username: str) -> str:
        client.post("/logout", data={"csrf": _csrf(client.get("/login").text)})
        client.post("/login", data={"username": username, "password": "password1",
                                    "csrf": _csrf(client.get("/login").text)})
        return _csrf(client.get("/authorisations").text)

    csrf = sign_in("jia")
    page = client.get("/authorisations").text
    assert "新增授权" in page and "bank机构（bank）" in page
    today = platform.clock.today()
    answer = client.post("/authorisations", data={**_form(platform), "csrf": csrf},
                         files={"document": ("授权书.png", png(), "image/png")}, follow_redirects=False)
    assert answer.status_code == 303
    csrf = sign_in("bank")
    page = client.get("/authorisations").text
    assert "获取授权查询版信用报告" in page and f"有效期 {today}" in page
    authorisation = re.search(r'name="authorisation" value="(\d+)"', page).group(1)
    report = client.post("/reports/request", data={"authorisation": authorisation, "csrf": csrf, "format": "html"})
    assert report.status_code == 200 and "授权查询版" in report.text
    csrf = sign_in("jia")
    assert report.headers["X-Report-Number"] in client.get("/authorisations").text, "the subject sees the use"
    client.post(f"/authorisations/{authorisation}/revoke", data={"csrf": csrf, "reason": "不再需要"})
    assert "已撤销" in client.get("/authorisations").text


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)
