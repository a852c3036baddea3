"""corrector: repair OCR errors in Chinese newspaper text by collating reprints of the same article.

The public API is the names below (``corrector.load``, ``corrector.propose``, ``corrector.select``,
``corrector.apply`` ...).  Naming scheme: a top-level function never has the name of a module of
the package, so ``import corrector.X`` always gives the module X and ``corrector.f`` the function f.
Modules are named for what they hold or compute (``pipeline`` runs the stages, ``proposal`` turns
a voted hunk into a proposal, ``policy`` is auto mode's rule); the functions are re-exported here.
"""

from .apply import apply, write_outputs
from .errors import CorrectorError, InputError
from .ingest import load
from .model import KINDS, SCHEMA, Document, Group, Options, Proposal, Reading, Result, Span, WitnessReading
from .pipeline import propose
from .policy import select

__version__ = "0.1.0"

__all__ = [
    "KINDS",
    "SCHEMA",
    "CorrectorError",
    "Document",
    "Group",
    "InputError",
    "Options",
    "Proposal",
    "Reading",
    "Result",
    "Span",
    "WitnessReading",
    "apply",
    "load",
    "propose",
    "select",
    "write_outputs",
]
