"""The non-punctuation errors of single printings that no suspicion flag removes, by class.

``python -m bench.ocr.missed --text train --part 0 --cache /work/ocr-cache``: builds (or reuses) the
``bench.ocr`` witnesses of that text as :mod:`bench.ocr.single` does, runs every detector on each
witness alone, applies the flags and lists the error events (against the witness's gold text,
normalised as the CER) that remain, in finer classes than ``bench.ocr``'s (a look-alike pair the
shape table rates alike or not, a Latin letter inside a Latin word, adjacent errors as one garbled
run ...), with counts and examples.  Tune only on ``train`` and ``news``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict

from corrector import glyphs
from corrector.evaluate import normalise
from corrector.ingest import make_key
from corrector.language import CorpusCounts, Dictionary
from corrector.suspects import find_suspects
from corrector.suspects.broken_word import LOOKALIKE

from .report import NORM, load
from .single import PUNCT_CLASSES, build_single, single_arguments
from .vote import classify, error_events

#: Examples kept per class.
EXAMPLES = 12
#: Characters of context either side of an example.
REACH = 4


def _is_han(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff"


def fine_class(gold: str, hyp: str) -> str:
    """A finer class of one run of adjacent non-punctuation errors (gold and hypothesis strings)."""
    ascii_g = any(c.isascii() and c.isalnum() for c in gold)
    ascii_h = any(c.isascii() and c.isalnum() for c in hyp)
    if len(gold) >= 2 or len(hyp) >= 2:
        kind = "garbled run" if gold and hyp else "run dropped" if gold else "run inserted"
        if ascii_g and not any(_is_han(c) for c in gold):
            kind += " in Latin/digits"
        elif ascii_h:
            kind += " (Han read as Latin/digits)"
        return kind
    if ascii_g and ascii_h:
        if gold.isdigit() or hyp.isdigit():
            return "Latin/digit: letter for digit or back"
        return "Latin/digit: letter for letter"
    if ascii_g:
        return "Latin/digit: dropped or read as non-Latin"
    if ascii_h:
        return "Latin/digit: inserted or Han read as Latin"
    if gold and hyp and all(map(_is_han, gold + hyp)):
        if len(gold) == 1 and len(hyp) == 1:
            alike = glyphs.similarity(gold, hyp) >= LOOKALIKE
            return "Han substituted, shape table rates alike" if alike else "Han substituted, shape table rates unlike"
        return "Han substituted (other lengths)"
    if gold and not hyp and all(map(_is_han, gold)):
        return "Han dropped"
    if hyp and not gold and all(map(_is_han, hyp)):
        return "Han inserted"
    return "other (Han for mark, mark for Han, symbols)"


def runs(gold: str, hyp: str) -> list[tuple[int, str, str]]:
    """The non-punctuation error events of ``hyp`` against ``gold``, adjacent ones joined: ``(gold
    position, gold, hyp)``."""
    evs = [e for e in error_events(gold, hyp) if classify(e.gold, e.hyp) not in PUNCT_CLASSES]
    out: list[tuple[int, str, str]] = []
    for e in evs:
        if out and out[-1][0] + len(out[-1][1]) == e.pos:
            p, g, h = out[-1]
            out[-1] = (p, g + e.gold, h + e.hyp)
            continue
        out.append((e.pos, e.gold, e.hyp))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.ocr.missed", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    single_arguments(ap)
    ap.add_argument("--examples", type=int, default=EXAMPLES)
    args = ap.parse_args(argv)
    out = build_single(args.text, args.part, args.articles, args.cache)
    _, by_article = load(out)
    dictionary = Dictionary.load()
    count: Counter = Counter()
    chars: Counter = Counter()
    fixed: Counter = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for ws in by_article.values():
        for w in ws:
            key = make_key(w.text).text
            flags = find_suspects(w.text, dictionary, CorpusCounts([key]), doc=w.id, corpus_chars=frozenset(key))
            t = w.text
            for p in sorted(flags, key=lambda p: -p.start):
                t = t[:p.start] + p.new + t[p.end:]
            g = normalise(w.gold, **NORM)
            before = runs(g, normalise(w.text, **NORM))
            after = set(runs(g, normalise(t, **NORM)))
            for pos, gold, hyp in before:
                c = fine_class(gold, hyp)
                n = max(len(gold), len(hyp))
                if (pos, gold, hyp) not in after:
                    fixed[c] += n
                    continue
                count[c] += 1
                chars[c] += n
                if len(examples[c]) < args.examples:
                    examples[c].append(f"{g[max(0, pos - REACH):pos]}[{gold}→{hyp}]{g[pos + len(gold):pos + len(gold) + REACH]}"
                                       .replace("\n", "⏎") + f" ({w.engine})")
    total = sum(chars.values()) + sum(fixed.values())
    print(f"### Missed non-punctuation errors: {out.name} ({total} error characters, "
          f"{sum(fixed.values())} in runs the flags change)\n")
    print("| class | runs missed | error characters missed | share of all |\n|---|---|---|---|")
    for c, n in chars.most_common():
        print(f"| {c} | {count[c]} | {n} | {100 * n / max(1, total):.1f} % |")
    print()
    for c, _ in chars.most_common():
        print(f"- {c}: " + ", ".join(examples[c]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
