"""Command line: ``corrector propose|auto|review|export|eval``; a thin layer over the Python API."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Sequence

from ..errors import CorrectorError, shown
from .options import Parser

#: Exit status for a bug (BSD's EX_SOFTWARE), kept apart from 2 (bad input or a refusal).
EXIT_BUG = 70

#: Modules that each add subcommands through ``register(subparsers)``.
COMMAND_MODULES = ("corrector.cli.engine", "corrector.cli.review", "corrector.cli.evaluate")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = Parser(
        prog="corrector",
        description="Repair OCR errors in Chinese newspaper text by collating reprints of the same article.",
    )
    parser.add_argument("--version", action="version", version="corrector " + _version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name == name:
                continue
            raise
        module.register(sub)
    return parser


def _version() -> str:
    from .. import __version__

    return __version__


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``corrector`` console script.

    Returns:
        0 on success, 2 for bad input or a refused operation (one line on stderr, no traceback),
        130 when interrupted, 70 for a bug (one line; ``CORRECTOR_DEBUG=1`` shows the traceback).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except CorrectorError as err:
        print(f"corrector: error: {shown(str(err))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("corrector: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except MemoryError:
        print("corrector: error: out of memory; split the input into smaller batches", file=sys.stderr)
        return 2
    except OSError as err:
        where = f"{shown(err.filename)}: " if err.filename else ""
        print(f"corrector: error: {where}{shown(str(err.strerror or err))}", file=sys.stderr)
        return 2
    except Exception as err:  # a bug: one line, not a traceback, unless asked for
        if os.environ.get("CORRECTOR_DEBUG"):
            raise
        print(f"corrector: internal error: {type(err).__name__}: {shown(str(err))[:300]} (a bug; please report it, "
              "CORRECTOR_DEBUG=1 shows where)", file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
