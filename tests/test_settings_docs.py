"""Every setting is documented, and nothing documented is missing from the code."""

import re
from pathlib import Path

from xinyong.settings import Settings

DOC = Path(__file__).parents[1] / "docs" / "settings.md"


def test_every_setting_is_documented() -> None:
    documented = set(re.findall(r"`XINYONG_([A-Z_]+)`", DOC.read_text()))
    in_code = {name.upper() for name in Settings.model_fields}
    assert in_code - documented == set(), "undocumented settings"
    assert documented - in_code == set(), "documented settings that do not exist"


def test_every_setting_has_a_description() -> None:
    assert [n for n, f in Settings.model_fields.items() if not f.description] == []
