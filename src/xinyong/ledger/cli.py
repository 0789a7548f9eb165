"""Ledger commands: ``xinyong ledger …`` on the platform, ``xinyong verify-ledger`` anywhere.

``verify-ledger --bundle`` and ``--old/--new`` read only the files given and the verifier key:
they open no database and need nothing of ours running.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from xinyong.clock import CHINA
from xinyong.errors import UserError
from xinyong.ledger import store
from xinyong.ledger.audit import audit
from xinyong.ledger.checkpoints import current_checkpoint
from xinyong.ledger.evidence import build_bundle
from xinyong.ledger.note import Checkpoint, Verifier, open_checkpoint
from xinyong.ledger.seal import seal_pending
from xinyong.ledger.signer import load_signer
from xinyong.ledger.verify import EvidenceInvalid, decode_hashes, verify_bundle, verify_checkpoints_consistent
from xinyong.platform import Platform
from xinyong.settings import get_settings

console = Console(soft_wrap=True)


def _read(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"无法读取{what} {path}：{error}") from error


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(_read(path, what))
    except ValueError as error:
        raise UserError(f"{what} {path} 不是有效的 JSON：{error}") from error


def _write(out: Path | None, text: str, what: str) -> None:
    if out is None:
        typer.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UserError(f"无法写出{what}到 {out}：{error}") from error
    console.print(f"已写出{what}：{out}")


def _local_time(value: Any) -> str:
    """An event's UTC time (ISO 8601) in Beijing time; the raw value if it is not one."""
    try:
        return f"{datetime.fromisoformat(value).astimezone(CHINA):%Y-%m-%d %H:%M:%S} 北京时间"
    except (TypeError, ValueError):
        return str(value)


def load_verifier(key: str) -> Verifier:
    """A verifier key given as the vkey itself or as a file holding it."""
    path = Path(key)
    return Verifier.parse(_read(path, "验证公钥文件") if path.is_file() else key)


@contextmanager
def _platform() -> Iterator[Platform]:
    platform = Platform.open()
    try:
        yield platform
    finally:
        platform.close()


def _ledger_commands() -> typer.Typer:
    ledger = typer.Typer(help="存证账本：封存事件、签发检查点、出具证据包。", no_args_is_help=True)

    @ledger.command("seal")
    def seal_command() -> None:
        """Seal every pending event and issue a checkpoint (run it every minute from cron)."""
        with _platform() as platform:
            result = seal_pending(platform)
            with platform.db.session() as session:
                issued = current_checkpoint(session, platform.clock.now(), load_signer(platform.settings))
        console.print(f"封存 {result.sealed} 个事件；账本现有 {result.size} 片叶子，"
                      f"检查点大小 {issued.tree_size}")

    @ledger.command("checkpoint")
    def checkpoint_command(out: Path = typer.Option(None, help="File to write the checkpoint to.")) -> None:
        """Write the current signed checkpoint (a C2SP signed note)."""
        with _platform() as platform, platform.db.session() as session:
            issued = current_checkpoint(session, platform.clock.now(), load_signer(platform.settings))
        _write(out, issued.note, f"检查点（大小 {issued.tree_size}）")

    @ledger.command("key")
    def key_command(out: Path = typer.Option(None, help="File to write the verifier key to.")) -> None:
        """Write the verifier key (vkey) that checks the ledger's checkpoints."""
        _write(out, load_signer(get_settings()).verifier.vkey() + "\n", "验证公钥")

    @ledger.command("proof")
    def proof_command(event: int = typer.Option(..., help="Event id."),
                      out: Path = typer.Option(None, help="File to write the evidence bundle to.")) -> None:
        """Write the evidence bundle of one sealed event (JSON), verifiable offline."""
        with _platform() as platform, platform.db.session() as session:
            bundle = build_bundle(session, event, platform.clock.now(), load_signer(platform.settings))
        _write(out, json.dumps(bundle, ensure_ascii=False, indent=2) + "\n", f"事件 #{event} 的证据包")

    @ledger.command("consistency")
    def consistency_command(first: int = typer.Option(..., help="Size of the older tree."),
                            second: int = typer.Option(None, help="Size of the newer tree (default: now)."),
                            out: Path = typer.Option(None, help="File to write the proof to.")) -> None:
        """Write a consistency proof between two tree sizes (JSON, as the API gives it)."""
        with _platform() as platform, platform.db.session() as session:
            second = store.read_head(session).size if second is None else second
            proof = store.consistency_proof(session, first, second)
        document = {"first": first, "second": second, "proof": [base64.b64encode(h).decode() for h in proof]}
        _write(out, json.dumps(document, indent=2) + "\n", "一致性证明")

    return ledger


def _verify_offline(bundle: Path | None, old: Path | None, new: Path | None, proof: Path | None,
                    key: str) -> None:
    verifier = load_verifier(key)
    if bundle is not None:
        evidence = verify_bundle(_read_json(bundle, "证据包"), verifier)
        event = evidence.event
        checkpoint = evidence.checkpoint
        when = _local_time(event.get("at"))
        console.print(f"验证通过：{event.get('kind')}（{when}）是账本 {checkpoint.origin} "
                      f"第 {evidence.leaf_index} 片叶子，"
                      f"包含在大小 {checkpoint.size} 的已签名检查点中")
        return
    if old is None or new is None or proof is None:
        raise UserError("请给出 --bundle（证据包），或 --old、--new 与 --proof（两个检查点间的一致性），"
                        "或 --against（按保存的检查点核查数据库）")
    document = _read_json(proof, "一致性证明")
    hashes = decode_hashes(document.get("proof") if isinstance(document, dict) else None, "一致性证明")
    first, second = verify_checkpoints_consistent(_read(old, "较早的检查点"), _read(new, "较新的检查点"),
                                                  hashes, verifier)
    console.print(f"验证通过：大小 {first.size} 的检查点是大小 {second.size} 的检查点的前缀，账本只增未改")


def _verify_database(against: Path, key: str | None) -> None:
    with _platform() as platform:
        verifier = load_verifier(key) if key else load_signer(platform.settings).verifier
        try:
            saved: Checkpoint = open_checkpoint(_read(against, "检查点"), verifier)
        except UserError as error:
            raise EvidenceInvalid(f"所保存的检查点验证失败：{error.message}") from error
        with platform.db.session() as session:
            report = audit(session, saved)
    console.print(f"核查了 {report.leaves} 片叶子、{report.nodes} 个子树哈希；"
                  f"{report.pending_events} 个事件待封存")
    if not report.clean:
        for finding in report.findings:
            console.print(f"[red]✗[/] {finding}", highlight=False)
        raise typer.Exit(1)
    console.print(f"核查通过：数据库中的事件重算出所保存检查点（大小 {saved.size}）的根哈希，账本前后一致")


def register(app: typer.Typer) -> None:
    app.add_typer(_ledger_commands(), name="ledger")

    @app.command("verify-ledger")
    def verify_ledger(
        bundle: Path = typer.Option(None, help="Evidence bundle to verify offline."),
        old: Path = typer.Option(None, help="Older saved checkpoint (offline consistency check)."),
        new: Path = typer.Option(None, help="Newer saved checkpoint (offline consistency check)."),
        proof: Path = typer.Option(None, help="Consistency proof between --old and --new (JSON)."),
        against: Path = typer.Option(None, help="Saved checkpoint to audit the platform's database against."),
        key: str = typer.Option(None, help="Verifier key (vkey) or a file holding it."),
    ) -> None:
        """Verify ledger evidence: a bundle or two checkpoints offline, or the whole database."""
        try:
            if against is not None:
                _verify_database(against, key)
            elif key is None:
                raise UserError("离线验证需要 --key：平台公布的验证公钥（或保存它的文件）")
            else:
                _verify_offline(bundle, old, new, proof, key)
        except EvidenceInvalid as error:
            console.print(f"[bold red]验证失败[/]：{error.message}", highlight=False)
            raise typer.Exit(1) from error
