"""Option values checked by argparse before any work starts: one line and exit 2 for a bad one."""

from __future__ import annotations

import argparse
import math
import os

from ..errors import shown
from ..model import check_decision

#: Anchor n-gram lengths accepted: below 2 every common character would be an anchor; above 50 an
#: anchor would hardly ever survive in two OCR'd copies (witnesses carry an error every 20–50 characters).
NGRAM_RANGE = (2, 50)

#: Longest file-name component most file systems take, in bytes (checked before the run, not after it).
NAME_MAX = 255


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (``corrector auto: error: ...``), exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {shown(message)} (see {self.prog} --help)\n")


def int_range(lo: int, hi: int):
    """An argparse ``type=`` accepting integers from ``lo`` to ``hi``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"must be an integer from {lo} to {hi}, not {text!r}")
        return value

    parse.__name__ = "integer"
    return parse


def probability(text: str) -> float:
    """An argparse ``type=`` accepting a number between 0 and 1 (not NaN)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be a number between 0 and 1, not {text!r}")
    return value


def decision_mode(text: str) -> str:
    """An argparse ``type=`` accepting one of :data:`corrector.model.DECISIONS` (who decides each proposal)."""
    try:
        return check_decision(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def count(text: str) -> int:
    """An argparse ``type=`` accepting 0 or a positive integer."""
    return int_range(0, 10**9)(text)


def folder_name(text: str) -> str:
    """An argparse ``type=`` for an output folder: not empty, no component too long for a file system."""
    if not text:
        raise argparse.ArgumentTypeError("give a folder name (an empty one was given)")
    for part in text.split(os.sep):
        if len(os.fsencode(part)) > NAME_MAX:
            raise argparse.ArgumentTypeError(f"name too long: a folder name has at most {NAME_MAX} bytes ({shown(part[:20])}…)")
    return text


def file_name(text: str) -> str:
    """An argparse ``type=`` for an output file, or ``-`` for standard output."""
    if not text:
        raise argparse.ArgumentTypeError("give a file name, or - for standard output (an empty one was given)")
    folder_name(text)
    return text
