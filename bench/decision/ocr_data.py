"""Labelled changes from real OCR of the training prose: ``bench.ocr``'s typesetting, degradation and engines.

Run from the repository root (after ``bash bench/ocr/setup.sh``)::

    python -m bench.decision.ocr_data --out /tmp/decision-ocr.jsonl [--slices 2] [--work /tmp/decision-ocr]

The benchmark's builder reads its articles from one text file; this script hands it, slice by slice,
paragraphs of the training split (``train`` slices) or of the validation split (one ``validation``
slice) of ``bench/data/train_zh.txt`` — never the held-out text or the seeds — and builds 5 witnesses
(tesseract and RapidOCR, plain, interleaved and cut pages) of 12 articles per slice.  The engine then
corrects the first k witnesses of each article (k = 2..5) with the hand-written rules, and every
candidate change it scores is labelled against the page's gold exactly as in
:mod:`bench.decision.dataset` (no editorial rewrites here: ``editorial`` is always false).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from bench.decision.dataset import judged_changes, split

#: Paragraphs of a split handed to the OCR builder per slice (it cuts at most 12 articles from them; the rest is the filler pool).
SLICE_PARAGRAPHS = 160


def build_slice(name: str, index: int, work: Path, cache: Path, n_articles: int = 12) -> Path:
    """Build the OCR witnesses of one slice of a split; returns its output folder."""
    import bench.ocr.corpus as ocr_corpus
    from bench.ocr import build as ocr_build

    paras = split(name)
    start = index * SLICE_PARAGRAPHS
    chunk = paras[start:start + SLICE_PARAGRAPHS]
    if len(chunk) < SLICE_PARAGRAPHS // 2:
        raise SystemExit(f"the {name} split has no slice {index}")
    text_file = work / f"{name}-{index}.txt"
    text_file.write_text("# training slice\n" + "\n".join(chunk) + "\n", encoding="utf-8")
    out = work / f"{name}-{index}"
    saved = ocr_corpus.HELDOUT
    ocr_corpus.HELDOUT = text_file  # the builder's "heldout" source, pointed at training text
    try:
        with open(work / f"{name}-{index}.log", "w") as log:
            ocr_build.build(min(n_articles, ocr_build.MAX_ARTICLES), 5, text="heldout", out=out, cache=cache, log=log)
    finally:
        ocr_corpus.HELDOUT = saved
    return out


def edit_spans(manifest: dict) -> dict[str, list[tuple[int, int]]]:
    """Per witness of an editions build, the places of its gold text where its paper's text differs from the other's.

    In the edited paper's witnesses an edit is ``b_start:b_end`` of the edition's text, in the agency's
    ``a_start:a_end`` of its own (an empty span is the point where the other paper has words); the
    article offsets are mapped to the witness's gold offsets through its ``article`` segments.
    """
    from bench.ocr.report import gold_span

    edits = {a["id"]: a.get("edition", {}).get("edits", []) for a in manifest.get("articles", [])}
    out: dict[str, list[tuple[int, int]]] = {}
    for w in manifest["witnesses"]:
        spans = []
        for edit in edits.get(w["article"], []):
            lo, hi = (edit["b_start"], edit["b_end"]) if w.get("edition") else (edit["a_start"], edit["a_end"])
            span = gold_span(w["segments"], lo, hi)
            if span is not None:
                spans.append(span)
        out[w["id"]] = spans
    return out


def touches_edit(text: str, gold: str, spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether the text range ``start:end`` of an OCR page touches one of its gold text's edit places."""
    if not spans:
        return False
    from bench.ocr.report import gold_to_hyp

    g2h = gold_to_hyp(gold, text)
    return any(start <= g2h[hi] and end >= g2h[lo] for lo, hi in spans)


def label_folder(name: str, folder: Path, ks: list[int]) -> list[dict]:
    """Label every change the rules score on the first k witnesses of each article of a ``bench.ocr`` build.

    ``editorial`` is true for a change that does not lower the page's errors and touches a place
    where its paper's text differs from the other paper's (an ``--editions`` build; false otherwise).
    """
    from corrector import decision
    from corrector.ingest import read_document

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    spans = edit_spans(manifest) if manifest.get("editions") else {}
    by_article: dict[str, list[str]] = {}
    for w in manifest["witnesses"]:
        by_article.setdefault(w["article"], []).append(w["id"])
    rows: list[dict] = []
    for _art, ids in sorted(by_article.items()):
        ids = sorted(ids, key=lambda i: int(i.rsplit("_w", 1)[1]))
        for k in ks:
            docs = [read_document(folder / "witnesses" / f"{i}.txt", f"{i}.txt") for i in ids[:k]]
            gold = {f"{i}.txt": (folder / "gold" / f"{i}.txt").read_text(encoding="utf-8") for i in ids[:k]}
            for c in judged_changes(docs, gold.__getitem__):
                doc_id = c.doc.id
                wid = doc_id.rsplit(".", 1)[0]
                editorial = c.outcome != "right" and touches_edit(c.doc.text, gold[doc_id], spans.get(wid, []), c.start, c.end)
                rows.append(
                    {
                        "split": name, "k": k, "seed": folder.name, "doc": f"{folder.name}/{doc_id}", "start": c.start,
                        "end": c.end, "old": c.old, "new": c.new, "outcome": c.outcome, "delta": c.delta,
                        "editorial": editorial, "rule_kind": c.change.rule_kind, "rule_note": c.change.rule_note,
                        "source": "ocr", "features": decision.features(c.change), "change": decision.change_fields(c.change),
                    }
                )
    return rows


def write_rows(rows: list[dict], part: Path) -> None:
    """One file written whole: a run that did not finish leaves nothing half-written."""
    tmp = part.with_suffix(part.suffix + ".part")
    with open(tmp, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    os.replace(tmp, part)


#: ``bench.ocr`` texts whose builds may be labelled: the tuning texts, never ``heldout``/``news-heldout``.
TUNING_TEXTS = ("train", "news")


def label_builds(builds: list[list[str]], out: Path, ks: list[int]) -> int:
    """Label existing ``bench.ocr`` builds (``--label SPLIT DIR``), one file per build: OUT-SPLIT-DIRNAME.jsonl."""
    n = 0
    for name, d in builds:
        folder = Path(d)
        if name not in ("train", "validation"):
            print(f"error: split {name!r} is neither train nor validation", file=sys.stderr)
            return 2
        try:
            text = json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("text")
        except (OSError, ValueError) as e:
            print(f"error: {folder} is no bench.ocr build ({e})", file=sys.stderr)
            return 2
        if text not in TUNING_TEXTS:
            print(f"error: {folder} is a build of {text!r} text; only {', '.join(TUNING_TEXTS)} may be trained on",
                  file=sys.stderr)
            return 2
        rows = label_folder(name, folder, ks)
        write_rows(rows, out.with_name(f"{out.stem}-{name}-{folder.name}{out.suffix}"))
        n += len(rows)
        print(f"{folder}: {len(rows)} changes ({sum(r['editorial'] for r in rows)} editorial)", file=sys.stderr, flush=True)
    print(f"{n} labelled changes written", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="JSON-lines file name: one file per slice, OUT-SPLIT-I.jsonl")
    ap.add_argument("--slices", type=int, default=2, help="train slices (one validation slice is added)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/corrector-decision-ocr"), help="pages, OCR and cache")
    ap.add_argument("--witnesses", type=int, nargs="+", default=[2, 3, 4, 5])
    ap.add_argument("--articles", type=int, nargs=2, default=[12, 12], metavar=("TRAIN", "VALIDATION"),
                    help="articles per train slice and in the validation slice (at most 12 each)")
    ap.add_argument("--label", nargs=2, action="append", metavar=("SPLIT", "DIR"), default=[],
                    help="label an existing bench.ocr build of tuning text (train or validation rows; "
                         "repeatable) instead of building slices; never a held-out build")
    args = ap.parse_args(argv)
    if args.label:
        return label_builds(args.label, args.out, args.witnesses)
    args.work.mkdir(parents=True, exist_ok=True)
    cache = args.work / "cache"
    t0 = time.perf_counter()
    n = 0
    plan = [("train", i) for i in range(args.slices)] + [("validation", 0)]
    for name, i in plan:
        folder = build_slice(name, i, args.work, cache, args.articles[name == "validation"])
        got = label_folder(name, folder, args.witnesses)
        # one file per slice
        part = args.out.with_name(f"{args.out.stem}-{name}-{i}{args.out.suffix}")
        write_rows(got, part)
        n += len(got)
        print(f"{name} slice {i}: {len(got)} changes in {part} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
    print(f"{n} labelled changes written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
