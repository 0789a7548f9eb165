"""The PDF: every section rendered (and looked at, as PNG under ``test-artifacts/``), rare characters,
the evidence inside it, and verification offline with nothing of ours running."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.reports.city import FIRM, NAME
from tests.reports.conftest import Firm
from tests.test_ledger_cli import NOWHERE, Cli
from xinyong.ledger.signer import load_signer
from xinyong.ledger.verify import EvidenceInvalid
from xinyong.platform import Platform
from xinyong.reports.pdf_evidence import ATTACHMENT_NAME, MARKER, split
from xinyong.reports.verify import verify_report_pdf

ARTEFACTS = Path(__file__).parents[2] / "test-artifacts" / "reports"


@pytest.fixture
def cli(platform: Platform, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    monkeypatch.setenv("XINYONG_DATABASE_URL", platform.settings.database_url)
    monkeypatch.setenv("XINYONG_SECRET_DIR", str(platform.settings.secret_dir))
    return Cli(monkeypatch, capsys)


def _own_pdf(firm: Firm) -> bytes:
    answer = firm.client.get(f"/api/v1/subjects/{FIRM}/report.pdf", params={"audience": "subject"},
                             headers=firm.subject)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf", answer.text
    return answer.content


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_every_section_renders_with_rare_characters_and_is_kept_as_images(platform: Platform, firm: Firm,
                                                                          tmp_path: Path) -> None:
    pdf = tmp_path / "own.pdf"
    pdf.write_bytes(_own_pdf(firm))
    text = _text(pdf)
    assert NAME in text and "刘䶮" in text, "䶮 (CJK Ext. A) and 龑 are drawn and extractable"
    for title in ("1. 基础信息", "2. 行政管理信息", "3. 诚实守信相关荣誉", "4. 严重失信主体名单", "5. 经营异常",
                  "6. 信用承诺", "7. 信用评价", "8. 司法判决", "9. 其他信息", "10. 信用状况提升建议",
                  "11. 公共信用信息地方补充内容"):
        assert title in text, title
    assert "守信激励对象" in text and "失信惩戒对象" in text and "本人版" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "Noto-Sans-CJK-SC" in fonts and "Type 3" not in fonts, "the Noto CJK fonts are embedded"
    attachments = subprocess.run(["pdfdetach", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert ATTACHMENT_NAME in attachments
    saved = tmp_path / "evidence.json"
    subprocess.run(["pdfdetach", "-save", "1", "-o", str(saved), str(pdf)], check=True)
    assert json.loads(saved.read_text())["kind"] == "reports:report:issued", "readers see the appended evidence"
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    backend = platform.db.backend
    for old in ARTEFACTS.glob(f"every-section-{backend}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(ARTEFACTS / f"every-section-{backend}")], check=True)
    assert len(list(ARTEFACTS.glob(f"every-section-{backend}-*.png"))) >= 4


def test_an_untouched_pdf_verifies_offline_and_any_change_fails(platform: Platform, firm: Firm) -> None:
    pdf = _own_pdf(firm)
    verifier = load_signer(platform.settings).verifier
    report = verify_report_pdf(pdf, verifier)
    assert report.payload["audience"] == "subject" and report.payload["subject_name"] == NAME
    core, bundle = split(pdf)
    middle = bytearray(pdf)
    middle[len(core) // 2] ^= 0x01
    with pytest.raises(EvidenceInvalid, match="报告在出具后被改动"):
        verify_report_pdf(bytes(middle), verifier)
    in_evidence = bytearray(pdf)
    in_evidence[len(core) + len(MARKER) + 200] ^= 0x01
    with pytest.raises(EvidenceInvalid):
        verify_report_pdf(bytes(in_evidence), verifier)
    # A later incremental update could redraw a page in a viewer while leaving the signed bytes alone.
    appended = pdf + b"99 0 obj\n<</Type /Page>>\nendobj\nstartxref\n0\n%%EOF\n"
    with pytest.raises(EvidenceInvalid, match="追加"):
        verify_report_pdf(appended, verifier)
    with pytest.raises(EvidenceInvalid, match="没有本平台报告的存证证据包"):
        verify_report_pdf(core, verifier)
    assert bundle["kind"] == "reports:report:issued" and bundle["leaf_index"] == report.evidence.leaf_index


def test_verify_report_needs_nothing_of_ours_running(platform: Platform, firm: Firm, cli: Cli, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = tmp_path / "own.pdf"
    pdf.write_bytes(_own_pdf(firm))
    key, saved = tmp_path / "ledger.vkey", tmp_path / "saved.cp"
    assert cli("ledger", "key", "--out", str(key))[0] == 0
    # More happens after the report; the third party saves a later checkpoint and a proof.
    firm.client.get(f"/api/v1/subjects/{FIRM}/report.html")
    assert cli("ledger", "seal")[0] == 0
    assert cli("ledger", "checkpoint", "--out", str(saved))[0] == 0
    size = int(saved.read_text().splitlines()[1])
    proof = tmp_path / "proof.json"
    proof.write_text(firm.client.get("/api/v1/ledger/proofs/consistency",
                                     params={"first": size - 1, "second": size}).text)

    monkeypatch.setenv("XINYONG_DATABASE_URL", NOWHERE)
    code, out = cli("verify-report", str(pdf), "--key", str(key))
    assert code == 0 and "验证通过" in out and NAME in out and "本人版" in out, out
    code, out = cli("verify-report", str(pdf), "--checkpoint", str(saved))
    assert code == 2 and "--proof" in out, "a later checkpoint needs a proof linking it to the report's"
    code, out = cli("verify-report", str(pdf), "--checkpoint", str(saved), "--proof", str(proof))
    assert code == 0 and f"大小 {size}" in out and "只增未改" in out, out
    code, out = cli("verify-report", str(pdf))
    assert code == 2 and "信任依据" in out, "without a key or a saved checkpoint nothing can be trusted"
    forged = bytearray(pdf.read_bytes())
    forged[3000] ^= 0x20
    pdf.write_bytes(bytes(forged))
    code, out = cli("verify-report", str(pdf), "--key", str(key))
    assert code == 1 and "验证失败" in out, out


def test_the_verification_page_checks_an_uploaded_file(platform: Platform, firm: Firm) -> None:
    issued = firm.client.get(f"/api/v1/subjects/{FIRM}/report.pdf")
    number = issued.headers["X-Report-Number"]
    page = firm.client.get(f"/reports/{number}/verify")
    assert page.status_code == 200 and "出具记录与账本中的存证事件一致" in page.text and "公开版" in page.text
    good = firm.client.post(f"/reports/{number}/verify", files={"file": ("r.pdf", issued.content, "application/pdf")})
    assert "核验通过" in good.text
    cut = firm.client.post("/api/v1/reports/verify", files={"file": ("r.pdf", issued.content[:-10], "application/pdf")})
    assert cut.status_code == 200 and cut.json()["valid"] is False and "被改动" in cut.json()["message"]
    assert firm.client.get("/reports/2026112309300000000000/verify").status_code == 404
    assert "格式有误" in firm.client.get("/api/v1/reports/not-a-number").json()["message"]
