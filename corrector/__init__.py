"""corrector: repair OCR errors in Chinese newspaper text by collating reprints of the same article."""

from .apply import apply, write_outputs
from .errors import CorrectorError, InputError
from .ingest import load
from .model import KINDS, SCHEMA, Document, Group, Options, Proposal, Reading, Result, Span, WitnessReading
from .propose import propose, select

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
