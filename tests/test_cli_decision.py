"""Who decides (rules or the learned model) is chosen once, by ``--decision`` or the API's ``decision=``, and passed down."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import corrector
import corrector.cli.engine as engine
from corrector.cli import main

SEEDS = str(Path(__file__).resolve().parent.parent / "seeds")


@pytest.fixture(scope="module")
def by_mode() -> dict[str, corrector.Result]:
    docs = corrector.load([SEEDS])
    return {mode: corrector.propose(docs, decision=mode) for mode in ("rules", "model")}


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record the decision the CLI hands to the engine's propose and to auto mode's select."""
    seen: list[tuple[str, str]] = []
    real_propose, real_select = engine.propose, engine.select

    def propose(docs, *, options, **kw):
        seen.append(("propose", options.decision))
        return real_propose(docs, options=options, **kw)

    def select(proposals, **kw):
        seen.append(("select", kw.get("decision", "(default)")))
        return real_select(proposals, **kw)

    monkeypatch.setattr(engine, "propose", propose)
    monkeypatch.setattr(engine, "select", select)
    return seen


def test_the_modes_differ_on_the_seeds(by_mode):
    # else the wiring tests below could not tell the modes apart
    assert [p.to_json() for p in by_mode["rules"].proposals] != [p.to_json() for p in by_mode["model"].proposals]
    with pytest.raises(ValueError, match="rules, model"):
        corrector.propose(corrector.load([SEEDS]), decision="learned")


@pytest.mark.parametrize("argv, env, mode", [
    ([], None, "rules"),
    (["--decision", "model"], None, "model"),
    ([], "model", "model"),  # the benchmarks choose the model for `corrector auto` subprocesses this way
    (["--decision", "rules"], "model", "rules"),  # the option given wins over the environment
])
def test_propose_decides_as_asked(monkeypatch, tmp_path, by_mode, argv, env, mode):
    if env is None:
        monkeypatch.delenv("CORRECTOR_DECISION", raising=False)
    else:
        monkeypatch.setenv("CORRECTOR_DECISION", env)
    seen = _spy(monkeypatch)
    out = tmp_path / "p.json"
    assert main(["propose", SEEDS, "--json", str(out), "--quiet", *argv]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["proposals"] == [p.to_json() for p in by_mode[mode].proposals]
    assert seen == [("propose", mode)]


def test_auto_passes_the_decision_to_propose_and_to_select(monkeypatch, tmp_path):
    monkeypatch.delenv("CORRECTOR_DECISION", raising=False)
    seen = _spy(monkeypatch)
    assert main(["auto", SEEDS, "--out", str(tmp_path / "o"), "--quiet", "--decision", "model"]) == 0
    # auto selects each document's proposals as soon as they are made: every call gets the decision
    assert seen[0] == ("propose", "model") and len(seen) > 1 and set(seen[1:]) == {("select", "model")}
    assert json.loads((tmp_path / "o" / "report.json").read_text(encoding="utf-8"))["decision"] == "model"
    seen.clear()
    assert main(["propose", SEEDS, "--decision", "model"]) == 0  # the summary's auto column too
    assert seen == [("propose", "model"), ("select", "model")]


@pytest.mark.parametrize("argv, env", [(["--decision", "Model"], None), ([], "learned")])
def test_a_bad_decision_is_one_line_and_exit_2(monkeypatch, capsys, tmp_path, argv, env):
    if env is None:
        monkeypatch.delenv("CORRECTOR_DECISION", raising=False)
    else:
        monkeypatch.setenv("CORRECTOR_DECISION", env)
    with pytest.raises(SystemExit) as exc:
        main(["auto", SEEDS, "--out", str(tmp_path / "o"), *argv])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and len(err.strip().splitlines()) == 1
    assert "--decision" in err and "rules, model" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


@pytest.mark.slow
def test_local_processes_decide_as_in_process(by_mode):
    # the learned model travels to the workers with the other corpus-wide values
    result = corrector.propose(corrector.load([SEEDS]), decision="model", workers=2)
    assert [p.to_json() for p in result.proposals] == [p.to_json() for p in by_mode["model"].proposals]
