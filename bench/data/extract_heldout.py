"""Rebuild heldout_zh.txt from Debian's Simplified Chinese manuals (run after ``apt-get install`` of them).

Usage: ``apt-get install debian-reference-zh-cn debian-edu-doc-zh-cn maint-guide-zh-cn`` then
``python bench/data/extract_heldout.py > bench/data/heldout_zh.txt``.  Keeps running-text ``<p>``
paragraphs (no ``<pre>``/tables) of at least 40 characters, at least 60 % Han characters, ending
with sentence punctuation; drops footnote references like "[24]" and duplicates.
"""

from __future__ import annotations

import glob
import re
import sys
from html.parser import HTMLParser

SOURCES = [
    ("debian-reference-zh-cn", "Debian Reference, Osamu Aoki and translators, GPL-2+", "/usr/share/debian-reference/*.zh-cn.html"),
    ("debian-edu-doc-zh-cn", "Debian Edu Bookworm manual, Debian Edu team and translators, GPL-2+",
     "/usr/share/doc/debian-edu-doc-zh-cn/debian-edu-bookworm-manual.html"),
    ("maint-guide-zh-cn", "Debian New Maintainers' Guide, Josip Rodin, Osamu Aoki and translators, GPL-2+",
     "/usr/share/doc/maint-guide-zh-cn/html/*.html"),
]

HEADER = """\
# Held-out Chinese prose for corrector's benchmarks: never used to tune the engine.
# One paragraph per line; lines starting with # are comments.  Rebuilt by bench/data/extract_heldout.py.
# Source: running-text paragraphs of Debian's Simplified Chinese manuals (Debian packages):
{sources}
# Licence of this file: GNU General Public License version 2 or later (GPL-2+), as the sources.
# Copyright: the authors and translators of those manuals (see /usr/share/doc/PACKAGE/copyright).
"""


class _Paragraphs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.buf: list[str] = []
        self.out: list[str] = []

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        if tag in ("pre", "script", "style", "table"):
            self.skip += 1
        if tag == "p":
            self.depth += 1
            self.buf = []

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag in ("pre", "script", "style", "table"):
            self.skip -= 1
        if tag == "p" and self.depth:
            self.depth -= 1
            self.out.append("".join(self.buf))

    def handle_data(self, data):  # noqa: ANN001
        if self.depth and not self.skip:
            self.buf.append(data)


def _han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def main() -> int:
    out: list[str] = []
    seen: set[str] = set()
    used = []
    for package, credit, pattern in SOURCES:
        files = sorted(glob.glob(pattern))
        if not files:
            print(f"missing {pattern}: apt-get install {package}", file=sys.stderr)
            return 1
        used.append(f"#   {package}: {credit}")
        for f in files:
            parser = _Paragraphs()
            with open(f, encoding="utf-8") as fh:
                parser.feed(fh.read())
            for t in parser.out:
                t = re.sub(r"\s*\n\s*", " ", t)
                t = re.sub(r"\s*\[\d+\]\s*", "", t).strip()  # footnote references
                t = re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])", "", t)
                chars = [c for c in t if not c.isspace()]
                if len(chars) < 40 or sum(map(_han, chars)) / len(chars) < 0.6:
                    continue
                if not t.endswith(("。", "！", "？", "”", "：")) or t in seen:
                    continue
                seen.add(t)
                out.append(t)
    sys.stdout.write(HEADER.format(sources="\n".join(used)))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
