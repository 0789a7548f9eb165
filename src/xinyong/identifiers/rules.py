"""Reading the package's rule files (YAML under ``data/``) and refusing malformed ones at start."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

DATA = Path(__file__).parent / "data"

Model = TypeVar("Model", bound=BaseModel)


class RulesError(ValueError):
    """A rule file that cannot be used: the platform must not start on it."""


def load_rules(path: Path, model: type[Model]) -> Model:
    """The file's content checked against ``model``; anything wrong is a ``RulesError`` naming it."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return model.model_validate(raw)
    except (OSError, yaml.YAMLError) as error:
        raise RulesError(f"规则文件 {path} 无法读取：{error}") from error
    except ValidationError as error:
        problems = "；".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors(include_url=False)
        )
        raise RulesError(f"规则文件 {path} 不合规：{problems}") from error
