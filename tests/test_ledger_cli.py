"""The ledger's command line, end to end: a third party verifies with files alone."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import update

from ledger_support import record_events
from xinyong.cli.main import main
from xinyong.events.models import Event
from xinyong.platform import Platform
from xinyong.settings import get_settings

NOWHERE = "postgresql://nobody@127.0.0.1:9/nothing"


class Cli:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        self.monkeypatch, self.capsys = monkeypatch, capsys

    def __call__(self, *args: str) -> tuple[int, str]:
        self.monkeypatch.setattr(sys, "argv", ["xinyong", *args])
        get_settings.cache_clear()
        try:
            main()
            code = 0
        except SystemExit as done:
            code = int(done.code or 0)
        finally:
            get_settings.cache_clear()
        captured = self.capsys.readouterr()
        return code, captured.out + captured.err


@pytest.fixture
def cli(platform: Platform, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    monkeypatch.setenv("XINYONG_DATABASE_URL", platform.settings.database_url)
    monkeypatch.setenv("XINYONG_SECRET_DIR", str(platform.settings.secret_dir))
    return Cli(monkeypatch, capsys)


def test_a_bundle_verifies_with_nothing_of_ours_running(cli: Cli, platform: Platform, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    ids = record_events(platform, 5)
    code, out = cli("ledger", "seal")
    assert code == 0 and "封存 5 个事件" in out
    assert cli("ledger", "key", "--out", str(tmp_path / "ledger.vkey"))[0] == 0
    assert cli("ledger", "proof", "--event", str(ids[3]), "--out", str(tmp_path / "bundle.json"))[0] == 0

    monkeypatch.setenv("XINYONG_DATABASE_URL", NOWHERE)
    key = str(tmp_path / "ledger.vkey")
    code, out = cli("verify-ledger", "--bundle", str(tmp_path / "bundle.json"), "--key", key)
    assert code == 0, out
    assert "验证通过：reports:report:issued（2026-11-23 09:30:00 北京时间）" in out
    assert "第 3 片叶子" in out and "大小 5" in out

    bundle = json.loads((tmp_path / "bundle.json").read_text())
    bundle["tree_size"] = 4
    (tmp_path / "forged.json").write_text(json.dumps(bundle))
    code, out = cli("verify-ledger", "--bundle", str(tmp_path / "forged.json"), "--key", key)
    assert code == 1 and "验证失败" in out and "树大小 4 与检查点的 5 不一致" in out


def test_two_saved_checkpoints_verify_offline(cli: Cli, platform: Platform, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    record_events(platform, 4)
    cli("ledger", "seal")
    cli("ledger", "checkpoint", "--out", str(tmp_path / "old.cp"))
    record_events(platform, 9, start=4)
    cli("ledger", "seal")
    cli("ledger", "checkpoint", "--out", str(tmp_path / "new.cp"))
    cli("ledger", "consistency", "--first", "4", "--out", str(tmp_path / "proof.json"))
    code, vkey = cli("ledger", "key")
    monkeypatch.setenv("XINYONG_DATABASE_URL", NOWHERE)
    code, out = cli("verify-ledger", "--old", str(tmp_path / "old.cp"), "--new", str(tmp_path / "new.cp"),
                    "--proof", str(tmp_path / "proof.json"), "--key", vkey.strip())
    assert code == 0 and "大小 4 的检查点是大小 13 的检查点的前缀" in out, out
    code, out = cli("verify-ledger", "--old", str(tmp_path / "new.cp"), "--new", str(tmp_path / "old.cp"),
                    "--proof", str(tmp_path / "proof.json"), "--key", vkey.strip())
    assert code == 1 and "一致性证明不成立" in out


def test_the_database_audit_passes_then_names_what_was_changed(cli: Cli, platform: Platform,
                                                                tmp_path: Path) -> None:
    ids = record_events(platform, 8)
    cli("ledger", "seal")
    cli("ledger", "checkpoint", "--out", str(tmp_path / "saved.cp"))
    code, out = cli("verify-ledger", "--against", str(tmp_path / "saved.cp"))
    assert code == 0 and "核查通过" in out and "核查了 8 片叶子" in out, out
    with platform.db.session() as session:
        session.execute(update(Event).where(Event.id == ids[6]).values(actor="冒名者"))
    code, out = cli("verify-ledger", "--against", str(tmp_path / "saved.cp"))
    assert code == 1
    assert f"叶子 6（事件 #{ids[6]}" in out and "事件内容在入账后被改动" in out and "所保存的检查点" in out


@pytest.mark.parametrize(("args", "message"), [
    (["verify-ledger", "--bundle", "bundle.json"], "离线验证需要 --key"),
    (["verify-ledger", "--bundle", "missing.json", "--key", "a+b+c"], "验证公钥不是有效的 base64"),
    (["verify-ledger", "--key", "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"],
     "请给出 --bundle"),
    (["verify-ledger", "--bundle", "missing.json", "--key",
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"], "无法读取证据包"),
    (["ledger", "proof", "--event", "404"], "事件 #404 尚未记入账本"),
])
def test_bad_input_gets_a_message_and_no_traceback(cli: Cli, args: list[str], message: str) -> None:
    code, out = cli(*args)
    assert code == 2 and message in out and "Traceback" not in out, out
