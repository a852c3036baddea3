"""Build OCR witnesses: typeset each article several ways, degrade the pages, OCR them; all cached."""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import engines
from .corpus import TEXTS, Article, articles_and_fillers, digest
from .editions import edition
from .typeset import FONTS, Degradation, degrade, missing_fonts, page_from_stories, random_degradation

HERE = Path(__file__).resolve().parent
CACHE = HERE / "cache"
OUT = HERE / "out"

#: Bumped whenever typesetting or degradation changes what a page looks like.
RENDER_VERSION = 2
#: Per engine, bumped whenever its raw OCR call changes (flags, page preparation, reading order).
OCR_VERSION = {"tesseract": 4, "rapidocr": 3}
#: At most this many articles are cut; articles past the ones benchmarked feed the filler pool,
#: which therefore does not depend on ``--articles``.
MAX_ARTICLES = 12
#: ``--part P`` benchmarks the articles P * MAX_ARTICLES .. (P + 1) * MAX_ARTICLES - 1 instead (the
#: filler pool is then what is left past them): further article sets of the same text, so that a set
#: nobody has looked at can be kept for judging after the earlier ones were inspected.
MAX_PART = 3
#: Page layouts: the whole article; the article's columns interleaved with another story's; the
#: article cut short with a jump line to another page.
LAYOUTS = ("plain", "plain", "interleaved", "cut", "plain")
JUMP_LINE = "（下转04版）"
#: With ``--editions``, these witnesses are typeset from a second paper's edited reprint
#: (:mod:`bench.ocr.editions`): 2 of 5, so every k from 2 up mixes both papers (the edited paper is the
#: majority at k = 3, the agency at k = 5), and they are read by different engines.
EDITION_WITNESSES = (1, 2)


@dataclass
class WitnessSpec:
    """Everything that decides one witness page (its hash is the page's cache key)."""

    article: str
    index: int
    layout: str
    font: str
    size: int
    chars_per_line: int
    ncols: int
    engine: str
    degradation: Degradation
    order: list = field(default_factory=list)
    cut_chars: int = 0
    filler: list = field(default_factory=list)
    edition: int = 0  # 0: the agency's text; 1: the second paper's edited reprint

    @property
    def id(self) -> str:
        return f"{self.article}_w{self.index}"


def plan(article: Article, filler_pool: list[str], n: int, engines_: tuple[str, ...] = engines.ENGINES,
         *, editions: bool = False) -> list[WitnessSpec]:
    """The ``n`` witnesses of one article; witness ``i`` does not depend on ``n`` (so builds share cache).

    Per article the layouts, fonts and the engine that starts are shuffled; each witness then draws its
    own size, line length, columns and degradation.
    """
    arng = random.Random("plan:" + article.id)
    layouts = list(LAYOUTS)
    arng.shuffle(layouts)
    fonts = list(FONTS)
    arng.shuffle(fonts)
    first = arng.randrange(len(engines_))
    body = sum(map(len, article.paragraphs))
    specs = []
    for i in range(n):
        rng = random.Random(f"witness:{article.id}:{i}")
        layout = layouts[i % len(layouts)]
        spec = WitnessSpec(
            article=article.id,
            index=i,
            layout=layout,
            font=fonts[i % len(fonts)],
            size=rng.randint(30, 40),
            chars_per_line=rng.randint(13, 19),
            ncols=rng.randint(2, 4),
            engine=engines_[(first + i) % len(engines_)],
            degradation=random_degradation(rng),
            edition=int(editions and i in EDITION_WITNESSES),
        )
        if layout == "interleaved":
            start = rng.randrange(len(filler_pool))
            want = int(body * rng.uniform(0.4, 0.7))
            got: list[str] = []
            k = start
            while sum(map(len, got)) < want:
                got.append(filler_pool[k % len(filler_pool)])
                k += 1
            spec.filler = got
            spec.ncols = 4
            spec.order = rng.choice([[[0, 0], [1, 0], [0, 1], [1, 1]], [[0, 0], [1, 0], [1, 1], [0, 1]]])
        elif layout == "cut":
            spec.cut_chars = int(body * rng.uniform(0.45, 0.75))
            spec.ncols = min(spec.ncols, 3)
        specs.append(spec)
    return specs


def _cut(paragraphs: list[str], chars: int) -> list[str]:
    """Keep about ``chars`` characters of the body, ending at a sentence end, then the jump line."""
    out, n = [], 0
    for p in paragraphs:
        if n + len(p) <= chars:
            out.append(p)
            n += len(p)
            continue
        room = chars - n
        ends = [i + 1 for i, c in enumerate(p) if c in "。！？" and i < room]
        if ends:
            out.append(p[: ends[-1]])
        break
    return out + [JUMP_LINE]


def _stories(article: Article, spec: WitnessSpec) -> tuple[list[tuple[str, list[str]]], list, list[int]]:
    if spec.layout == "interleaved":
        return [(article.title, article.paragraphs), ("", spec.filler)], spec.order, [2, 2]
    paras = _cut(article.paragraphs, spec.cut_chars) if spec.layout == "cut" else article.paragraphs
    return [(article.title, paras)], [[0, c] for c in range(spec.ncols)], [spec.ncols]


def segments(article: Article, columns: list[tuple[int, str]]) -> tuple[str, list[dict]]:
    """The page's gold text (columns in reading order, a newline between them) and where each part is from.

    Returns:
        (gold, segments): each segment is ``{"start", "end", "kind", "art_start"}``: a half-open range of
        the gold, its kind (``article``, ``filler`` or ``jump``) and, for article text, the offset of the
        same characters in ``article.text``.
    """
    gold = ""
    segs: list[dict] = []
    art = article.text
    pos = 0  # running offset into the article text
    for story, text in columns:
        if gold:
            gold += "\n"
        start = len(gold)
        gold += text
        if story != 0:
            segs.append({"start": start, "end": len(gold), "kind": "filler", "art_start": None})
            continue
        jump = text.find(JUMP_LINE)
        body = text if jump < 0 else text[:jump].rstrip("\n")
        at = art.find(body, pos) if body else pos
        if body and at < 0:
            raise AssertionError(f"column text not found in article {article.id}")
        if body:
            segs.append({"start": start, "end": start + len(body), "kind": "article", "art_start": at})
            pos = at + len(body)
        if jump >= 0:
            segs.append({"start": start + jump, "end": start + jump + len(JUMP_LINE), "kind": "jump", "art_start": None})
    return gold, segs


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def page(article: Article, spec: WitnessSpec, cache: Path = CACHE) -> tuple[Path, str, list[dict]]:
    """Render (or load from cache) one witness page: (image path, gold text, segments)."""
    stories, order, per_story = _stories(article, spec)
    spec_json = asdict(spec)
    looks = {k: spec_json[k] for k in ("font", "size", "chars_per_line", "degradation")}
    key = digest("page", RENDER_VERSION, stories, order, per_story, looks)
    img_path = cache / "pages" / f"{key}.jpg"
    meta_path = cache / "pages" / f"{key}.json"
    if img_path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        return img_path, meta["gold"], meta["segments"]
    img, columns = page_from_stories(stories, order, per_story, spec.font, spec.size, spec.chars_per_line)
    gold, segs = segments(article, columns)
    data = degrade(img, spec.degradation)
    img_path.parent.mkdir(parents=True, exist_ok=True)
    img_path.write_bytes(data)
    meta_path.write_text(json.dumps({"gold": gold, "segments": segs}, ensure_ascii=False), encoding="utf-8")
    return img_path, gold, segs


def ocr_page(engine: str, img_path: Path, cache: Path = CACHE) -> tuple[list[engines.OcrLine], float, bool]:
    """OCR a page (or load the cached lines): (lines, seconds spent, whether it came from the cache)."""
    key = digest("ocr", OCR_VERSION[engine], _sha(img_path.read_bytes()), engine, engines.version(engine))
    path = cache / "ocr" / f"{key}.json"
    if path.exists():
        j = json.loads(path.read_text(encoding="utf-8"))
        return [engines.OcrLine.from_json(x) for x in j["lines"]], j["seconds"], True
    t = time.perf_counter()
    lines = engines.ocr(engine, str(img_path))
    dt = time.perf_counter() - t
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"engine": engines.version(engine), "seconds": round(dt, 2), "lines": [ln.to_json() for ln in lines]}
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return lines, dt, False


def build(n_articles: int, n_witnesses: int, *, text: str = "seeds", out: Path = OUT, cache: Path = CACHE,
          editions: bool = False, part: int = 0, log=sys.stderr) -> dict:
    """Build the witnesses of the first ``n_articles`` articles and write ``out``; returns the manifest.

    ``out`` gets ``witnesses/<article>_w<i>.txt`` (OCR text), ``gold/<article>_w<i>.txt`` (what was
    typeset on that page), ``pages/`` links to the images, and ``manifest.json``.
    """
    if not 1 <= n_articles <= MAX_ARTICLES:
        raise SystemExit(f"--articles must be 1..{MAX_ARTICLES}")
    if not 2 <= n_witnesses <= 5:
        raise SystemExit("--witnesses must be 2..5")
    if not 0 <= part <= MAX_PART:
        raise SystemExit(f"--part must be 0..{MAX_PART}")
    if missing_fonts():
        raise SystemExit("fonts missing (run bench/ocr/setup.sh): " + ", ".join(missing_fonts()))
    for e in engines.ENGINES:
        if not engines.available(e):
            raise SystemExit(f"OCR engine {e} is not available (run bench/ocr/setup.sh)")
    all_articles, fillers = articles_and_fillers(MAX_ARTICLES * (part + 1), text=text)
    # the paragraphs set beside an article: what the parts leave over, or, where they leave nothing
    # (the news text's last part), the earlier parts' stories
    pool = fillers or [p for a in all_articles[:MAX_ARTICLES * part] for p in a.paragraphs]
    if not pool:
        raise SystemExit(f"the {text} text leaves no other paragraphs to set beside the articles of part {part}")
    articles = all_articles[MAX_ARTICLES * part:][:n_articles]
    if len(articles) < n_articles:
        raise SystemExit(f"the {text} text has only {len(articles)} articles in part {part}")
    for d in ("witnesses", "gold"):
        (out / d).mkdir(parents=True, exist_ok=True)
    for stale in list((out / "witnesses").glob("*.txt")) + list((out / "gold").glob("*.txt")):
        stale.unlink()
    manifest = {"text": text, "part": part, "editions": editions, "articles": [], "witnesses": [],
                "engines": {e: engines.version(e) for e in engines.ENGINES}}
    t0 = time.perf_counter()
    ocr_seconds = 0.0
    fresh = 0
    for art in articles:
        entry = {"id": art.id, "title": art.title, "text": art.text, "source": art.source}
        versions = [art]
        if editions:
            b_art, edits = edition(art)
            versions.append(b_art)
            entry["edition"] = {"text": b_art.text, "edits": [e.to_json() for e in edits]}
        manifest["articles"].append(entry)
        for spec in plan(art, pool, n_witnesses, editions=editions):
            img, gold, segs = page(versions[spec.edition], spec, cache)
            lines, dt, cached = ocr_page(spec.engine, img, cache)
            text = engines.assemble(lines)
            if not cached:
                ocr_seconds += dt
                fresh += 1
            (out / "witnesses" / f"{spec.id}.txt").write_text(text, encoding="utf-8")
            (out / "gold" / f"{spec.id}.txt").write_text(gold + "\n", encoding="utf-8")
            manifest["witnesses"].append({
                "id": spec.id, "article": art.id, "index": spec.index, "spec": asdict(spec),
                "image": str(img.relative_to(cache.parent)) if img.is_relative_to(cache.parent) else str(img),
                "segments": segs, "ocr_seconds": round(dt, 2), "cached": cached, "edition": spec.edition,
            })
            print(f"  {spec.id:8s} {'BA'[spec.edition == 0]} {spec.layout:11s} {spec.font:10s} {spec.engine:9s} "
                  f"{'cached' if cached else f'{dt:5.1f}s'}", file=log, flush=True)
    manifest["build_seconds"] = round(time.perf_counter() - t0, 1)
    manifest["fresh_ocr_pages"] = fresh
    manifest["fresh_ocr_seconds"] = round(ocr_seconds, 1)
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"built {len(manifest['witnesses'])} witnesses of {len(articles)} articles in "
          f"{manifest['build_seconds']} s ({fresh} pages OCR'd afresh)", file=log)
    return manifest


def add_build_options(ap: argparse.ArgumentParser) -> None:
    """The options of a build, shared by ``python -m bench.ocr.build`` and ``python -m bench.ocr``."""
    ap.add_argument("--articles", type=int, default=8, help="number of articles (1..%d, default 8)" % MAX_ARTICLES)
    ap.add_argument("--witnesses", type=int, default=5, help="witnesses per article (2..5, default 5)")
    ap.add_argument("--text", choices=TEXTS, default="seeds",
                    help="clean text: the seeds' paragraphs (newspaper prose, default), bench/data/heldout_zh.txt "
                         "(the split never tuned on), bench/data/train_zh.txt (training text), bench/data/news_train_zh.txt "
                         "(news prose written for the project, for tuning) or bench/data/news_heldout_zh.txt "
                         "(news prose never tuned on)")
    ap.add_argument("--editions", action="store_true",
                    help="typeset witnesses %s from a second paper's edited reprint (cut sentence, house-style "
                         "words, lead-in, changed number or name) and report per paper; default --out "
                         "bench/ocr/out-editions" % "/".join(str(i) for i in EDITION_WITNESSES))
    ap.add_argument("--part", type=int, default=0,
                    help="article set: 0 (default) the first %d articles of the text, 1..%d the next sets "
                         "(fresh articles for judging)" % (MAX_ARTICLES, MAX_PART))
    ap.add_argument("--out", type=Path, default=None, help="output folder (default bench/ocr/out)")
    ap.add_argument("--cache", type=Path, default=CACHE, help="cache folder (default bench/ocr/cache)")


def out_dir(args: argparse.Namespace) -> Path:
    """The output folder of a build: ``--out``, or the default for plain or ``--editions`` builds."""
    if args.out is not None:
        return args.out
    return OUT.parent / "out-editions" if args.editions else OUT


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.ocr.build", description=__doc__)
    add_build_options(ap)
    args = ap.parse_args(argv)
    build(args.articles, args.witnesses, text=args.text, out=out_dir(args), cache=args.cache, editions=args.editions,
          part=args.part)
    return 0


if __name__ == "__main__":
    sys.exit(main())
