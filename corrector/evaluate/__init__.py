"""Evaluate: character error rate against a gold text, and which changes fixed or introduced errors.

:mod:`.metrics` computes them on texts; :mod:`.files` matches gold, hypothesis and original files
and folders and gathers one report.
"""

from .files import FileReport, Report, evaluate_paths, evaluate_texts
from .metrics import CER, Change, Changes, cer, compare, describe_normalisation, normalise

__all__ = [
    "CER",
    "Change",
    "Changes",
    "FileReport",
    "Report",
    "cer",
    "compare",
    "describe_normalisation",
    "evaluate_paths",
    "evaluate_texts",
    "normalise",
]
