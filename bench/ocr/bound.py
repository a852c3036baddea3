"""How far the dictionary and the page's own n-grams can take the single-witness flags: a bound.

``python -m bench.ocr.bound --text news [--part P] [--cache DIR] [--top N] [--gold]`` builds (or
reuses) the single-printing witnesses as :mod:`bench.ocr.missed` does and, on each page alone (its
corpus counts its own), asks two questions of its non-punctuation errors:

1. *Visible*: a single Han character substituted, dropped or added where the gold character lies in
   a dictionary word of the gold text and the OCR's character (for a dropped one: a neighbour) in
   none of the OCR text.  Only there can a detector that looks for characters outside every word
   (:mod:`corrector.suspects.broken_word`) find the error at all.
2. *Ranked*: at every place the broken-word detector weighs (:func:`.broken_word.place`, its
   recurring test applied), every one-edit reading that makes a dictionary word there: the
   character replaced by one of any shape (the detector asks look-alikes only), removed, or a
   character put in just before or after it, making a word of two to four characters with its
   neighbours; all ranked together by the dictionary's gain
   (:meth:`corrector.suspects.evidence.Evidence.dict_gain`), and the rank of the first one that
   lowers the page's character errors (a fix found at two neighbouring places counted once).  A
   detector that knew which of the first N to take would fix at most the "right within N" errors;
   taking the first where it clears the bar the detector sets for its faintest look-alikes and for
   added and dropped characters (:data:`SHAPE_BLIND_BAR`, :data:`~.broken_word.MARGIN` over the
   second) is a shape-blind flag, whose precision the last rows give.  ``--gold``: the same flags on
   the gold pages (every one a false alarm).

Counting unit: non-punctuation error characters, as :mod:`bench.ocr.single`'s coverage counts them.
Measured on every text, tuned on none (it changes nothing in the engine).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz.distance import Levenshtein

from corrector.evaluate import normalise
from corrector.ingest import make_key
from corrector.language import CorpusCounts, Dictionary
from corrector.suspects import begin_suspects, broken_word
from corrector.suspects.evidence import context, han_mask, single_char_words
from corrector.suspects.lexicon import MAX_WORD, Lexicon

from .report import NORM, load
from .single import PUNCT_CLASSES, build_single, errors, single_arguments
from .vote import classify, error_events

#: Candidates ranked per place (the ``--top`` default): past the twentieth, no ranking by the
#: dictionary is a detector's.
TOP = 20
#: The shape-blind flag's bar (nats): the broken-word detector's bar for a substitution between
#: faint look-alikes (:data:`~.broken_word.MIN_GAIN` plus :data:`~.broken_word.LOW_LIKENESS_EXTRA`),
#: the strictest it sets for any substitution, and its bar for a character added or dropped.
SHAPE_BLIND_BAR = broken_word.MIN_GAIN["substitution"] + broken_word.LOW_LIKENESS_EXTRA


def _cps(s: str) -> np.ndarray:
    return np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)


def _han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf"


@dataclass
class Bound:
    pages: int = 0
    errors: int = 0
    visible: Counter = field(default_factory=Counter)  # kind -> single Han events the dictionary can see
    single: Counter = field(default_factory=Counter)  # kind -> single Han events
    places: int = 0
    ranks: Counter = field(default_factory=Counter)  # rank of the first right candidate (None: none in the top)
    flags: Counter = field(default_factory=Counter)  # right / wrong / neutral of the shape-blind flags


def visible(gold: str, hyp: str, lexicon: Lexicon, out: Bound) -> None:
    """Count the page's non-punctuation errors and its single Han edits the dictionary can see."""
    g, h = normalise(gold, **NORM), normalise(hyp, **NORM)
    in_gold, in_hyp = lexicon.covered(_cps(g)), lexicon.covered(_cps(h))
    at = np.zeros(len(g) + 1, dtype=np.int64)  # gold position -> OCR position
    for op in Levenshtein.opcodes(g, h):
        n = op.src_end - op.src_start
        same = op.tag in ("equal", "replace")
        at[op.src_start:op.src_end] = op.dest_start + (np.arange(n) if same else 0)
    at[len(g)] = len(h)
    for ev in error_events(g, h):
        if classify(ev.gold, ev.hyp) in PUNCT_CLASSES:
            continue
        out.errors += max(len(ev.gold), len(ev.hyp))
        if len(ev.gold) > 1 or len(ev.hyp) > 1 or not all(map(_han, ev.gold + ev.hyp)):
            continue
        kind = "substituted" if ev.gold and ev.hyp else "dropped" if ev.gold else "added"
        out.single[kind] += 1
        j = int(at[ev.pos])
        near = [x for x in ((j - 1, j) if kind == "dropped" else (j,)) if 0 <= x < len(h)]
        if (not ev.gold or in_gold[ev.pos]) and any(not in_hyp[x] for x in near):
            out.visible[kind] += 1


def ranked(doc: str, text: str, gold: str | None, dictionary: Dictionary, top: int, out: Bound) -> None:
    """Rank every word-making candidate at the broken-word detector's places (see the module doc);
    ``gold`` None: a gold page, where every shape-blind flag is a false alarm."""
    key = make_key(text)
    begun = begin_suspects(text, dictionary, CorpusCounts([key.text]), doc=doc, corpus_chars=frozenset(key.text),
                           key=key, placed_only=True)
    t, ev, lexicon = begun.text, begun.evidence, begun.lexicon
    k, commons = t.k, single_char_words()
    weighed = broken_word.suspects(t, lexicon)
    if weighed:  # the place's filters as broken_word.place applies them (the candidate screen aside)
        printed = np.sort(t.cps)
        mine = t.cps[np.asarray(weighed, dtype=np.int64)]
        often = (np.searchsorted(printed, mine, "right") - np.searchsorted(printed, mine, "left")
                 >= broken_word.TOPIC_REPEATS).tolist()
        named = t.names(lexicon)[weighed].tolist()
        weighed = [i for i, o, n in zip(weighed, often, named) if not n and (not o or k[i] in commons)]
    recurs = broken_word.recurring(t, ev, weighed)
    han = han_mask(t.cps).tolist()
    before = errors(gold, text) if gold is not None else 0
    run = broken_word._han_run
    found: set[tuple[int, int, str]] = set()  # the right edits counted
    for i in weighed:
        if recurs[i]:
            continue
        ch = k[i]
        prev = k[i - 1] if i > 0 and han[i - 1] else ""
        nxt = k[i + 1] if i + 1 < len(k) and han[i + 1] else ""
        before_i, after_i = run(k, han, i, False, MAX_WORD - 1), run(k, han, i + 1, True, MAX_WORD - 1)
        # (key start, key end, candidate characters): the character replaced, removed, or one put in
        # before or after it, each making a word of two to four characters there
        edits = [(i, i + 1, (set(lexicon.after_set(prev)) if prev else set()) | (lexicon.before_set(nxt) if nxt else set())
                  | (set(lexicon.fill(before_i, after_i)) if ch not in commons else set())),
                 (i, i + 1, {""}),
                 (i, i, set(lexicon.fill(before_i, ch + after_i)) | (lexicon.after_set(prev) if prev else set())
                  | lexicon.before_set(ch)),
                 (i + 1, i + 1, set(lexicon.fill(before_i + ch, after_i)) | lexicon.after_set(ch)
                  | (lexicon.before_set(nxt) if nxt else set()))]
        scored = []
        for a, b_, xs in edits:
            left, right = context(k, a, b_)
            old = k[a:b_]
            scored += [(ev.dict_gain(left, old, x, right), a, b_, x) for x in xs if x != old]
        if len(scored) <= 1:  # the removal alone: no word-making candidate
            continue
        out.places += 1
        scored.sort(reverse=True)
        best, second = scored[0][0], scored[1][0]
        flagged = best >= SHAPE_BLIND_BAR and best - second >= broken_word.MARGIN
        if gold is None:
            out.flags["false alarm"] += flagged
            continue
        rank = None
        for r, (_, a, b_, x) in enumerate(scored[:top]):
            s, e = t.span(a, b_)
            if errors(gold, text[:s] + x + text[e:]) < before:
                rank = r
                break
        if rank is not None:
            if scored[rank][1:] in found:  # the gap between two places weighed: counted at the first
                continue
            found.add(scored[rank][1:])
        out.ranks[rank] += 1
        if flagged:
            s, e = t.span(scored[0][1], scored[0][2])
            after = errors(gold, text[:s] + scored[0][3] + text[e:])
            out.flags["right" if after < before else "wrong" if after > before else "neutral"] += 1


def table(name: str, b: Bound, gold: Bound | None, top: int) -> str:
    pct = lambda n: f"{100 * n / max(1, b.errors):.1f} %"  # noqa: E731
    within = lambda n: sum(v for r, v in b.ranks.items() if r is not None and r < n)  # noqa: E731
    vis = sum(b.visible.values())
    rows = [f"### {name}: {b.pages} pages alone, {b.errors} non-punctuation error characters", "",
            "| question | count | share of the errors |", "|---|---|---|"]
    for kind in ("substituted", "dropped", "added"):
        rows.append(f"| single Han character {kind}, visible to the dictionary | {b.visible[kind]} of {b.single[kind]} | "
                    f"{pct(b.visible[kind])} |")
    rows.append(f"| all visible | {vis} | {pct(vis)} |")
    rows.append(f"| places weighed (a word-making one-edit reading of any shape) | {b.places} | |")
    for n in (1, 5, top):
        rows.append(f"| a right reading ranked first{'' if n == 1 else f' to {n}th'} by the dictionary | {within(n)} | {pct(within(n))} |")
    f = b.flags
    n_flags = f["right"] + f["wrong"] + f["neutral"]
    rows.append(f"| shape-blind flags (gain ≥ {SHAPE_BLIND_BAR:g} nats, margin {broken_word.MARGIN:g}): right / wrong / neutral | "
                f"{f['right']} / {f['wrong']} / {f['neutral']} ({100 * f['right'] / max(1, n_flags):.0f} % right) | {pct(f['right'])} |")
    if gold is not None:
        rows.append(f"| the same flags on the gold pages (false alarms) | {gold.flags['false alarm']} | |")
    return "\n".join(rows) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.ocr.bound", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    single_arguments(ap)
    ap.add_argument("--top", type=int, default=TOP, help=f"candidates ranked per place (default {TOP})")
    ap.add_argument("--gold", action="store_true", help="run the shape-blind flags on the gold pages too")
    args = ap.parse_args(argv)
    if args.top < 1:
        ap.error("--top must be at least 1")
    out = build_single(args.text, args.part, args.articles, args.cache)
    _, by_article = load(out)
    dictionary = Dictionary.load()
    lexicon = Lexicon.shared(dictionary)
    b, g = Bound(), Bound() if args.gold else None
    for ws in by_article.values():
        for w in ws:
            b.pages += 1
            visible(w.gold, w.text, lexicon, b)
            ranked(w.id, w.text, w.gold, dictionary, args.top, b)
            if g is not None:
                ranked(w.id + ":gold", w.gold, None, dictionary, args.top, g)
    print(table(out.name, b, g, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
