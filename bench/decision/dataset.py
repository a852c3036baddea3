"""Labelled changes for the decision model, generated from the training prose (never the held-out text or the seeds).

Run from the repository root::

    python -m bench.decision.dataset --out /tmp/decision-data.jsonl [--runs 6] [--articles 12]

Each run prints 2 to 5 papers of articles from ``bench/data/train_zh.txt`` with ``bench/noise.py``
(OCR noise at a witness CER drawn per paper, one paper's editorial rewrites, layout effects and
interleaved unrelated columns, as ``bench/accuracy.py`` builds its pages), runs the engine with the
hand-written rules (``decision="rules"``), and records every candidate change the engine
scores (every proposal, variants included, and the hunks where the paper's own reading won over a
rival with more votes).  Each change is labelled against the gold text of its page:

- ``outcome``: ``right`` / ``wrong`` / ``neutral`` — applied alone, it lowers / raises / keeps the
  page's character errors (as ``corrector eval`` counts them);
- ``editorial``: it touches an editorial rewrite made by this very paper.

The training text is split by blocks of paragraphs into ``train`` (4 blocks in 5) and ``validation``
(the fifth), so the two splits never share an article.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from bench.common import changed_range, error_outcome, write_text
from bench.corpus import DATA, articles
from bench.noise import Generator, Layout, touched

if TYPE_CHECKING:
    from corrector.model import Document

#: Paragraphs per block when splitting the training text into train and validation.
SPLIT_BLOCK = 40
#: Every SPLIT_EVERY-th block is validation.
SPLIT_EVERY = 5


@lru_cache(maxsize=None)
def train_paragraphs() -> tuple[str, ...]:
    lines = (DATA / "train_zh.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def split(name: str) -> list[str]:
    """The paragraphs of one split of the training text (``train`` or ``validation``)."""
    paras = train_paragraphs()
    want = SPLIT_EVERY - 1 if name == "validation" else None
    out = []
    for i, p in enumerate(paras):
        block = (i // SPLIT_BLOCK) % SPLIT_EVERY
        if (block == want) if want is not None else (block != SPLIT_EVERY - 1):
            out.append(p)
    return out


def build(folder: Path, k: int, arts: list[list[str]], filler: list[str], seed: int, cer: tuple[float, float]):
    """Pages and gold as ``bench.accuracy.build`` writes them; returns ``{name: (gold, own rewrite spans)}``."""
    gen = Generator(seed * 100 + k)
    layout = Layout(protect_filler=True)
    pages: dict[str, tuple[str, dict]] = {}
    per = max(1, len(filler) // len(arts))
    for j, paras in enumerate(arts):
        own = filler[j * per:(j + 1) * per]
        art = gen.article(paras, k, cer=cer, rewrites=2, layout=layout, filler=own)
        for w in art.witnesses:
            name = f"a{j:02d}_w{w.index}.txt"
            write_text(folder / name, w.noisy)
            spans = {r.id: w.spans[r.id] for r in art.rewrites if r.id in w.spans and r.witness == w.index}
            pages[name] = (w.truth, spans)
    return pages


class JudgedChange(NamedTuple):
    """A candidate change the engine scored, applied alone to its page and judged against the page's gold."""

    doc: Document
    start: int
    end: int
    old: str
    new: str
    change: Any  # corrector.decision's record of the change (features, rule kind and note)
    #: ``right`` / ``wrong`` / ``neutral``: the page's character errors fall / rise / stay.
    outcome: str
    #: Character errors after the change minus before.
    delta: int


def judged_changes(docs: list[Document], gold: Callable[[str], str]) -> list[JudgedChange]:
    """Every candidate change the hand-written rules score on ``docs`` (as recorded by ``corrector.decision``),
    each applied alone to its page and judged against ``gold(doc_id)`` as ``corrector eval`` counts errors."""
    from corrector import decision
    from corrector.evaluate import cer as char_errors
    from corrector.pipeline import propose

    decision.RECORDER = []
    try:
        propose(docs, decision="rules")  # the training data is always made with the rules
        records = decision.RECORDER
    finally:
        decision.RECORDER = None
    by_id = {d.id: d for d in docs}
    before: dict[str, int] = {}
    out = []
    for doc_id, start, end, old, new, change in records:
        doc = by_id[doc_id]
        if doc_id not in before:
            before[doc_id] = char_errors(gold(doc_id), doc.text).errors
        after = char_errors(gold(doc_id), doc.text[:start] + new + doc.text[end:]).errors
        out.append(JudgedChange(doc, start, end, old, new, change, error_outcome(before[doc_id], after), after - before[doc_id]))
    return out


def label_run(split_name: str, k: int, seed: int, n_articles: int, size: int, cer: tuple[float, float]) -> list[dict]:
    """Generate one run's pages, run the engine, and label every candidate change it records."""
    from corrector import decision
    from corrector.ingest import load

    paras = split(split_name)
    blocks = articles(paras, None, size, seed=seed)
    arts = blocks[:n_articles]
    filler = [p for b in blocks[n_articles:] for p in b]
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="corrector-decision-") as tmp:
        folder = Path(tmp)
        pages = build(folder, k, arts, filler, seed, cer)
        docs = load([folder])
        for c in judged_changes(docs, lambda doc_id: pages[Path(doc_id).name][0]):
            doc_id, start, end, old, new = c.doc.id, c.start, c.end, c.old, c.new
            spans = pages[Path(doc_id).name][1]
            cs, ce = changed_range({"start": start, "end": end, "old": old, "new": new})
            editorial = bool(spans and touched(spans, [(cs, ce)]))
            feats = decision.features(c.change)
            rows.append(
                {
                    "split": split_name, "k": k, "seed": seed, "doc": doc_id, "start": start, "end": end,
                    "old": old, "new": new, "outcome": c.outcome, "delta": c.delta,
                    "editorial": editorial, "rule_kind": c.change.rule_kind, "rule_note": c.change.rule_note,
                    "features": feats, "change": decision.change_fields(c.change),
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="JSON-lines file to write")
    ap.add_argument("--runs", type=int, default=6, help="runs per split and number of printings (default %(default)s)")
    ap.add_argument("--witnesses", type=int, nargs="+", default=[2, 3, 4, 5])
    ap.add_argument("--articles", type=int, default=12)
    ap.add_argument("--size", type=int, default=1500)
    ap.add_argument("--validation-share", type=float, default=0.5,
                    help="runs of the validation split per run of train (default %(default)s)")
    args = ap.parse_args(argv)
    if args.out.parent and not args.out.parent.is_dir():
        print(f"error: no folder {args.out.parent}", file=sys.stderr)
        return 2
    tmp = args.out.with_suffix(args.out.suffix + ".part")
    n = 0
    t0 = time.perf_counter()
    with open(tmp, "w", encoding="utf-8") as fh:
        plan = []
        for r in range(args.runs):
            for k in args.witnesses:
                plan.append(("train", k, 1000 + r))
                if r < max(1, round(args.runs * args.validation_share)):
                    plan.append(("validation", k, 2000 + r))
        for i, (name, k, seed) in enumerate(plan):
            # witness CER range drawn per run: mostly the accuracy bench's 1-3 %, sometimes cleaner or worse
            cer = [(0.01, 0.03), (0.005, 0.015), (0.02, 0.05)][seed % 3]
            rows = label_run(name, k, seed, args.articles, args.size, cer)
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += len(rows)
            print(f"[{i + 1}/{len(plan)}] {name} k={k} seed={seed}: {len(rows)} changes "
                  f"({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
    os.replace(tmp, args.out)
    print(f"{n} labelled changes written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
