from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.reports.city import firm_with_every_section, subject_id, token
from xinyong.accounts.models import Role
from xinyong.platform import Platform
from xinyong.web.app import create_app


@dataclass
class Firm:
    client: TestClient
    subject: dict[str, str]  # the firm's own account
    bank: dict[str, str]  # a third party (授权查询机构)
    other_bank: dict[str, str]
    office: dict[str, str]
    subject_id: int


@pytest.fixture
def firm(platform: Platform, tmp_path: Path) -> Firm:
    firm_with_every_section(platform, tmp_path)
    own = subject_id(platform)
    return Firm(TestClient(create_app(platform)), token(platform, "jia", Role.SUBJECT, subject_id=own),
                token(platform, "bank", Role.THIRD_PARTY), token(platform, "otherbank", Role.THIRD_PARTY),
                token(platform, "office", Role.OFFICE), own)
