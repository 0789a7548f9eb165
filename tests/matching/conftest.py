"""The ``registered`` fixture: the small registry of ``matching_support`` on every backend."""

from __future__ import annotations

import pytest
from matching_support import Registered, register

from xinyong.platform import Platform


@pytest.fixture
def registered(platform: Platform) -> Registered:
    return register(platform)
