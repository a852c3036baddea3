"""Import boundaries: no engine module loads Textual, Rich or the review app; the command line does not load Textual.

The engine's modules are found by walking the ``corrector`` package, so a new module is checked
without anyone adding it to a list.  ``pyproject.toml`` states the same rule as an import-linter
contract (``lint-imports``), which also sees imports inside functions.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import corrector

#: The command-line layer may print with Rich (and ``corrector review`` starts the review app).
NOT_ENGINE = ("corrector.cli", "corrector.__main__")
UI = ("textual", "rich", "tui")


def engine_modules() -> list[str]:
    found = ["corrector"] + [m.name for m in pkgutil.walk_packages(corrector.__path__, "corrector.")]
    return sorted(m for m in found if not m.startswith(NOT_ENGINE))


def _loaded(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True)
    return {m.split(".")[0] for m in out.stdout.split()}


def test_the_walk_finds_the_engine():
    mods = engine_modules()
    for name in ("corrector.pipeline", "corrector.vote", "corrector.policy", "corrector.glyphs", "corrector.evaluate"):
        assert name in mods
    assert not [m for m in mods if m.startswith("corrector.cli")]


def test_engine_imports_no_ui():
    mods = engine_modules()
    loaded = _loaded("\n".join(f"import {m}" for m in mods))
    assert not loaded & set(UI), f"an engine module among {mods} loads {loaded & set(UI)}"


def test_command_line_does_not_import_textual():
    mods = _loaded("import corrector.cli; corrector.cli.build_parser()")
    assert "textual" not in mods and "tui" not in mods
    assert "rich" in mods  # the command-line layer may use Rich: the test can fail


def test_the_import_linter_contract_holds():
    """``lint-imports`` with the contract in pyproject.toml (it also sees imports inside functions)."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()"],
                         capture_output=True, text=True, cwd=root)
    assert out.returncode == 0 and "1 kept, 0 broken" in out.stdout, out.stdout[-2000:]


def test_no_top_level_name_shadows_a_module():
    """``import corrector.X`` must give the module X: no name the package exports is also a module's name.

    ``apply`` (the function and the module apply.py) is the one exception left; apply.py belongs to
    the command-line and output side and is renamed there.
    """
    modules = {m.name for m in pkgutil.iter_modules(corrector.__path__)}
    shadowing = {name for name in corrector.__all__ if name in modules}
    assert shadowing <= {"apply"}, shadowing
    import importlib

    assert importlib.import_module("corrector.pipeline").propose is corrector.propose
    assert importlib.import_module("corrector.policy").select is corrector.select


def test_no_engine_module_is_over_500_lines():
    """Small modules named for what they compute (issue 10): none of corrector/ over 500 lines."""
    import corrector

    root = Path(corrector.__file__).parent
    long = {str(p.relative_to(root)): n for p in root.rglob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}
