"""``xinyong subjects …``: look at the registry, find duplicate and wrong codes, correct them."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from xinyong.platform import Platform
from xinyong.subjects import corrections
from xinyong.subjects.code_quality import ISSUE_LABELS, code_quality_report, detect_code_issues
from xinyong.subjects.lookup import get_subject
from xinyong.subjects.models import KIND_LABELS, CodeIssue, SubjectIdentifier, SubjectKind, SubjectName
from xinyong.subjects.person_ids import PersonIdVault

console = Console()

REASON = typer.Option(..., "--reason", help="Why (kept with the correction).")
ACTOR = typer.Option("信用办", "--actor", help="Who decides (kept with the correction).")


def register(app: typer.Typer) -> None:
    subjects_app = typer.Typer(help="主体库：查看、重错码查验与纠错。", no_args_is_help=True)

    @subjects_app.command("show")
    def show(ref: str = typer.Argument(..., help="A code (USCC, old code, ID number) or #id.")) -> None:
        """Show one subject's registry entry, codes and names (ID numbers masked)."""
        with Platform.open() as platform, platform.db.session() as session:
            subject = get_subject(session, PersonIdVault(platform.keys), ref)
            table = Table(show_header=False)
            shown = subject.id_masked if subject.code_scheme == "citizen_id" else subject.code
            for label, value in (("编号", f"#{subject.id}"), ("名称", subject.name), ("代码", shown),
                                 ("主体类型", KIND_LABELS[SubjectKind(subject.kind)]), ("类别", subject.category),
                                 ("代码校验", f"{subject.code_verdict} {' '.join(subject.code_reasons)}"),
                                 ("法定代表人", subject.legal_rep or ""), ("状态", subject.status),
                                 ("来源", f"{subject.origin} {subject.origin_ref or ''}")):
                table.add_row(label, str(value))
            for ident in session.scalars(select(SubjectIdentifier).where(SubjectIdentifier.subject_id == subject.id)):
                retired = "" if ident.is_current else "（已停用）"
                table.add_row("旧码/其他代码", f"{ident.scheme} {ident.value}{retired}")
            for name in session.scalars(select(SubjectName).where(SubjectName.subject_id == subject.id)):
                table.add_row("曾用名" if name.role == "former" else "其他来源名称", f"{name.name}（{name.source}）")
            console.print(table)

    @subjects_app.command("audit")
    def audit(as_json: bool = typer.Option(False, "--json", help="Print the report as one JSON object.")) -> None:
        """Find duplicate and wrong codes (重错码查验) and report the 重错码率 and 纠正率."""
        with Platform.open() as platform, platform.db.session() as session:
            detection = detect_code_issues(session, platform.clock.now())
            report = code_quality_report(session)
        if as_json:
            print(json.dumps({"detection": vars(detection), **report.as_dict()}, ensure_ascii=False, default=str))
            return
        console.print(f"新发现 {detection.opened}，仍未解决 {detection.still_open}，已消除 {detection.closed}")
        console.print(f"有代码的主体 {report.coded_subjects:,}；涉及重错码的主体 {report.affected_subjects:,}；"
                      f"重错码率 {report.error_rate:.4%}；纠正率 {report.correction_rate:.1%}")
        table = Table("编号", "类型", "代码/名称", "主体", "详情")
        for issue in report.examples:
            table.add_row(str(issue.id), ISSUE_LABELS[issue.kind], issue.key,
                          " ".join(f"#{i}" for i in issue.subject_ids), json.dumps(issue.detail, ensure_ascii=False))
        console.print(table)

    @subjects_app.command("issues")
    def issues(status: str = typer.Option("open", help="open, resolved or dismissed.")) -> None:
        """List duplicate/wrong-code findings as JSON lines."""
        with Platform.open() as platform, platform.db.session() as session:
            for issue in session.scalars(select(CodeIssue).where(CodeIssue.status == status).order_by(CodeIssue.id)):
                print(json.dumps({"id": issue.id, "kind": issue.kind, "key": issue.key,
                                  "subject_ids": issue.subject_ids, "detail": issue.detail,
                                  "status": issue.status, "resolution": issue.resolution}, ensure_ascii=False))

    def judgement(platform: Platform, actor: str, reason: str, issue: int | None) -> corrections.Judgement:
        return corrections.Judgement(actor=actor, reason=reason, at=platform.clock.now(), issue_id=issue)

    ISSUE = typer.Option(None, "--issue", help="The finding this correction resolves.")

    @subjects_app.command("merge")
    def merge(survivor: str, duplicate: str, reason: str = REASON, actor: str = ACTOR, issue: int = ISSUE) -> None:
        """Merge DUPLICATE into SURVIVOR (both given as a code or #id)."""
        with Platform.open() as platform, platform.db.session() as session:
            vault = PersonIdVault(platform.keys)
            done = corrections.merge(session, get_subject(session, vault, survivor).id,
                                     get_subject(session, vault, duplicate).id,
                                     judgement(platform, actor, reason, issue))
            console.print(f"已合并（更正记录 #{done.id}）")

    @subjects_app.command("unmerge")
    def unmerge(subject: str, reason: str = REASON, actor: str = ACTOR) -> None:
        """Split a wrongly merged subject (given as #id) off its survivor again."""
        with Platform.open() as platform, platform.db.session() as session:
            ref = int(subject.lstrip("#")) if subject.lstrip("#").isdigit() else None
            if ref is None:
                raise typer.BadParameter("请用 #编号 指明被合并的主体")
            done = corrections.unmerge(session, ref, judgement(platform, actor, reason, None))
            console.print(f"已拆分（更正记录 #{done.id}）")

    @subjects_app.command("correct")
    def correct(subject: str, new_code: str, reason: str = REASON, actor: str = ACTOR, issue: int = ISSUE) -> None:
        """Replace SUBJECT's code with NEW_CODE; the old code is kept, retired."""
        with Platform.open() as platform, platform.db.session() as session:
            target = get_subject(session, PersonIdVault(platform.keys), subject)
            done = corrections.correct_code(session, target.id, new_code, judgement(platform, actor, reason, issue))
            console.print(f"已更正（更正记录 #{done.id}）")

    @subjects_app.command("dismiss")
    def dismiss(issue: int, reason: str = REASON, actor: str = ACTOR) -> None:
        """Close a finding judged not to be an error."""
        with Platform.open() as platform, platform.db.session() as session:
            corrections.dismiss(session, issue, judgement(platform, actor, reason, None))
            console.print(f"已关闭问题 #{issue}")

    app.add_typer(subjects_app, name="subjects")
