"""docs/evaluation.md keeps up with the models: every indicator of every shipped model is described."""

from pathlib import Path

from xinyong.evaluation.loader import get_models

DOC = (Path(__file__).parents[2] / "docs" / "evaluation.md").read_text(encoding="utf-8")


def test_every_model_and_indicator_is_documented() -> None:
    for model in get_models().all():
        assert f"`{model.id}`" in DOC
        assert [i.code for _, i in model.indicators() if f"`{i.code}`" not in DOC] == []
