"""Rebuild train_zh.txt: Chinese prose the decision model is trained on (never the held-out text or the seeds).

Usage::

    apt-get install gimp-help-zh-cn manpages-zh debian-edu-doc-legacy-zh-cn linuxcnc-doc-zh-cn
    python bench/data/extract_train.py > bench/data/train_zh.txt

or, without installing them, unpack the packages somewhere (``apt-get download PKG`` then
``dpkg-deb -x PKG.deb ROOT``) and pass ``--root ROOT``.  Keeps running-text paragraphs (HTML ``<p>``
outside ``<pre>``/tables; man-page paragraphs between ``.PP``/``.TP``/``.SH`` requests) of at least
40 characters, at least 60 % Han characters, ending with sentence punctuation; drops duplicates and
every paragraph that shares a Han 8-gram with ``heldout_zh.txt`` (the untuned split must stay unseen).
"""

from __future__ import annotations

import argparse
import glob
import gzip
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_heldout import _han, _Paragraphs  # noqa: E402

#: Paragraphs sharing a run of this many Han characters with the held-out text are dropped.
OVERLAP_N = 8

SOURCES = [
    ("gimp-help-zh-cn", "GNU Image Manipulation Program user manual, the GIMP Documentation Team and translators, GFDL-1.2+",
     "usr/share/gimp/2.0/help/zh_CN/*.html"),
    ("manpages-zh", "Chinese manual pages, CMPP project, Carlos Z.F. Liu, LI Daobing, Boyuan Yang and translators, GFDL-1.2+",
     "usr/share/man/zh_CN/man*/*.gz"),
    ("debian-edu-doc-legacy-zh-cn", "Debian Edu legacy manuals (Audacity, Rosegarden, ITIL), Debian Edu team and translators, GPL-2+",
     "usr/share/doc/debian-edu-doc-legacy-zh-cn/*.html"),
    ("linuxcnc-doc-zh-cn", "LinuxCNC G-code manual, the LinuxCNC developers and translators, GFDL-1.1+",
     "usr/share/doc/linuxcnc/*zh_CN*.html"),
]

HEADER = """\
# Training prose for corrector's decision model (bench/decision/): never the held-out text or the seeds.
# One paragraph per line; lines starting with # are comments.  Rebuilt by bench/data/extract_train.py.
# Paragraphs sharing any {n}-character Han run with heldout_zh.txt are dropped.
# Source: running-text paragraphs of Debian's Simplified Chinese documentation packages:
{sources}
# Licence of this file: each paragraph keeps its source's licence (GFDL-1.1+/1.2+ or GPL-2+, as listed);
# copyright the authors and translators of those documents (see /usr/share/doc/PACKAGE/copyright).
"""


def man_paragraphs(text: str) -> list[str]:
    """Running-text paragraphs of a man page's roff source (requests and font escapes removed)."""
    out: list[str] = []
    buf: list[str] = []
    skip_next = False
    for line in text.splitlines():
        if line.startswith((".\\\"", "'\\\"", '.\\"')):
            continue
        if line.startswith(".") or line.startswith("'"):
            # every request (.PP, .TP, .SH, .B ...) ends the running paragraph
            if buf:
                out.append("".join(buf))
                buf = []
            skip_next = line.startswith(".TP")  # the tag line after .TP is an option name
            continue
        if skip_next:
            skip_next = False
            continue
        line = re.sub(r"\\f[BIRP]|\\f\(..|\\f\[[^]]*\]|\\[,/&]", "", line)
        line = line.replace("\\-", "-").replace("\\(em", "—").replace("\\e", "\\").strip()
        if not line:
            if buf:
                out.append("".join(buf))
                buf = []
            continue
        buf.append(line if not buf or _han(buf[-1][-1:]) or _han(line[:1]) else " " + line)
    if buf:
        out.append("".join(buf))
    return out


def html_paragraphs(text: str) -> list[str]:
    parser = _Paragraphs()
    parser.feed(text)
    return parser.out


def clean(t: str) -> str:
    t = re.sub(r"\s*\n\s*", " ", t)
    t = re.sub(r"\s*\[\d+\]\s*", "", t).strip()
    return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])", "", t)


def keep(t: str) -> bool:
    chars = [c for c in t if not c.isspace()]
    if len(chars) < 40 or sum(map(_han, chars)) / len(chars) < 0.6:
        return False
    return t.endswith(("。", "！", "？", "”", "："))


def han_ngrams(text: str, n: int = OVERLAP_N) -> set[str]:
    han = "".join(c for c in text if _han(c))
    return {han[i:i + n] for i in range(len(han) - n + 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default="/", help="where the packages are unpacked (default /)")
    args = ap.parse_args(argv)
    heldout = Path(__file__).resolve().parent / "heldout_zh.txt"
    banned: set[str] = set()
    for line in heldout.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            banned |= han_ngrams(line)
    out: list[str] = []
    seen: set[str] = set()
    used = []
    dropped = 0
    for package, credit, pattern in SOURCES:
        files = sorted(glob.glob(str(Path(args.root) / pattern)))
        if not files:
            print(f"missing {pattern}: apt-get install {package}", file=sys.stderr)
            return 1
        used.append(f"#   {package}: {credit}")
        for f in files:
            if f.endswith(".gz"):
                with gzip.open(f, "rt", encoding="utf-8", errors="replace") as fh:
                    paras = man_paragraphs(fh.read())
            else:
                with open(f, encoding="utf-8", errors="replace") as fh:
                    paras = html_paragraphs(fh.read())
            for t in map(clean, paras):
                if not keep(t) or t in seen:
                    continue
                seen.add(t)
                if han_ngrams(t) & banned:
                    dropped += 1
                    continue
                out.append(t)
    print(f"{len(out)} paragraphs kept, {dropped} dropped for sharing {OVERLAP_N}-grams with the held-out text",
          file=sys.stderr)
    sys.stdout.write(HEADER.format(n=OVERLAP_N, sources="\n".join(used)))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
