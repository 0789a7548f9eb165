"""信用二维码: a PNG and an SVG that open the subject's public page; none for people or unknown codes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from xinyong.subjects.registry import SubjectEntry

ZBARIMG = shutil.which("zbarimg")


def decode(png: bytes, tmp_path: Path) -> str:
    path = tmp_path / "qr.png"
    path.write_bytes(png)
    out = subprocess.run([ZBARIMG, "--quiet", "--raw", str(path)], capture_output=True, text=True, check=True)
    return out.stdout.strip()


@pytest.mark.skipif(ZBARIMG is None, reason="zbarimg (Debian zbar-tools) is not installed; make test installs it")
def test_the_png_decodes_to_the_subjects_public_page(make_client, city, tmp_path: Path) -> None:
    client = make_client(public_base_url="https://credit.zhuhai.example/")
    answer = client.get("/subjects/91440400MA4UH3LX6G/qr.png")
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/png"
    assert decode(answer.content, tmp_path) == "https://credit.zhuhai.example/subjects/91440400MA4UH3LX6G"
    # An individual business has one too, and an old code leads to the current one.
    shop = client.get("/subjects/92440402MA4X1Y2W7J/qr.png")
    assert decode(shop.content, tmp_path) == "https://credit.zhuhai.example/subjects/92440402MA4X1Y2W7J"
    old = client.get("/subjects/440404000123450/qr.png")
    assert decode(old.content, tmp_path) == "https://credit.zhuhai.example/subjects/91440404123456788L"


def test_the_svg_is_a_scalable_image_for_printing(client, city) -> None:
    answer = client.get("/subjects/91440400MA4UH3LX6G/qr.svg")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("image/svg+xml")
    assert answer.text.startswith("<svg") and "<title>信用二维码</title>" in answer.text


def test_no_code_for_people_or_unknown_codes(client, register, city) -> None:
    register(SubjectEntry(name="李四", code="110105194912310029"))
    for code in ("11010519491231002X", "110105194912310029", "91440400MA4UH3LX6H", "nonsense"):
        for kind in ("png", "svg"):
            answer = client.get(f"/subjects/{code}/qr.{kind}")
            assert answer.status_code == 404, (code, kind)
            assert "未找到代码为" in answer.text and "企业、组织或个体工商户" in answer.text
