"""Import boundaries: the engine loads neither Textual nor Rich; the command line does not load Textual."""

from __future__ import annotations

import subprocess
import sys

ENGINE = "corrector, corrector.ingest, corrector.discover, corrector.align, corrector.vote, corrector.pipeline, corrector.proposal, corrector.classify, corrector.typography, corrector.policy, corrector.reasons, corrector.apply, corrector.language, corrector.model"


def _loaded(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True)
    return {m.split(".")[0] for m in out.stdout.split()}


def test_engine_imports_no_ui():
    mods = _loaded(f"import {ENGINE}")
    assert "textual" not in mods and "rich" not in mods and "tui" not in mods


def test_command_line_does_not_import_textual():
    mods = _loaded("import corrector.cli; corrector.cli.build_parser()")
    assert "textual" not in mods and "tui" not in mods
    assert "rich" in mods  # the command-line layer may use Rich: the test can fail
