"""``xinyong codes check``: the JSON-lines contract other tools rely on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from xinyong.cli.main import app

runner = CliRunner()
XINYONG = [sys.executable, "-c", "from xinyong.cli.main import main; main()"]


def _lines(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines()]


def test_codes_as_arguments() -> None:
    result = runner.invoke(app, ["codes", "check", "91350100M000100Y43", "D2143569-X", "110105491231002"])
    assert result.exit_code == 0
    lines = _lines(result.stdout)
    assert lines[0] == {"input": "91350100M000100Y43", "normalized": "91350100M000100Y43", "kind": "uscc",
                        "verdict": "valid", "reasons": []}
    assert (lines[1]["kind"], lines[1]["normalized"]) == ("org_code", "D2143569X")
    assert (lines[2]["kind"], lines[2]["normalized"]) == ("citizen_id", "11010519491231002X")


def test_chinese_is_not_escaped_and_warnings_pass() -> None:
    full_width = "９１３５０１００Ｍ０００１００Ｙ４３"
    result = runner.invoke(app, ["codes", "check", full_width, "911101005JLR20JR60"])
    assert result.exit_code == 0
    assert "９１３５" in result.stdout
    assert _lines(result.stdout)[1]["verdict"] == "warning"


def test_codes_from_standard_input_one_line_each() -> None:
    text = "91350100M000100Y43\n\n9135 0100 m000 100y 43\r\n500154199301135886\n"
    result = runner.invoke(app, ["codes", "check", "-"], input=text)
    lines = _lines(result.stdout)
    assert [line["verdict"] for line in lines] == ["valid", "invalid", "valid", "warning"]
    assert lines[1]["reasons"] == ["empty"]
    assert lines[2]["input"] == "9135 0100 m000 100y 43"
    assert result.exit_code == 1  # the blank line is an invalid code


def test_explicit_kind() -> None:
    result = runner.invoke(app, ["codes", "check", "--kind", "registration_no", "110105491231002"])
    assert _lines(result.stdout)[0]["kind"] == "registration_no"
    assert result.exit_code == 0


def test_exit_status_through_the_real_entry_point() -> None:
    ok = subprocess.run([*XINYONG, "codes", "check", "91350100M000100Y43"], capture_output=True, text=True)
    assert ok.returncode == 0
    bad = subprocess.run([*XINYONG, "codes", "check", "91350100M000100Y43", "91350100M000100Y4A"],
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert [line["verdict"] for line in _lines(bad.stdout)] == ["valid", "invalid"]


def test_bad_kind_is_told_in_chinese_without_traceback() -> None:
    command = [*XINYONG, "codes", "check", "--kind", "passport", "X"]
    run = subprocess.run(command, capture_output=True, text=True)
    assert run.returncode == 2
    assert "未知的代码类型“passport”" in run.stderr and "registration_no" in run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""


def test_undecodable_standard_input_is_told_in_chinese(tmp_path: Path) -> None:
    source = tmp_path / "codes.txt"
    source.write_bytes("91350100M000100Y43\n信用".encode("gb18030"))
    with source.open("rb") as handle:
        run = subprocess.run([*XINYONG, "codes", "check", "-"], stdin=handle, capture_output=True, text=True)
    assert run.returncode == 2
    assert "标准输入第 2 行不是 UTF-8" in run.stderr and "Traceback" not in run.stderr


def test_no_codes_is_told_in_chinese() -> None:
    run = subprocess.run([*XINYONG, "codes", "check"], capture_output=True, text=True)
    assert run.returncode == 2 and "没有要查验的代码" in run.stderr


def test_every_command_has_help() -> None:
    for command in (["codes"], ["codes", "check"], ["codes", "reasons"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.stdout


def test_reasons_are_listed_with_their_explanation() -> None:
    result = runner.invoke(app, ["codes", "reasons"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "region_not_at_birth_year" in result.stdout and "出生当年并不存在" in result.stdout
