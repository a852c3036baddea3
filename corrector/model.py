"""Plain result objects shared by every stage; all serialise to JSON."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

#: Version of the JSON schema written by ``corrector propose --json`` and ``auto``'s report.
PROPOSALS_SCHEMA = "corrector.proposals/1"
#: The same, under its first name (``corrector.SCHEMA``); new code says :data:`PROPOSALS_SCHEMA`.
SCHEMA = PROPOSALS_SCHEMA

#: Every kind a proposal can have.  ``variant`` marks an editorial difference
#: between papers (never applied automatically); ``suspect`` a place no printing disagrees on but
#: the language evidence doubts (applied only when asked: ``Options.suspects``).
KINDS = ("substitution", "insertion", "deletion", "transposition", "noise", "variant", "suspect")


@dataclass
class Document:
    """One input file, decoded, with what is needed to write it back byte for byte.

    Attributes:
        id: Stable identifier, unique within a run (the path relative to its input root).
        path: Path of the file as given on the command line (or found under a folder).
        encoding: Python codec used to decode it: ``utf-8``, ``utf-16-le``, ``utf-16-be`` or ``gb18030``.
        bom: Byte-order mark that preceded the text (empty when none).
        newline: Dominant line ending (``"\\n"``, ``"\\r\\n"`` or ``"\\r"``), for information.
        sha256: SHA-256 of the original bytes.
        text: The decoded original text; every offset the engine reports is a code-point offset into it.
    """

    id: str
    path: str
    encoding: str
    bom: bytes
    newline: str
    sha256: str
    text: str

    def encode(self, text: str | None = None) -> bytes:
        """Encode ``text`` (default: the original) the way the input was encoded."""
        return self.bom + (self.text if text is None else text).encode(self.encoding)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "encoding": self.encoding,
            "bom": self.bom.hex(),
            "newline": self.newline,
            "sha256": self.sha256,
            "length": len(self.text),
        }


@dataclass
class Span:
    """A half-open range ``[start, end)`` of code points in one document."""

    doc: str
    start: int
    end: int


@dataclass
class Group:
    """Passages in several documents found to be versions of the same text."""

    id: int
    passages: list[Span]

    @property
    def docs(self) -> list[str]:
        return sorted({p.doc for p in self.passages})


@dataclass
class WitnessReading:
    """What one witness reads over the span a proposal covers.

    ``start``/``end`` are offsets into that witness's own original text; ``text`` is
    ``document.text[start:end]``.
    """

    doc: str
    start: int
    end: int
    text: str


@dataclass
class Reading:
    """One competing reading of a hunk and the evidence for it.

    Attributes:
        text: The reading, in the target document's typography.
        witnesses: Every witness that reads it (the target itself included when it does).
        votes: Sum of the reliability weights (nats) of those witnesses.
        language: Language-evidence score in nats (dictionary segmentation plus corpus n-grams);
            only differences between readings of the same hunk mean anything.
        probability: Posterior probability that this reading is the true text.
    """

    text: str
    witnesses: list[WitnessReading]
    votes: float = 0.0
    language: float = 0.0
    probability: float = 0.0


@dataclass
class Proposal:
    """One diff hunk in one document: replace ``old`` (= ``text[start:end]``) by ``new``.

    Attributes:
        id: Stable identifier (hash of document, offsets, old and new text).
        doc: Document id.
        start: Code-point offset in the original text where the hunk starts.
        end: Code-point offset where it ends (``start == end`` for a pure insertion).
        old: Original text of the hunk.
        new: Proposed text.
        confidence: Probability in [0, 1] that applying the change makes the text right.
        kind: One of :data:`KINDS`.
        reason: One line a person can read, saying why.
        readings: Every competing reading, best first; the target's own reading is among them.
        group: Id of the :class:`Group` whose witnesses gave the evidence.
        note: What the classifier called the change, where it names it (a variant's "both readings are
            words", OCR noise's "stray '*' inside Chinese text"); the reason line shows it in brackets.
        stated_by: The rules that set the stated confidence instead of the vote's posterior (or the
            learned decision's), by name: :data:`corrector.policy.LOST_MARK_RULE`,
            :data:`corrector.policy.SECOND_OPINION_RULE`, :data:`corrector.proposal.UNBALANCED_RULE` and
            :func:`corrector.holds.rule_name` of each rule of :mod:`corrector.holds` that holds it.
            Empty where the posterior stands.  The reason line says the same in words.
    """

    doc: str
    start: int
    end: int
    old: str
    new: str
    confidence: float
    kind: str
    reason: str
    readings: list[Reading] = field(default_factory=list)
    group: int = -1
    id: str = ""
    note: str = ""
    stated_by: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.id:
            key = f"{self.doc}\0{self.start}\0{self.end}\0{self.old}\0{self.new}"
            self.id = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]

    def to_json(self, readings: bool = True) -> dict[str, Any]:
        """A plain dict (what the JSON schema shows); ``readings=False`` leaves the evidence out."""
        out: dict[str, Any] = {
            "id": self.id, "doc": self.doc, "start": self.start, "end": self.end, "old": self.old, "new": self.new,
            "confidence": self.confidence, "kind": self.kind, "reason": self.reason, "group": self.group,
            "note": self.note, "stated_by": list(self.stated_by),
        }
        if readings:
            out["readings"] = [
                {"text": r.text, "votes": r.votes, "language": r.language, "probability": r.probability,
                 "witnesses": [{"doc": w.doc, "start": w.start, "end": w.end, "text": w.text} for w in r.witnesses]}
                for r in self.readings
            ]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Proposal":
        readings = [
            Reading(
                text=r["text"],
                witnesses=[WitnessReading(**w) for w in r["witnesses"]],
                votes=r.get("votes", 0.0),
                language=r.get("language", 0.0),
                probability=r.get("probability", 0.0),
            )
            for r in data.get("readings", [])
        ]
        fields = {k: data[k] for k in ("doc", "start", "end", "old", "new", "confidence", "kind", "reason")}
        return cls(**fields, readings=readings, group=data.get("group", -1), id=data.get("id", ""),
                   note=data.get("note", ""), stated_by=tuple(data.get("stated_by", ())))


@dataclass
class Result:
    """Everything :func:`corrector.propose` found for a set of documents.

    Attributes:
        warnings: Things a person should know about the run, one line each (documents that share
            no passage with another, so nothing could be voted on them).
        witness_error_rates: Estimated letter error rate of every document that has a witness.
    """

    documents: list[Document]
    groups: list[Group]
    proposals: list[Proposal]
    warnings: list[str] = field(default_factory=list)
    witness_error_rates: dict[str, float] = field(default_factory=dict)

    def document(self, doc_id: str) -> Document:
        for d in self.documents:
            if d.id == doc_id:
                return d
        raise KeyError(doc_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": PROPOSALS_SCHEMA,
            "documents": [d.to_json() for d in self.documents],
            "groups": [asdict(g) for g in self.groups],
            "witness_error_rates": self.witness_error_rates,
            "warnings": self.warnings,
            "proposals": [p.to_json() for p in self.proposals],
        }


#: Who decides each proposal's kind and confidence (``Options.decision``): ``"rules"`` (the
#: hand-written rules of ``classify`` plus the hard rules of :mod:`corrector.decision`) or
#: ``"model"`` (the learned decision, :mod:`corrector.decision`).
DECISIONS = ("rules", "model")
#: The rules stay the default for now: on the untuned split the shipped model applies fewer right
#: corrections than the rules at the same bar (bench.accuracy, 3 printings: 44-48 % of the errors left
#: against 25-31 %; bench.ocr --text heldout, 5 witnesses: CER 0.80 % against 0.54 %), for higher
#: precision (99.6-99.8 % of applied corrections not wrong against 99.4-99.6 %).  See bench/decision/README.md.
DEFAULT_DECISION = "rules"


def check_decision(decision: str) -> str:
    """``decision`` when it is one of :data:`DECISIONS`; else ValueError with a one-line reason."""
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
    return decision


@dataclass
class Options:
    """Tuning knobs shared by every entry point (the same keywords everywhere).

    Only what :func:`corrector.propose` uses: auto mode's bars (``min_confidence``,
    ``min_suspect_confidence``) are :func:`corrector.select`'s keywords.

    Attributes:
        ngram: Length of the character n-grams used as anchors when discovering reprints.
        max_df: An n-gram found in more documents than this is too common to be an anchor.
        min_anchors: A matched passage needs at least this many anchor n-grams.
        min_passage: ... and must cover at least this many comparison characters.
        use_language: Use language evidence (jieba dictionary and corpus n-grams).
        suspects: Also look for single-witness suspicion flags (kind ``suspect``: a place no printing
            disagrees on but the language evidence doubts). Off by default: the detectors cost time.
        workers: Local processes that run the alignment and vote stages (1: in this process).
        scheduler: Address of a ``dask.distributed`` scheduler to run them on instead (needs ``corrector[dask]``).
        decision: Who decides each proposal's kind and confidence, one of :data:`DECISIONS` (default
            :data:`DEFAULT_DECISION`); give auto mode's :func:`~corrector.policy.select` the same.
        one_edition: The user states that every printing is one edition (several scans or OCR engines
            of one paper, or reprints known to be word for word): no paper changed a word its other
            printings kept, so a printing that stands alone against three or more agreeing ones is
            corrected as an OCR error even where both readings are words, numbers or names.  Off by
            default: a paper that reprints a story may change a word, and nothing in the readings
            tells that from a misreading (an editor's 简便 for 简单 looks like OCR's 心志 for 心电).
    """

    ngram: int = 5
    max_df: int = 100
    min_anchors: int = 3
    min_passage: int = 20
    use_language: bool = True
    suspects: bool = False
    workers: int = 1
    scheduler: str | None = None
    decision: str = DEFAULT_DECISION
    one_edition: bool = False

    def __post_init__(self) -> None:
        check_decision(self.decision)

    @classmethod
    def make(cls, options: "Options | None" = None, **overrides: Any) -> "Options":
        """An :class:`Options` from an existing one and keyword overrides (unknown keywords raise TypeError)."""
        base = asdict(options) if options is not None else {}
        unknown = set(overrides) - set(cls.__dataclass_fields__)
        if unknown:
            raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
        base.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**base)
