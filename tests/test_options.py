"""Every field of :class:`corrector.Options` means something to the engine: none is accepted and ignored."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

import corrector
from corrector.model import Options

ENGINE = Path(corrector.__file__).resolve().parent


def _fields_read_by_the_engine() -> set[str]:
    """Attributes read from a value named ``options``/``opts`` anywhere in the engine but the CLI and model.py."""
    read: set[str] = set()
    for path in ENGINE.rglob("*.py"):
        rel = path.relative_to(ENGINE)
        if rel.parts[0] == "cli" or rel.name == "model.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("options", "opts"):
                read.add(node.attr)
    return read


def test_every_option_is_read_by_the_engine() -> None:
    fields = {f.name for f in dataclasses.fields(Options)}
    assert fields - _fields_read_by_the_engine() == set()


@pytest.mark.parametrize("name, value", [("min_confidence", 0.5), ("suspect_confidence", 0.8)])
def test_auto_modes_bars_are_selects_not_proposes(name: str, value: float) -> None:
    # they belong to corrector.select (auto mode's policy); propose would have ignored them
    with pytest.raises(TypeError, match=name):
        corrector.propose([], **{name: value})
    with pytest.raises(TypeError, match=name):
        Options.make(None, **{name: value})


def test_a_bad_decision_is_refused_by_options() -> None:
    assert Options().decision == "rules" and Options(decision="model").decision == "model"
    with pytest.raises(ValueError, match="rules, model"):
        Options(decision="best")
