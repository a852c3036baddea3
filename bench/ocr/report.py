"""Score the OCR witnesses: each witness, best single, majority vote, oracle and ``corrector auto``."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from corrector.evaluate import CER, Changes, cer, compare, describe_normalisation, normalise

from . import vote
from ..common import (
    RELIABILITY_MIN, RELIABILITY_TOLERANCE, confidence_outcomes, error_outcome, plot_reliability, reliability, share_interval,
)

#: Witnesses typeset from the edited reprint in an ``--editions`` build (as in :mod:`bench.ocr.build`,
#: which needs Pillow; this module does not).
EDITION_WITNESSES = (1, 2)

#: The build's output folder (as in :mod:`bench.ocr.build`, which needs Pillow; this module does not).
OUT = Path(__file__).resolve().parent / "out"

#: Normalisation of the main CER (the project's default): whitespace dropped, widths and quotes folded.
NORM = {"whitespace": True, "width": True}
#: Normalisation for error classes: whitespace dropped, widths kept (so ASCII-for-full-width shows).
STRICT = {"whitespace": True, "width": False}

METHODS = ("witness", "majority", "auto", "oracle")

#: Rules that could catch errors every witness shares (voting cannot), per error class.
RULES = {
    "dash read as 一 or -": "一/－/- standing for a dash: 一一 or -- between Chinese characters, or a run of "
    "一 after a Chinese character and before “ or a clause, is ——; 一 alone at a clause start before a "
    "name (as in ——习近平) is — too.",
    "ASCII/half-width mark for full-width": "ASCII , . ; : ? ! ( ) between two Chinese characters (or a Chinese "
    "character and a full-width mark) is the full-width mark; straight quotes in Chinese text are “ ”, paired.",
    "punctuation confused": "pairing and position: “ must be closed by ” (and （ by ）) in the same paragraph; a "
    "paragraph ends with 。！？ or a closing mark; 。 does not stand between a verb and its object; · only "
    "between foreign names; ， read as 、 between single words of a list is usual OCR confusion.",
    "punctuation dropped": "a paragraph must end with a sentence mark; a closing ” without an opening “ "
    "(or the reverse) marks a dropped quote; a run of more than ~60 Chinese characters with no mark is suspect.",
    "punctuation inserted": "a mark at a line start, two marks in a row (，，), or a mark inside a dictionary word is "
    "suspect.",
    "look-alike character": "language evidence: a reading that breaks a dictionary word or idiom (jieba dict "
    "segmentation score) against a look-alike (char-similar table) that makes one.",
    "character dropped": "hard from one text; a dictionary word broken across the gap, or a fixed phrase with "
    "a missing character, is the only cue.",
    "character inserted": "a character doubled (抓抓) or a stray character that breaks a word; dictionary evidence.",
    "run of characters dropped": "a line the OCR lost: a sentence that stops mid-word; only another witness "
    "can restore it (the gap is as long as a column line).",
    "run of characters inserted": "",
    "digit or Latin letter": "digits in Chinese text: l or I for 1, O for 0, S for 5; a digit run broken by a "
    "Chinese character (2O23年); units and dates (年 月 日) after digits.",
    "other": "",
}


# --------------------------------------------------------------------------- helpers


def norm_segments(gold: str, segments: list[dict], opts: dict) -> tuple[str, list[tuple[int, int, str, int | None]]]:
    """The normalised gold and its segments in normalised offsets: (start, end, kind, art_start)."""
    prefix = [0]
    parts = []
    for ch in gold:
        n = normalise(ch, **opts)
        parts.append(n)
        prefix.append(prefix[-1] + len(n))
    g = "".join(parts)
    if g != normalise(gold, **opts):  # normalisation that is not character by character (NFC)
        raise ValueError("normalisation is not per character for this gold text")
    return g, [(prefix[s["start"]], prefix[s["end"]], s["kind"], s["art_start"]) for s in segments]


def gold_to_hyp(gold: str, hyp: str) -> list[int]:
    """For each gold offset 0..len(gold), the hyp offset aligned with it (insertions go left)."""
    from rapidfuzz.distance import Levenshtein

    m = [0] * (len(gold) + 1)
    for op in Levenshtein.opcodes(gold, hyp):
        for k in range(op.src_end - op.src_start):
            m[op.src_start + k] = op.dest_start + (k if op.tag in ("equal", "replace") else 0)
    m[len(gold)] = len(hyp)
    return m


def article_cer(gold_n: str, segs_n, hyp_n: str) -> CER:
    """CER over the article's own text only (filler columns and jump lines left out).

    The normalised hypothesis is cut at the hyp offsets aligned with the segment boundaries, and each
    article piece is scored with :func:`corrector.evaluate.cer`.
    """
    m = gold_to_hyp(gold_n, hyp_n)
    total = CER(0, 0)
    for s, e, kind, _ in segs_n:
        if kind == "article":
            total = total + cer(gold_n[s:e], hyp_n[m[s] : m[e]], **NORM)
    return total


def run_auto(files: list[Path], workdir: Path, options: tuple[str, ...] = ()) -> tuple[dict[str, str], dict, float]:
    """Run ``corrector auto`` (default confidence, and ``options``) on ``files``; returns (outputs by name, report, seconds).

    When ``corrector auto`` fails, the outputs are the inputs unchanged and the report holds ``error``
    (the benchmark goes on and counts the failure).
    """
    inp, out = workdir / "in", workdir / "out"
    shutil.rmtree(workdir, ignore_errors=True)
    inp.mkdir(parents=True)
    for f in files:
        shutil.copy(f, inp / f.name)
    exe = shutil.which("corrector", path=str(Path(sys.executable).parent)) or shutil.which("corrector")
    cmd = [exe] if exe else [sys.executable, "-c", "import sys; from corrector.cli import main; sys.exit(main())"]
    t = time.perf_counter()
    proc = subprocess.run(cmd + ["auto", str(inp), "--out", str(out), "--quiet", *options], capture_output=True, text=True)
    dt = time.perf_counter() - t
    if proc.returncode:
        error = f"exit {proc.returncode}: {proc.stderr.strip()[-500:]}"
        return {f.name: f.read_text(encoding="utf-8") for f in files}, {"error": error, "applied": [], "skipped": []}, dt
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {f.name: (out / f.name).read_text(encoding="utf-8") for f in files}, report, dt


_ASCII_MARKS = set(",.;:?!()\"'<>[]")


def judge_proposals(applied: list[dict], originals: dict[str, str], golds: dict[str, str]) -> Counter:
    """Each applied proposal alone on its witness, scored like the CER (widths folded).

    ``right`` if it lowers that witness's errors, ``wrong`` if it raises them, ``neutral`` otherwise
    (one wrong reading for another).  ``ascii`` counts proposals that write an ASCII mark or straight
    quote (the CER folds these, but a full-width text then carries a half-width mark).
    """
    out: Counter = Counter()
    for p in applied:
        doc = p["doc"]
        orig = originals[doc]
        fixed = orig[: p["start"]] + p["new"] + orig[p["end"] :]
        before, after = cer(golds[doc], orig, **NORM).errors, cer(golds[doc], fixed, **NORM).errors
        out[error_outcome(before, after)] += 1
        if any(c in _ASCII_MARKS for c in p["new"]):
            out["ascii"] += 1
    return out


@dataclass
class Witness:
    id: str
    article: str
    layout: str
    engine: str
    font: str
    text: str
    gold: str
    segments: list[dict]
    edition: int = 0  # 0: the agency's text; 1: the second paper's edited reprint (--editions)

    @property
    def complete(self) -> bool:
        return self.layout != "cut"


def edited_once(ws: list[Witness]) -> list[Witness]:
    """``ws`` (in witness order) with the edited paper's printings after its first moved to the end.

    An ``--editions`` build prints the edited reprint twice (witnesses 1 and 2), so at k = 3 and 4
    its edits stand two against one or two: a paper printed twice.  Most papers in an archive are
    printed once, and then an edit is one printing against all the others, the shape of an OCR
    error the others outvote.  In this order the first 3 and 4 witnesses hold one edited printing
    against 2 and 3 of the agency's (k = 5 is the build's own five).
    """
    first = next((w for w in ws if w.edition), None)
    return [w for w in ws if not w.edition or w is first] + [w for w in ws if w.edition and w is not first]


def load(out: Path, once: bool = False) -> tuple[dict, dict[str, list[Witness]]]:
    """The build's manifest and its witnesses by article, in witness order (``once``: :func:`edited_once`'s)."""
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise SystemExit(f"error: {out} holds no benchmark build (its manifest.json: {e.__class__.__name__})") from None
    by_article: dict[str, list[Witness]] = defaultdict(list)
    for w in manifest["witnesses"]:
        spec = w["spec"]
        by_article[w["article"]].append(Witness(
            w["id"], w["article"], spec["layout"], spec["engine"], spec["font"],
            (out / "witnesses" / f"{w['id']}.txt").read_text(encoding="utf-8"),
            (out / "gold" / f"{w['id']}.txt").read_text(encoding="utf-8"),
            w["segments"],
            w.get("edition", 0),
        ))
    for ws in by_article.values():
        ws.sort(key=lambda w: int(w.id.rsplit("_w", 1)[1]))
    if once:
        return manifest, {a: edited_once(ws) for a, ws in by_article.items()}
    return manifest, dict(by_article)


# --------------------------------------------------------------------------- editions

#: The two papers of an ``--editions`` build: the agency's text (witness edition 0) and the second
#: paper's edited reprint (edition 1).
PAPERS = ("agency", "edited")
#: Characters of unedited text on each side that must survive with an edit (a cut sentence is a
#: point: its neighbours must stay neighbours).
EDIT_CONTEXT = 2


@dataclass
class PaperStats:
    """One paper's witnesses in an editions run: CER by method, judged proposals, edits."""

    witnesses: int = 0
    cer: dict = None  # method -> CER
    proposals: Counter = None
    edits: dict = None  # kind -> list of {"ocr": bool, "auto": bool, "majority": bool}

    def __post_init__(self) -> None:
        self.cer = {m: CER(0, 0) for m in ("witness", "majority", "auto")}
        self.proposals = Counter()
        self.edits = defaultdict(list)
        self.lost = []  # edit places intact in the OCR that auto changed: {"witness", "kind", ...}

    def to_json(self) -> dict:
        places = [e for es in self.edits.values() for e in es]
        intact = [e for e in places if e["ocr"]]
        return {
            "witnesses": self.witnesses,
            "cer": {m: c.to_json() for m, c in self.cer.items()},
            "proposals": dict(self.proposals),
            "edit_places": len(places),
            "intact_in_ocr": len(intact),
            "kept_by_auto": sum(e["auto"] for e in intact),
            "kept_by_majority": sum(e["majority"] for e in intact),
            "lost_by_auto": self.lost,
            "by_kind": {k: {"places": len(es), "intact": sum(e["ocr"] for e in es),
                            "auto": sum(e["ocr"] and e["auto"] for e in es),
                            "majority": sum(e["ocr"] and e["majority"] for e in es)}
                        for k, es in sorted(self.edits.items())},
        }


def gold_span(segments: list[dict], lo: int, hi: int) -> tuple[int, int] | None:
    """The article offsets ``lo:hi`` as offsets of a page's gold text, through its ``article`` segments;
    ``None`` when no one segment holds them (a page cut short, a column boundary inside)."""
    for seg in segments:
        if seg["kind"] != "article":
            continue
        a0 = seg["art_start"]
        if a0 <= lo and hi <= a0 + seg["end"] - seg["start"]:
            return seg["start"] + lo - a0, seg["start"] + hi - a0
    return None


def edit_survival(w: Witness, edit: dict, gold_n: str, hyps: dict[str, str]) -> dict | None:
    """Whether one edit place reads as its paper printed it: in the OCR, after auto, after the majority vote.

    In the edited paper's witnesses the place is the edit (``b_start:b_end`` of the edition's text); in
    the agency's, its own text there (``a_start:a_end``): neither paper should take the other's
    reading.  :data:`EDIT_CONTEXT` characters on each side are part of the place.  ``None`` when the
    page does not print the place (a page cut short, a column boundary inside it).
    """
    lo, hi = (edit["b_start"], edit["b_end"]) if w.edition else (edit["a_start"], edit["a_end"])
    span = gold_span(w.segments, lo - EDIT_CONTEXT, hi + EDIT_CONTEXT)
    if span is None:
        return None
    g0, g1 = span
    prefix = [0]
    for ch in w.gold[:g1]:
        prefix.append(prefix[-1] + len(normalise(ch, **NORM)))
    n0, n1 = prefix[g0], prefix[g1]
    out = {}
    for m in ("witness", "auto", "majority"):
        h = hyps[m]
        g2h = gold_to_hyp(gold_n, h)
        out["ocr" if m == "witness" else m] = h[g2h[n0]:g2h[n1]] == gold_n[n0:n1]
    return out


# --------------------------------------------------------------------------- evaluation


def evaluate_k(by_article: dict[str, list[Witness]], k: int, work: Path, log=sys.stderr,
               edits: dict[str, list[dict]] | None = None, options: tuple[str, ...] = ()) -> dict:
    """All methods on the first ``k`` witnesses of every article (``options``: more options for ``corrector auto``).

    With ``edits`` (article id → the second paper's edits, from an ``--editions`` build), the result
    also has ``papers``: the same figures per paper, and whether each edit survived.
    """
    agg = {m: CER(0, 0) for m in METHODS}
    best = CER(0, 0)
    best_auto = CER(0, 0)
    changes = {"majority": Changes(), "auto": Changes()}
    filler = {m: CER(0, 0) for m in METHODS}
    proposals: Counter = Counter()
    failures: list[str] = []
    per_witness = []
    auto_seconds = 0.0
    outputs: dict[str, dict[str, str]] = {}
    auto_raw: dict[str, str] = {}
    papers = {p: PaperStats() for p in PAPERS} if edits is not None else None
    for aid, allw in sorted(by_article.items()):
        ws = allw[:k]
        texts = {w.id: normalise(w.text, **NORM) for w in ws}
        auto_out, report, dt = run_auto([work.parent / "witnesses" / f"{w.id}.txt" for w in ws], work / f"k{k}" / aid,
                                       options)
        auto_seconds += dt
        if "error" in report:
            failures.append(f"{aid}: {report['error']}")
            print(f"  k={k} {aid}: corrector auto FAILED ({report['error']})", file=log, flush=True)
        proposals += judge_proposals(report.get("applied", []), {w.id + ".txt": w.text for w in ws},
                                     {w.id + ".txt": w.gold for w in ws})
        proposals["skipped"] += len(report.get("skipped", []))
        if papers is not None:
            for w in ws:
                mine = [p for p in report.get("applied", []) if p["doc"] == w.id + ".txt"]
                st = papers[PAPERS[w.edition]]
                st.proposals += judge_proposals(mine, {w.id + ".txt": w.text}, {w.id + ".txt": w.gold})
                st.proposals["left for an editor"] += sum(p["doc"] == w.id + ".txt" for p in report.get("skipped", []))
        art_best = art_best_auto = None
        for w in ws:
            gold_n, segs = norm_segments(w.gold, w.segments, NORM)
            pivot = texts[w.id]
            others = [texts[o.id] for o in ws if o.id != w.id]
            hyps = {
                "witness": pivot,
                "majority": vote.majority(pivot, others),
                "auto": normalise(auto_out[w.id + ".txt"], **NORM),
                "oracle": vote.oracle(gold_n, pivot, others)[0],
            }
            outputs[w.id] = hyps
            auto_raw[w.id] = auto_out[w.id + ".txt"]
            if papers is not None:
                st = papers[PAPERS[w.edition]]
                st.witnesses += 1
                for m in ("witness", "majority", "auto"):
                    st.cer[m] = st.cer[m] + article_cer(gold_n, segs, hyps[m])
                for ed in edits.get(aid, []):
                    survived = edit_survival(w, ed, gold_n, hyps)
                    if survived is not None:
                        st.edits[ed["kind"]].append(survived)
                        if survived["ocr"] and not survived["auto"]:
                            st.lost.append({"witness": w.id, "kind": ed["kind"],
                                            "old": ed["old"], "new": ed["new"]})
            row = {"id": w.id, "layout": w.layout, "engine": w.engine, "font": w.font}
            for m, h in hyps.items():
                c = article_cer(gold_n, segs, h)
                agg[m] = agg[m] + c
                row[m] = c.to_json()
                whole = cer(gold_n, h, **NORM)
                filler[m] = filler[m] + CER(whole.errors - c.errors, whole.length - c.length)
            for m in changes:
                changes[m] = changes[m] + compare(gold_n, pivot, hyps[m], **NORM)
            per_witness.append(row)
            wc = CER(row["witness"]["errors"], row["witness"]["length"])
            ac = CER(row["auto"]["errors"], row["auto"]["length"])
            if w.complete and (art_best is None or wc.rate < art_best.rate):
                art_best = wc
            if w.complete and (art_best_auto is None or ac.rate < art_best_auto.rate):
                art_best_auto = ac
        if art_best is not None:
            best = best + art_best
            best_auto = best_auto + art_best_auto
        print(f"  k={k} {aid}: auto {dt:.1f}s, {len(report.get('applied', []))} applied", file=log, flush=True)
    res = {
        "k": k,
        "cer": {m: agg[m].to_json() for m in METHODS},
        "best_single": best.to_json(),
        "best_auto": best_auto.to_json(),
        "filler_cer": {m: filler[m].to_json() for m in METHODS},
        "changes": {m: {kk: v for kk, v in c.to_json().items()} for m, c in changes.items()},
        "proposals": dict(proposals),
        "auto_seconds": round(auto_seconds, 1),
        "auto_failures": failures,
        "per_witness": per_witness,
    }
    if papers is not None:
        res["papers"] = {name: st.to_json() for name, st in papers.items()}
    res["_outputs"] = (outputs, auto_raw)
    return res


def shared_errors(by_article: dict[str, list[Witness]], k: int, engine: str | None = None) -> dict:
    """Errors at the same article position in every witness covering it (at least two), by class.

    Each witness is aligned to its own gold (widths kept); its gold offsets map to offsets in the
    article through the page's segments.  An article character (or the gap before it) is in error in a
    witness when the alignment puts a substitution, deletion or insertion there.
    """
    classes: Counter = Counter()
    same: Counter = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    positions = 0
    for _aid, allw in sorted(by_article.items()):
        ws = [w for w in allw[:k] if engine is None or w.engine == engine]
        cover: Counter = Counter()
        errs: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
        for w in ws:
            gold_n, segs = norm_segments(w.gold, w.segments, STRICT)
            hyp_n = normalise(w.text, **STRICT)
            for s, e, kind, art in segs:
                if kind == "article":
                    for p in range(s, e):
                        cover[("c", p - s + art)] += 1
                        cover[("g", p - s + art)] += 1
            for ev in vote.error_events(gold_n, hyp_n):
                for s, e, kind, art in segs:
                    if kind == "article" and s <= ev.pos < e:
                        key = ("c" if ev.gold else "g", ev.pos - s + art)
                        errs[key].append((ev.gold, ev.hyp))
                        break
        for key, readings in errs.items():
            n = cover[key]
            if n >= 2 and len(readings) >= n:
                positions += 1
                cls = vote.classify(*readings[0])
                classes[cls] += 1
                if len({r for _, r in readings}) == 1:
                    same[cls] += 1
                if len(examples[cls]) < 4:
                    examples[cls].append(f"{readings[0][0] or '∅'}→{'/'.join(sorted({r or '∅' for _, r in readings}))}")
    return {"k": k, "engine": engine, "positions": positions, "by_class": dict(classes), "same_reading": dict(same),
            "examples": dict(examples)}


def residual_classes(by_article: dict[str, list[Witness]], outputs: dict[str, dict[str, str]],
                     auto_raw: dict[str, str]) -> dict:
    """Character errors left in each method's output over the article text, by class.

    Counted like the CER (widths folded; a run of 4+ dropped characters is one event counting its
    length), so a column sums to the CER's errors up to how opcodes and editops split a region.
    ``width`` adds the ASCII-for-full-width marks counted with widths kept (whole page text), in the
    witnesses and in ``corrector auto``'s raw output.
    """
    out: dict[str, Counter] = {m: Counter() for m in ("witness", "majority", "auto")}
    width: Counter = Counter()
    ws = {w.id: w for allw in by_article.values() for w in allw}
    for wid, hyps in outputs.items():
        gold_n, segs = norm_segments(ws[wid].gold, ws[wid].segments, NORM)
        for m in out:
            h = hyps[m]
            g2h = gold_to_hyp(gold_n, h)
            for s, e, kind, _ in segs:
                if kind != "article":
                    continue
                for ev in vote.error_events(gold_n[s:e], h[g2h[s] : g2h[e]], runs=True):
                    out[m][vote.classify(ev.gold, ev.hyp)] += max(len(ev.gold), len(ev.hyp))
        gold_s = normalise(ws[wid].gold, **STRICT)
        for m, text in (("witness", ws[wid].text), ("auto", auto_raw[wid])):
            width[m] += sum(vote.classify(ev.gold, ev.hyp) == "ASCII/half-width mark for full-width"
                            for ev in vote.error_events(gold_s, normalise(text, **STRICT)))
    res = {m: dict(c) for m, c in out.items()}
    res["width"] = dict(width)
    return res


# --------------------------------------------------------------------------- output


def _pct(j: dict) -> str:
    return "n/a" if j["rate"] is None else f"{100 * j['rate']:.2f} %"


def markdown(result: dict) -> str:
    ks = result["by_k"]
    lines = [
        "# OCR benchmark",
        "",
        f"{result['articles']} articles, up to {result['max_k']} witnesses each ({result['pages']} OCR pages: "
        f"{', '.join(f'{v} {k}' for k, v in result['engines_count'].items())}); text: {result['text']}.",
        f"CER: Levenshtein distance / gold length over each article's own text (filler columns and jump "
        f"lines left out), summed over all witnesses; {describe_normalisation(**NORM)}.",
        f"corrector auto ran with: {' '.join(result.get('auto_options') or []) or 'its defaults'}."
        + (" Witness order --edited-once: the edited paper has one printing at k = 3 and 4." if result.get("edited_once")
           else ""),
        "",
        "## CER by number of witnesses",
        "",
        "| witnesses | each witness | best single | majority vote | corrector auto | auto, best witness | oracle "
        "| auto precision (chars) | auto recall | auto proposals right / wrong / neutral | majority precision |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in ks:
        ch = r["changes"]["auto"]
        pr = r["proposals"]
        lines.append(
            f"| {r['k']} | {_pct(r['cer']['witness'])} | {_pct(r['best_single'])} | {_pct(r['cer']['majority'])} | "
            f"{_pct(r['cer']['auto'])} | {_pct(r['best_auto'])} | {_pct(r['cer']['oracle'])} | {100 * ch['precision']:.1f} % "
            f"({ch['fixed']}/{ch['fixed'] + ch['introduced']}) | {100 * ch['recall']:.1f} % | "
            f"{pr.get('right', 0)} / {pr.get('wrong', 0)} / {pr.get('neutral', 0)} | "
            f"{100 * r['changes']['majority']['precision']:.1f} % |"
        )
    top = ks[-1]
    if result.get("editions"):
        lines += editions_markdown(ks)
    fails = [(r["k"], f) for r in ks for f in r["auto_failures"]]
    if fails:
        lines += ["", "**corrector auto failed** on these runs (their witnesses count as left unchanged):", ""]
        lines += [f"- k={k} {f}" for k, f in fails]
    lines += [
        "",
        "Best single: per article, the complete witness (not cut short) with the lowest CER; auto, best "
        "witness: the same choice among the corrected witnesses. Each witness, majority vote, corrector auto "
        "and oracle: all witnesses of all articles. Majority vote: "
        "each witness in turn is the pivot; the others are aligned to it and the most frequent reading of "
        "each character and each gap wins (ties keep the pivot's). Oracle: per pivot, the best path through "
        "the witnesses' aligned readings (any witness's reading in any slot), closest to gold. Precision and "
        "recall: `corrector.evaluate.compare` over every witness's whole text (fixed / (fixed + introduced) "
        "character errors; fixed / errors before). Proposals: each applied proposal alone on its witness, "
        "right if it lowers that witness's errors (as the CER counts them), wrong if it raises them, "
        "neutral otherwise.",
        "",
        f"## Each witness ({top['k']} witnesses per article)",
        "",
        "| witness | layout | engine | font | CER | majority | auto | oracle |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for w in top["per_witness"]:
        lines.append(f"| {w['id']} | {w['layout']} | {w['engine']} | {w['font']} | {_pct(w['witness'])} | "
                     f"{_pct(w['majority'])} | {_pct(w['auto'])} | {_pct(w['oracle'])} |")
    shared = result["shared"]
    lines += [
        "",
        "## Errors every witness shares",
        "",
        "Article positions where every witness covering it (two or more) is wrong, so no vote can fix them, "
        "counted with widths kept (ASCII-for-full-width marks count here, though the CER folds them). "
        "\"same\": all witnesses have the same wrong reading. The last columns keep only one engine's "
        "witnesses among the first k (as when a library OCRs every printing with one engine).",
        "",
        "| class | "
        + " | ".join((f"{se['engine']} only, of {se['k']}" if se["engine"] else f"{se['k']} witnesses") + " (same)"
                     for se in shared)
        + " | examples | a rule that could catch it |",
        "|---|" + "---|" * len(shared) + "---|---|",
    ]
    for cls in vote.CLASSES:
        if any(se["by_class"].get(cls) for se in shared):
            cells = " | ".join(f"{se['by_class'].get(cls, 0)} ({se['same_reading'].get(cls, 0)})" for se in shared)
            exs = []
            for se in shared:
                exs += [e for e in se["examples"].get(cls, []) if e not in exs]
            cell = ", ".join(exs[:4]).replace("|", "\\|")
            lines.append(f"| {cls} | {cells} | {cell} | {RULES.get(cls, '')} |")
    lines.append("| all | " + " | ".join(str(se["positions"]) for se in shared) + " | | |")
    lines += [
        "",
        "## Stated confidence against the share of right changes (every k; `reliability.png`)",
        "",
        "Every proposal but the variants, applied or skipped, applied alone to its page: right when it lowers "
        f"the page's distance to its gold. A band with {RELIABILITY_MIN} proposals or more should state its share "
        f"within {RELIABILITY_TOLERANCE * 100:.0f} points (\\*\\* where it does not); the 95 % interval of the share "
        "right is what a calibrated confidence may show in a band of that size (\\*\\*\\* where the stated "
        "confidence lies outside it too).",
        "",
        "| band | proposals | stated (mean) | right | 95 % interval | off by |",
        "|---|---|---|---|---|---|",
    ]
    for lo, hi, n, stated, seen in result.get("reliability", []):
        off = stated - seen
        low, high = share_interval(n, seen)
        strict = n >= RELIABILITY_MIN and abs(off) > RELIABILITY_TOLERANCE
        flag = (" ***" if not low <= stated <= high else " **") if strict else ""
        lines.append(f"| {lo:.2f}–{hi:.2f} | {n} | {stated:.3f} | {seen:.3f} | {low:.3f}–{high:.3f} | {off:+.3f}{flag} |")
    rc = result["residual"]
    lines += [
        "",
        f"## Character errors left, by class ({top['k']} witnesses per article; article text, as the CER)",
        "",
        "| class | witnesses | majority vote | corrector auto |",
        "|---|---|---|---|",
    ]
    for cls in vote.CLASSES:
        row = [rc[m].get(cls, 0) for m in ("witness", "majority", "auto")]
        if any(row):
            lines.append(f"| {cls} | {row[0]} | {row[1]} | {row[2]} |")
    lines += [
        "",
        f"Counted like the CER (widths folded). With widths kept (whole pages), the witnesses also have "
        f"{rc['width'].get('witness', 0)} ASCII/half-width marks or straight quotes where gold has full-width "
        f"ones; corrector auto's output has {rc['width'].get('auto', 0)} "
        f"({top['proposals'].get('ascii', 0)} applied proposals wrote an ASCII mark or straight quote).",
        "",
        f"Timings: build {result['build_seconds']} s (this run; {result['fresh_ocr_pages']} pages OCR'd afresh), "
        f"report {result['report_seconds']} s (corrector auto {sum(r['auto_seconds'] for r in ks):.1f} s in all).",
        "",
    ]
    return "\n".join(lines)


def editions_markdown(ks: list[dict]) -> list[str]:
    """The per-paper table of an ``--editions`` run."""
    lines = [
        "",
        "## Two papers: the agency's text and an edited reprint",
        "",
        "Witnesses " + "/".join(str(i) for i in EDITION_WITNESSES) + " of each article are OCR'd from a second paper's "
        "edited reprint (one sentence cut, house-style words, a lead-in phrase, a number or a name changed; "
        "`bench/ocr/editions.py`). Gold is what each page printed, so applying the other paper's reading at an "
        "edit is an error. Edit places: each edit (± 2 characters) in the edited paper's witnesses and the same "
        "place in the agency's; *intact* where the OCR read the place right, *kept* where the output still "
        "reads it so.",
        "",
        "| witnesses | paper | pages | CER witness | majority vote | corrector auto | edit places intact in OCR "
        "| kept by auto | kept by majority | applied right / wrong / neutral | left for an editor |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in ks:
        all_cer = {m: CER(0, 0) for m in ("witness", "majority", "auto")}
        for name, st in r["papers"].items():
            if not st["witnesses"]:
                continue
            c = st["cer"]
            pr = st["proposals"]
            for m in all_cer:
                all_cer[m] = all_cer[m] + CER(c[m]["errors"], c[m]["length"])
            lines.append(
                f"| {r['k']} | {name} | {st['witnesses']} | {_pct(c['witness'])} | {_pct(c['majority'])} | "
                f"{_pct(c['auto'])} | {st['intact_in_ocr']} of {st['edit_places']} | {st['kept_by_auto']} | "
                f"{st['kept_by_majority']} | {pr.get('right', 0)} / {pr.get('wrong', 0)} / {pr.get('neutral', 0)} | "
                f"{pr.get('left for an editor', 0)} |"
            )
        lines.append(f"| {r['k']} | both | | {_pct(all_cer['witness'].to_json())} | "
                     f"{_pct(all_cer['majority'].to_json())} | {_pct(all_cer['auto'].to_json())} | | | | | |")
    return lines


def plot(result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ks = result["by_k"]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.8))
    top = ks[-1]
    ids = [w["id"] for w in top["per_witness"]]
    vals = [100 * (w["witness"]["rate"] or 0) for w in top["per_witness"]]
    colors = ["#4c72b0" if w["engine"] == "tesseract" else "#dd8452" for w in top["per_witness"]]
    ax1.bar(range(len(ids)), vals, color=colors)
    for name, key, style in (("best single", "best_single", "--"), ("majority", "majority", "-."),
                             ("corrector auto", "auto", "-"), ("oracle", "oracle", ":")):
        v = 100 * ((top[key] if key == "best_single" else top["cer"][key])["rate"] or 0)
        ax1.axhline(v, linestyle=style, color="k" if key == "auto" else "grey", label=f"{name} {v:.2f} %")
    ax1.set_xticks(range(len(ids)), ids, rotation=90, fontsize=7)
    ax1.set_ylabel("CER (%)")
    ax1.set_title(f"Each witness (blue tesseract, orange RapidOCR), {top['k']} per article")
    ax1.legend(fontsize=8)
    xs = [r["k"] for r in ks]
    for name, get, style in (
        ("each witness", lambda r: r["cer"]["witness"], "o-"),
        ("best single", lambda r: r["best_single"], "s--"),
        ("majority vote", lambda r: r["cer"]["majority"], "^-."),
        ("corrector auto", lambda r: r["cer"]["auto"], "D-"),
        ("auto, best corrected witness", lambda r: r["best_auto"], "d--"),
        ("oracle", lambda r: r["cer"]["oracle"], "v:"),
    ):
        ax2.plot(xs, [100 * (get(r)["rate"] or 0) for r in ks], style, label=name)
    ax2.set_xticks(xs)
    ax2.set_xlabel("witnesses per article")
    ax2.set_ylabel("CER (%)")
    ax2.set_title("CER against the number of witnesses")
    ax2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def stated_against_right(work: Path, gold: Path) -> list[tuple[float, float, int, float, float]]:
    """Reliability per confidence band over every run of ``corrector auto`` (every k, every article).

    Every proposal but the variants, applied or skipped, is applied alone to its page and counted
    right when that lowers the page's distance to its gold (as ``bench.accuracy`` judges).
    """
    pairs: list[tuple[float, bool]] = []
    for rp in sorted(work.glob("k*/*/out/report.json")):
        rep = json.loads(rp.read_text(encoding="utf-8"))
        pairs += confidence_outcomes(rep.get("applied", []) + rep.get("skipped", []), rp.parent.parent / "in", gold)
    return reliability(pairs)


def report(out: Path = OUT, log=sys.stderr, one_edition: bool = False, once: bool = False) -> dict:
    """Evaluate the build in ``out`` and write ``report.md``, ``report.json`` and ``cer.png`` there.

    ``one_edition``: run ``corrector auto --one-edition`` (every printing one edition: true of a
    build without ``--editions``, false of one with it).  ``once``: an ``--editions`` build's
    witnesses in :func:`edited_once`'s order (the edited paper printed once at k = 3 and 4).
    """
    options = ("--one-edition",) if one_edition else ()
    t0 = time.perf_counter()
    manifest, by_article = load(out, once)
    if once and not manifest.get("editions"):
        raise SystemExit(f"error: --edited-once needs an --editions build; {out} is not one")
    max_k = min(len(ws) for ws in by_article.values())
    work = out / "auto"
    edits = ({a["id"]: a["edition"]["edits"] for a in manifest["articles"] if "edition" in a}
             if manifest.get("editions") else None)
    by_k = [evaluate_k(by_article, k, work, log, edits, options) for k in range(2, max_k + 1)]
    outputs = by_k[-1].pop("_outputs")
    for r in by_k[:-1]:
        r.pop("_outputs")
    result = {
        "articles": len(by_article),
        "max_k": max_k,
        "text": manifest.get("text", "seeds"),
        "editions": bool(manifest.get("editions")),
        "auto_options": list(options),
        "edited_once": once,
        "pages": len(manifest["witnesses"]),
        "engines": manifest["engines"],
        "engines_count": dict(Counter(w["spec"]["engine"] for w in manifest["witnesses"])),
        "normalisation": describe_normalisation(**NORM),
        "by_k": by_k,
        "shared": [shared_errors(by_article, k) for k in range(2, max_k + 1)]
        + [shared_errors(by_article, max_k, e) for e in sorted({w.engine for ws in by_article.values() for w in ws})],
        "residual": residual_classes(by_article, *outputs),
        "reliability": stated_against_right(work, out / "gold"),
        "build_seconds": manifest.get("build_seconds"),
        "fresh_ocr_pages": manifest.get("fresh_ocr_pages"),
    }
    result["report_seconds"] = round(time.perf_counter() - t0, 1)
    result["out"] = str(out)
    (out / "report.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "report.md").write_text(markdown(result), encoding="utf-8")
    plot(result, out / "cer.png")
    plot_reliability(out / "reliability.png", {"every k": result["reliability"]},
                     f"corrector auto on {result['text']} OCR: stated confidence vs share right")
    print(f"wrote {out / 'report.md'}, {out / 'report.json'}, {out / 'cer.png'}, {out / 'reliability.png'} "
          f"in {result['report_seconds']} s", file=log)
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.ocr.report", description=__doc__)
    ap.add_argument("--out", type=Path, default=OUT, help="the build's output folder (default bench/ocr/out)")
    ap.add_argument("--one-edition", action="store_true", help="run corrector auto --one-edition")
    ap.add_argument("--edited-once", action="store_true",
                    help="an --editions build with the edited paper printed once at k = 3 and 4 (its second "
                         "printing moved last)")
    args = ap.parse_args(argv)
    report(args.out, one_edition=args.one_edition, once=args.edited_once)
    print((args.out / "report.md").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
