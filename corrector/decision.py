"""Decision: a small learned model that says whether a voted change is an OCR fix to apply, one to show, or an editor's.

The engine's vote ranks each hunk's readings; this module turns one candidate change (the target's
reading → the best rival) into a feature vector — the evidence that tells an OCR error from an
editorial difference — and scores it with two logistic regressions trained on labelled witnesses
the project generates (``bench/decision/``, never the held-out text or the seeds):

- ``right``: the probability that applying the change alone lowers the page's distance to the truth,
  calibrated (Platt) on a validation split; it is the proposal's confidence;
- ``editorial``: the probability that the change would undo an editorial difference this paper made.

The weights, the feature list and a version are read once from ``corrector/data/decision.json``.
Hard rules that are truly rules (a bracket left unpaired, a variant never applied, a fluent reading
never replaced by one the language rejects) stay outside the model, each with a name.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz.distance import Levenshtein

from .chars import is_han, is_punct
from .editorial import difference
from .model import check_decision

MODEL_PATH = Path(__file__).resolve().parent / "data" / "decision.json"
#: Format of ``decision.json`` this code reads.
MODEL_FORMAT = 1

_NUMERALS = set("0123456789零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟")
_GARBAGE = set("□■◆◇○●△▲▽▼☆★※�|\\_~^`@#$&*+=<>{}[]")
_SENTENCE_END = set("。！？!?；;")

#: The verdicts of today's hand-written rules (``classify``), each a feature of its own.
RULE_NOTES = (
    "a different number",
    "a reworded passage",
    "words added",
    "words left out",
    "another word",
    "a different name",
    "both readings are words",
    "the paper's own reading reads better",
)
RULE_KINDS = ("noise", "transposition", "insertion", "deletion", "substitution")


@dataclass
class Change:
    """One candidate change in one target, with the evidence the engine has about it.

    Attributes:
        own, new: The target's reading and the proposed one (key form).
        left, right: Key context around the hunk (a few characters each side).
        lm_gain: Dictionary score of ``new`` minus ``own`` in context (raw nats, unweighted).
        corpus_gain: Corpus n-gram evidence of ``new`` minus ``own``.
        language_gain: The vote's weighted language gain (what the vote used).
        p_new, p_old: Posterior probabilities of the two readings from the vote.
        support_new, support_own: Witnesses reading ``new`` / ``own`` (the target included in the latter).
        witnesses: Witnesses covering the hunk; ``candidates``: readings voted on.
        weight_new, weight_own: Mean vote weight (nats) of the witnesses of each reading (their reliability).
        edge: Characters from the hunk to the nearest end of an aligned passage.
        own_wins: Whether the vote kept the target's reading (the change is a rival's).
        rule_kind, rule_note: What the hand-written rules (``classify``) say.
        at_break: The target's original text has a line break at or next to the hunk.
        witness_break: Share of the supporting witnesses whose reading starts or ends at a line break.
        recurrence: Other places in the corpus where the vote proposes the same confusion.
        own_word, new_word, own_name, new_name: Every changed character of the reading lies inside a
            dictionary word (a name) of 2+ characters.
        alike: Glyph similarity of the substituted characters (0 when nothing is substituted).
    """

    own: str
    new: str
    left: str = ""
    right: str = ""
    lm_gain: float = 0.0
    corpus_gain: float = 0.0
    language_gain: float = 0.0
    p_new: float = 0.0
    p_old: float = 0.0
    support_new: int = 0
    support_own: int = 1
    witnesses: int = 2
    candidates: int = 2
    weight_new: float = 0.0
    weight_own: float = 0.0
    edge: int = 10**9
    own_wins: bool = False
    rule_kind: str = "substitution"
    rule_note: str = ""
    at_break: bool = False
    witness_break: float = 0.0
    recurrence: int = 0
    own_word: bool = False
    new_word: bool = False
    own_name: bool = False
    new_name: bool = False
    alike: float = 0.0
    extra: dict = field(default_factory=dict)


@lru_cache(maxsize=1 << 14)
def _changed_ops(a: str, b: str) -> int:
    """Non-equal edit operations between ``a`` and ``b`` (the ``runs`` feature the shipped model was trained on)."""
    return sum(1 for op in Levenshtein.opcodes(a, b) if op.tag != "equal")


def confusion_key(own: str, new: str) -> tuple[str, str]:
    """The characters a change replaces and puts in (its "confusion", for counting engine habits)."""
    d = difference(own, new)
    return d.old, d.new


def _clause_aligned(left: str, own: str, new: str, right: str) -> bool:
    """Whether the inserted or deleted run is a whole clause: it starts after a mark and ends with one."""
    for op in Levenshtein.opcodes(own, new):
        if op.tag == "insert":
            run, before = new[op.dest_start:op.dest_end], (left + own)[: len(left) + op.src_start]
        elif op.tag == "delete":
            run, before = own[op.src_start:op.src_end], (left + own)[: len(left) + op.src_start]
        else:
            continue
        if run and (not before or is_punct(before[-1]) or before[-1] == "\n") and is_punct(run[-1]):
            return True
    return False


def _log1p(x: float) -> float:
    return math.log1p(max(0.0, x))


def _clip_logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def features(c: Change) -> dict[str, float]:
    """The feature values of a change, by name (see :data:`FEATURES` for the order the model uses)."""
    d = difference(c.own, c.new)
    co, cn, lo, ln = d.old, d.new, d.old_letters, d.new_letters
    runs = _changed_ops(c.own, c.new)
    punct_only = bool(co or cn) and not lo and not ln
    numbers = bool((lo or ln) and set(lo + ln) <= _NUMERALS)
    han_o = sum(1 for ch in co if is_han(ch))
    han_n = sum(1 for ch in cn if is_han(ch))
    stray_o = any(ch in _GARBAGE or (ch.isascii() and ch.isalnum()) for ch in co)
    stray_n = any(ch in _GARBAGE or (ch.isascii() and ch.isalnum()) for ch in cn)
    sentence_mark = any(ch in _SENTENCE_END for ch in co + cn)
    f = {
        "bias": 1.0,
        "vote_logit": _clip_logit(c.p_new / (c.p_new + c.p_old)) / 5.0 if c.p_new + c.p_old > 0 else 0.0,
        "own_wins": float(c.own_wins),
        "support_new": float(c.support_new),
        "support_own": float(c.support_own),
        "share_new": c.support_new / max(1, c.witnesses),
        "margin": (c.support_new - c.support_own) / max(1, c.witnesses),
        "witnesses": float(c.witnesses),
        "own_alone": float(c.support_own <= 1),
        "new_alone": float(c.support_new <= 1),
        "weight_new": c.weight_new / 6.0,
        "weight_own": c.weight_own / 6.0,
        "candidates": float(min(c.candidates, 6)),
        "lm_gain": max(-20.0, min(20.0, c.lm_gain)) / 10.0,
        "lm_gain_pos": float(c.lm_gain >= 3.0),
        "lm_gain_neg": float(c.lm_gain <= -3.0),
        "corpus_gain": max(-10.0, min(10.0, c.corpus_gain)) / 5.0,
        "alike": c.alike,
        "alike_strong": float(c.alike >= 0.58),
        "letters_old": float(min(len(lo), 8)),
        "letters_new": float(min(len(ln), 8)),
        "letters_diff": float(min(abs(len(lo) - len(ln)), 8)),
        "same_length": float(len(lo) == len(ln) and bool(lo)),
        "han_old": float(min(han_o, 8)),
        "han_new": float(min(han_n, 8)),
        "punct_only": float(punct_only),
        "sentence_mark": float(sentence_mark),
        "insertion": float(not co and bool(cn)),
        "deletion": float(bool(co) and not cn),
        "runs": float(min(runs, 4)),
        "long_change": float(max(len(lo), len(ln)) > 2),
        "numbers": float(numbers),
        "stray_old": float(stray_o),
        "stray_new": float(stray_n),
        "own_word": float(c.own_word),
        "new_word": float(c.new_word),
        "both_words": float(c.own_word and c.new_word),
        "name": float(c.own_name or c.new_name),
        "near_edge": float(c.edge < 30),
        "at_break": float(c.at_break),
        "witness_break": c.witness_break,
        "clause_aligned": float(_clause_aligned(c.left, c.own, c.new, c.right)),
        # an engine's habit: the same letter confusion proposed at other places (punctuation
        # confusions recur in any corpus of some size, so they say nothing here)
        "recurrence": 0.0 if punct_only else _log1p(c.recurrence) / 2.0,
        "stray_in_han": float(stray_o and not stray_n and is_han(c.left[-1:] or "a")
                              and is_han(c.right[:1] or "a")),
        "doubled": float(any(co[i:i + 1] and co[i] in (c.left[-1:] + cn + c.right[:1]) for i in range(len(co)))),
    }
    for note in RULE_NOTES:
        f["rule:" + note] = float(c.rule_kind == "variant" and c.rule_note == note)
    for kind in RULE_KINDS:
        f["rule:" + kind] = float(c.rule_kind == kind)
    # interactions the linear model cannot form on its own
    f["alike_x_support"] = f["alike_strong"] * f["share_new"]
    f["numbers_x_alike"] = f["numbers"] * f["alike_strong"]
    f["words_x_lm"] = f["both_words"] * f["lm_gain"]
    f["punct_x_vote"] = f["punct_only"] * f["vote_logit"]
    f["long_x_clause"] = f["long_change"] * f["clause_aligned"]
    f["alone_x_lmneg"] = f["own_alone"] * f["lm_gain_neg"]
    return f


def vector(c: Change, names: list[str]) -> np.ndarray:
    f = features(c)
    return np.array([f[n] for n in names], dtype=float)


@dataclass
class Model:
    """Two logistic regressions over standardised features, and the calibration of the first (Platt, then isotonic).

    Attributes:
        names: Feature names, in order.
        mean, scale: Standardisation of each feature (the bias is left as is).
        right, editorial: Weights of each model.
        platt: ``(a, b)``: the Platt probability is ``sigmoid(a · logit + b)``.
        knots: Isotonic calibration of the Platt probability, ``(x, y)`` for ``np.interp``
            (``None``: the Platt probability is the confidence).
        bars: Decision thresholds chosen on the validation split (see :func:`verdict`).
        version: Model version string (written by the training script).
    """

    names: list[str]
    mean: np.ndarray
    scale: np.ndarray
    right: np.ndarray
    editorial: np.ndarray
    platt: tuple[float, float] = (1.0, 0.0)
    knots: tuple[list[float], list[float]] | None = None
    bars: dict = field(default_factory=dict)
    version: str = ""

    @classmethod
    def from_json(cls, data: dict) -> "Model":
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"decision model format {data.get('format')!r}, expected {MODEL_FORMAT}")
        return cls(
            names=list(data["features"]),
            mean=np.asarray(data["mean"], dtype=float),
            scale=np.asarray(data["scale"], dtype=float),
            right=np.asarray(data["right"], dtype=float),
            editorial=np.asarray(data["editorial"], dtype=float),
            platt=tuple(data["platt"]),
            knots=(list(data["knots"][0]), list(data["knots"][1])) if data.get("knots") else None,
            bars=dict(data["bars"]),
            version=str(data.get("version", "")),
        )

    def to_json(self) -> dict:
        return {
            "format": MODEL_FORMAT,
            "version": self.version,
            "features": self.names,
            "mean": [round(float(x), 6) for x in self.mean],
            "scale": [round(float(x), 6) for x in self.scale],
            "right": [round(float(x), 6) for x in self.right],
            "editorial": [round(float(x), 6) for x in self.editorial],
            "platt": [round(float(x), 6) for x in self.platt],
            "knots": [list(self.knots[0]), list(self.knots[1])] if self.knots else None,
            "bars": self.bars,
        }

    def standardise(self, x: np.ndarray) -> np.ndarray:
        return (x - self.mean) / self.scale

    def scores(self, c: Change) -> tuple[float, float]:
        """``(P(right), P(editorial))`` of a change; the first calibrated."""
        z = self.standardise(vector(c, self.names))
        a, b = self.platt
        p = _sigmoid(a * float(z @ self.right) + b)
        if self.knots:
            p = float(np.interp(p, self.knots[0], self.knots[1]))
        return p, _sigmoid(float(z @ self.editorial))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


@lru_cache(maxsize=1)
def load_model(path: str = str(MODEL_PATH)) -> Model | None:
    """The shipped model, read once (``None`` when the package has none: the rules alone decide)."""
    p = Path(path)
    if not p.exists():
        return None
    model = Model.from_json(json.loads(p.read_text(encoding="utf-8")))
    missing = set(model.names) - set(features(Change("", "")))
    if missing:
        raise ValueError(f"{p} uses features this code does not compute ({', '.join(sorted(missing))}): retrain it")
    return model


# --- recording changes for the training script ---------------------------------------------------

#: When a list, every candidate change the engine scores is appended to it as
#: ``(document id, start, end, old, new, Change)`` (used by ``bench/decision/dataset.py``).
RECORDER: list | None = None


def model_for(decision: str) -> Model | None:
    """The model the engine decides with under ``decision`` (``Options.decision``), or ``None`` for the hand-written rules.

    ``"model"`` gives the shipped model (``None`` when the package has none); ``"rules"`` gives ``None``.
    The training data is always generated with the rules, so that it does not depend on an earlier model.
    """
    return load_model() if check_decision(decision) == "model" else None


# --- hard rules that stay outside the model (the holds on OCR fixes are in corrector.holds) -------

#: Rule *text kept*: a change that leaves the target more than this many letters shorter is an
#: editor's cut or another story's column, never an OCR error to undo (OCR drops and garbles text;
#: it does not invent clauses).  In the training data all 60 such changes were wrong.
MAX_CUT = 2


#: Verdicts of the hand-written rules that stay rules: *a different name* (both readings dictionary
#: words, one tagged as a place, person or organisation, the characters not alike: 天津/上海,
#: 长沙/武汉).  The training prose (manuals) has almost no names, so the model never saw an editor
#: change one; and a name the dictionary knows is no misreading of another it knows.
HARD_NOTES = ("a different name",)


def cuts_text(c: Change) -> bool:
    """Rule *text kept*: the change removes more than :data:`MAX_CUT` letters of the target net of the letters it puts in."""
    d = difference(c.own, c.new)
    return len(d.old_letters) - len(d.new_letters) > MAX_CUT


def shape(own: str, new: str) -> str:
    """The kind a change has by its shape alone."""
    if len(own) >= 2 and own != new and sorted(own) == sorted(new):
        return "transposition"
    d = difference(own, new)
    co, cn = d.old, d.new
    if not co:
        return "insertion"
    if not cn:
        return "deletion"
    return "substitution"


def decide(model: Model, c: Change) -> tuple[str, float, str] | None:
    """The model's verdict on a change: ``(kind, confidence, note)``, or ``None`` for no proposal.

    A change that cuts the target's text (:func:`cuts_text`), or that the rules call a different name
    (:data:`HARD_NOTES`), is a variant whatever the model says.
    ``variant`` when the change would probably undo an editor's choice (P(editorial) at or above the
    ``editorial`` bar); no proposal when it is neither (P(right) below the ``show`` bar: a witness's
    misreading); otherwise an OCR fix whose confidence is P(right), of the kind the rules give by
    shape (``noise`` and dropped lines keep their notes).
    """
    p_right, p_edit = model.scores(c)
    if cuts_text(c):
        return "variant", min(p_right, p_edit), c.rule_note or "words left out"
    if c.rule_kind == "variant" and c.rule_note in HARD_NOTES:
        return "variant", min(p_right, p_edit), c.rule_note
    if p_edit >= model.bars.get("editorial", 0.5):
        note = c.rule_note if c.rule_kind == "variant" and c.rule_note else "the model takes it for an editor's change"
        return "variant", p_right, note
    if p_right < model.bars.get("show", 0.0):
        return None
    if c.rule_kind in ("noise", "insertion", "transposition", "deletion", "substitution"):
        return c.rule_kind, p_right, c.rule_note
    return shape(c.own, c.new), p_right, ""


def change_fields(c: Change) -> dict:
    """A change's fields as plain JSON values (the training data keeps them, so features can be recomputed)."""
    return {k: v for k, v in asdict(c).items() if k != "extra"}
