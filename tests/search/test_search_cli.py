"""``xinyong search query`` and ``xinyong search reindex`` on the platform's database."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import delete

from xinyong.platform import Platform
from xinyong.search.models import SearchGram, SearchKey


def xinyong(platform: Platform, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "XINYONG_DATABASE_URL": platform.settings.database_url,
           "XINYONG_SECRET_DIR": str(platform.settings.secret_dir), "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-c", "from xinyong.cli.main import main; main()", *args],
                          env=env, capture_output=True, text=True, timeout=120)


def test_query_then_reindex_after_the_index_was_lost(platform: Platform, city) -> None:
    found = xinyong(platform, "search", "query", "華信")
    assert found.returncode == 0, found.stderr
    assert "珠海华信物流有限公司" in found.stdout and "名称完全匹配" in found.stdout and "共 4 个主体" in found.stdout
    with platform.db.session() as session:
        session.execute(delete(SearchGram))
        session.execute(delete(SearchKey))
    assert "共 0 个主体" in xinyong(platform, "search", "query", "华信").stdout
    rebuilt = xinyong(platform, "search", "reindex")
    assert rebuilt.returncode == 0 and "已重建查询索引：7 个主体" in rebuilt.stdout
    assert "共 4 个主体" in xinyong(platform, "search", "query", "华信").stdout
    empty = xinyong(platform, "search", "query", " ")
    assert empty.returncode == 2 and "请输入要查询的主体名称或统一社会信用代码" in empty.stderr
