"""``xinyong report`` issues a report; ``xinyong verify-report`` checks one offline (no database, no
network); ``xinyong reports audit`` checks the stored reports and authorisations against the ledger."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from xinyong.accounts.models import Account
from xinyong.accounts.viewer import Audience, Viewer, viewer_for
from xinyong.authorisations.audit import audit_authorisations
from xinyong.authorisations.service import get_authorisation
from xinyong.clock import CHINA
from xinyong.errors import UserError
from xinyong.ledger.audit import audit
from xinyong.ledger.cli import _read, _read_json, load_verifier  # the ledger's file readers, same messages
from xinyong.ledger.note import open_checkpoint
from xinyong.ledger.signer import load_signer
from xinyong.ledger.verify import EvidenceInvalid
from xinyong.platform import Platform
from xinyong.reports.audit import audit_reports
from xinyong.reports.content import AUDIENCE_LABELS
from xinyong.reports.service import ReportRequest, issue_report
from xinyong.reports.verify import check_saved_checkpoint, trusted_verifier, verify_report_pdf

console = Console(soft_wrap=True, highlight=False)
OPERATOR = Viewer(Audience.OFFICE, username="cli", display_name="信用办（命令行）")


class ReportAudience(StrEnum):
    PUBLIC = "public"
    SUBJECT = "subject"
    THIRD_PARTY = "third-party"


def _issue(code: str, out: Path, audience: ReportAudience, authorisation: int | None, purpose: str | None,
           fmt: str) -> None:
    with Platform.open() as platform:
        asker = OPERATOR
        if authorisation is not None:
            # Printed for the third party the authorisation names, as if it had asked.
            with platform.db.session() as session:
                asker = viewer_for(session.get_one(Account, get_authorisation(session, authorisation)
                                                   .grantee_account_id))
        issued = issue_report(platform, asker, ReportRequest(
            code, Audience(audience.value.replace("-", "_")), authorisation, purpose, fmt, via="cli"))
    try:
        out.write_bytes(issued.content)
    except OSError as error:
        raise UserError(f"无法写出报告到 {out}：{error}") from error
    console.print(f"已出具报告 {issued.number}（{len(issued.content):,} 字节）：{out}")


def _verify(file: Path, key: str | None, checkpoint: Path | None, proof: Path | None) -> None:
    if proof is not None and checkpoint is None:
        raise UserError("--proof 把报告中的检查点与您保存的检查点联系起来：请同时用 --checkpoint 给出后者")
    try:
        pdf = file.read_bytes()
    except OSError as error:
        raise UserError(f"无法读取报告文件 {file}：{error}") from error
    saved = _read(checkpoint, "检查点") if checkpoint else None
    verifier = trusted_verifier(pdf, load_verifier(key) if key else None, saved)
    report = verify_report_pdf(pdf, verifier)
    event, payload = report.evidence.event, report.payload
    when = datetime.fromisoformat(str(event.get("at"))).astimezone(CHINA)
    audience = AUDIENCE_LABELS.get(Audience(str(payload.get("audience"))), "")
    console.print(f"验证通过：报告 {report.number}（{payload.get('subject_name')}，{audience}，"
                  f"{when:%Y-%m-%d %H:%M:%S} 北京时间）的内容与平台存证一致；文件 SHA-256 {report.core_sha256}")
    console.print(f"存证事件是账本 {report.evidence.checkpoint.origin} 第 {report.evidence.leaf_index} 片叶子，"
                  f"包含在大小 {report.evidence.checkpoint.size} 的已签名检查点中")
    if saved is not None:
        document = _read_json(proof, "证明") if proof else None
        if document is not None and not isinstance(document, dict):
            raise UserError(f"证明文件 {proof} 应为 JSON 对象（接口给出的一致性证明或包含证明）")
        later = check_saved_checkpoint(report, saved, verifier, document)
        console.print(f"与您保存的检查点（大小 {later.size}）一致：账本此后只增未改")
    elif key is not None:
        console.print("（未给出另行保存的检查点：无法确认账本此后未被改写，可用 --checkpoint 与 --proof 补充核验）")


def _audit(against: Path | None, key: str | None) -> None:
    with Platform.open() as platform:
        verifier = load_verifier(key) if key else load_signer(platform.settings).verifier
        saved = open_checkpoint(_read(against, "检查点"), verifier) if against else None
        with platform.db.session() as session:
            ledger = audit(session, saved)
            findings = ledger.findings + audit_reports(session) + audit_authorisations(session)
    console.print(f"核查了账本 {ledger.leaves} 片叶子，以及全部报告出具记录与授权记录")
    if findings:
        for finding in findings:
            console.print(f"[red]✗[/] {finding}")
        raise typer.Exit(1)
    console.print("核查通过：报告与授权的记录和账本中的事件一致，事件未被改动")


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report(
        code: str = typer.Argument(..., help="The subject's code (USCC, old code) or #id."),
        out: Path = typer.Option(..., help="File to write the report to."),
        audience: ReportAudience = typer.Option(ReportAudience.PUBLIC, help="public, subject or third-party."),
        authorisation: int = typer.Option(None, help="Authorisation id (third-party reports)."),
        purpose: str = typer.Option(None, help="Why the office prints a subject's own report (logged)."),
        fmt: str = typer.Option("pdf", "--format", help="pdf or html."),
    ) -> None:
        """Issue a credit report (公共信用信息报告) of CODE and write it to OUT."""
        if audience is ReportAudience.THIRD_PARTY and authorisation is None:
            raise UserError("授权查询版报告须用 --authorisation 指明所用的授权编号")
        _issue(code, out, audience, authorisation if audience is ReportAudience.THIRD_PARTY else None, purpose, fmt)

    @app.command("verify-report")
    def verify_report(
        file: Path = typer.Argument(..., help="The report PDF."),
        key: str = typer.Option(None, help="The platform's verifier key (vkey) or a file holding it."),
        checkpoint: Path = typer.Option(None, help="A checkpoint of the platform you saved yourself."),
        proof: Path = typer.Option(None, help="Consistency or inclusion proof (JSON) linking it to the report's."),
    ) -> None:
        """Verify a report PDF offline: its evidence, and that not one byte changed since it was issued."""
        try:
            _verify(file, key, checkpoint, proof)
        except EvidenceInvalid as error:
            console.print(f"[bold red]验证失败[/]：{error.message}")
            raise typer.Exit(1) from error

    reports = typer.Typer(help="信用报告：核查出具记录与授权记录。", no_args_is_help=True)

    @reports.command("audit")
    def audit_command(
        against: Path = typer.Option(None, help="A checkpoint saved outside the platform."),
        key: str = typer.Option(None, help="Verifier key for --against (default: the platform's own)."),
    ) -> None:
        """Check the ledger, then every issued report and authorisation against its events."""
        _audit(against, key)

    app.add_typer(reports, name="reports")
