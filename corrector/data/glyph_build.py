"""Rebuild ``glyph_shapes.tsv.gz`` (stroke order and four-corner code per character) from char-similar's data."""

from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "glyph_shapes.tsv.gz"

HEADER = """\
# Shape data for corrector/glyphs.py: character, four-corner code (5 digits, "-" if unknown),
# stroke order (1 horizontal, 2 vertical, 3 left-falling, 4 dot, 5 turning).
# Extracted by corrector/data/glyph_build.py from char-similar 0.0.2 (PyPI, (c) yongzhuo),
# files char_fourangle.dict and char_order.dict; see glyph_shapes.LICENSE.
"""


def build(src: Path, out: Path = OUT) -> int:
    """Write the table from char-similar's ``data`` folder.

    Args:
        src: The ``char_similar/data`` folder of an unpacked char-similar 0.0.2 wheel.
        out: Where to write the gzipped table.

    Returns:
        The number of characters written.
    """
    order = json.loads((src / "char_order.dict").read_text(encoding="utf-8"))
    corner = json.loads((src / "char_fourangle.dict").read_text(encoding="utf-8"))
    rows = []
    for ch in sorted(order):
        strokes = order[ch]
        if len(ch) != 1 or not re.fullmatch(r"[1-5]+", strokes):
            continue
        code = corner.get(ch, "")
        rows.append(f"{ch}\t{code if re.fullmatch(r'[0-9]{5}', code) else '-'}\t{strokes}\n")
    text = HEADER + "".join(rows)
    # mtime=0 keeps the file byte-identical across rebuilds.
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
        gz.write(text.encode("utf-8"))
    return len(rows)


def main() -> None:
    """Command line: ``python corrector/data/glyph_build.py PATH/TO/char_similar/data``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("src", type=Path, help="char_similar/data folder of an unpacked char-similar 0.0.2 wheel")
    args = parser.parse_args()
    print(f"{build(args.src)} characters -> {OUT}")


if __name__ == "__main__":
    main()
