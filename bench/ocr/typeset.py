"""Typeset article text as multi-column newspaper-like pages and degrade the images like old scans."""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

#: Font key -> (file, face name inside the collection).  All from Debian packages.
FONTS: dict[str, tuple[str, str]] = {
    "noto-serif": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
    "noto-sans": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    "wqy-zenhei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "WenQuanYi Zen Hei"),
    "uming": ("/usr/share/fonts/truetype/arphic/uming.ttc", "AR PL UMing CN"),
    "ukai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", "AR PL UKai CN"),
}
#: Grey level and width (px) of the rule drawn in each gutter.
RULE = (150, 1)
HEADLINE_FONT = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", "Noto Sans CJK SC")
FALLBACK = "noto-sans"

#: Marks that may not start a line (they hang in the margin instead).
NO_LINE_START = set("，。、；：？！”’）》」』〉…—%")
#: Marks that may not end a line (they move to the next one).
NO_LINE_END = set("“‘（《「『〈")
_ALNUM_RUN = re.compile(r"[A-Za-z0-9.%·]+")


def missing_fonts() -> list[str]:
    """Font files of :data:`FONTS` that are not installed."""
    files = {f for f, _ in FONTS.values()} | {HEADLINE_FONT[0]}
    return sorted(f for f in files if not Path(f).exists())


@lru_cache(maxsize=None)
def _face_index(path: str, name: str) -> int:
    for i in range(16):
        try:
            f = ImageFont.truetype(path, 20, index=i)
        except OSError:
            break
        if f.getname()[0] == name:
            return i
    raise LookupError(f"no face {name!r} in {path}")


@lru_cache(maxsize=None)
def _cmap(path: str, name: str) -> frozenset[int]:
    from fontTools.ttLib import TTCollection

    coll = TTCollection(path, lazy=True)
    return frozenset(coll.fonts[_face_index(path, name)].getBestCmap().keys())


@lru_cache(maxsize=None)
def font(key: str, size: int, headline: bool = False) -> ImageFont.FreeTypeFont:
    """The PIL font for ``key`` at ``size`` pixels (the bold sans face for headlines)."""
    path, name = HEADLINE_FONT if headline else FONTS[key]
    return ImageFont.truetype(path, size, index=_face_index(path, name))


def has_glyph(key: str, ch: str) -> bool:
    """Whether the font ``key`` has a glyph for ``ch`` (else the fallback font draws it)."""
    return ord(ch) in _cmap(*FONTS[key])


@dataclass
class Line:
    """One typeset line: its characters with x offsets, and whether a paragraph ends with it."""

    chars: list[tuple[str, float, bool]]  # (char, x, use_fallback_font)
    para_end: bool
    size: int
    headline: bool = False

    @property
    def text(self) -> str:
        return "".join(c for c, _, _ in self.chars)


def _tokens(par: str) -> list[str]:
    """Break units: single characters, but runs of digits/Latin letters stay together."""
    out, i = [], 0
    while i < len(par):
        m = _ALNUM_RUN.match(par, i)
        if m:
            out.append(m.group(0))
            i = m.end()
        else:
            out.append(par[i])
            i += 1
    return out


def set_paragraph(par: str, key: str, size: int, width: float, *, indent: bool = True, headline: bool = False) -> list[Line]:
    """Break one paragraph into lines of at most ``width`` pixels (closing marks may hang)."""
    f = font(key, size, headline)
    fb = font(FALLBACK, size, headline)
    lines: list[Line] = []
    cur: list[tuple[str, float, bool]] = []
    x = 2.0 * size if indent else 0.0
    toks = _tokens(par)
    for tok in toks:
        widths = []
        for ch in tok:
            use_fb = not headline and not has_glyph(key, ch)
            widths.append((ch, (fb if use_fb else f).getlength(ch), use_fb))
        w = sum(wd for _, wd, _ in widths)
        hang = tok in NO_LINE_START and x + w <= width + size
        if cur and x + w > width and not hang:
            # Keep an opening mark with what follows it.
            carry = []
            while cur and cur[-1][0] in NO_LINE_END:
                carry.insert(0, cur.pop())
            lines.append(Line(cur, False, size, headline))
            cur, x = [], 0.0
            for ch, _, fbk in carry:
                cur.append((ch, x, fbk))
                x += (fb if fbk else f).getlength(ch)
        for ch, wd, fbk in widths:
            cur.append((ch, x, fbk))
            x += wd
    if cur:
        lines.append(Line(cur, True, size, headline))
    elif lines:
        lines[-1].para_end = True
    return lines


def galley(title: str, paragraphs: list[str], key: str, size: int, width: float) -> list[Line]:
    """All lines of one story set in a column of ``width`` pixels: headline (bold, larger) then body."""
    lines: list[Line] = []
    if title:
        lines += set_paragraph(title, key, int(size * 1.45), width, indent=False, headline=True)
    for p in paragraphs:
        lines += set_paragraph(p, key, size, width)
    return lines


def split_columns(lines: list[Line], ncols: int) -> list[list[Line]]:
    """Balance a galley over ``ncols`` columns of (nearly) equal height."""
    heights = [ln.size * 1.5 for ln in lines]
    total = sum(heights)
    cols: list[list[Line]] = [[]]
    acc = 0.0
    for ln, h in zip(lines, heights):
        if acc + h / 2 > total * len(cols) / ncols and len(cols) < ncols:
            cols.append([])
        cols[-1].append(ln)
        acc += h
    return cols


def column_text(col: list[Line]) -> str:
    """The gold text of one column: its lines joined, a newline after each paragraph end."""
    return "".join(ln.text + ("\n" if ln.para_end else "") for ln in col).rstrip("\n")


def render(columns: list[list[Line]], key: str, size: int, col_width: float, gutter: float, *, ink: int = 20) -> Image.Image:
    """Draw columns left to right on a white page (column rules in the gutters); grey-scale image."""
    margin = int(2.5 * size)
    height = max(sum(ln.size * 1.5 for ln in col) for col in columns)
    W = int(2 * margin + len(columns) * col_width + (len(columns) - 1) * gutter)
    H = int(2 * margin + height)
    img = Image.new("L", (W, H), 255)
    draw = ImageDraw.Draw(img)
    for ci, col in enumerate(columns):
        x0 = margin + ci * (col_width + gutter)
        y = float(margin)
        for ln in col:
            f = font(key, ln.size, ln.headline)
            fb = font(FALLBACK, ln.size, ln.headline)
            base = y + ln.size * 1.15
            for ch, x, fbk in ln.chars:
                draw.text((x0 + x, base), ch, font=fb if fbk else f, fill=ink, anchor="ls")
            y += ln.size * 1.5
        if ci:
            gx = x0 - gutter / 2
            draw.line([(gx, margin), (gx, margin + height)], fill=RULE[0], width=RULE[1])
    return img


@dataclass
class Degradation:
    """How a clean page is spoiled: rotation (degrees), blur radius, down-scaling, noise and JPEG quality."""

    angle: float = 0.0
    blur: float = 0.0
    scale: float = 1.0
    noise: float = 0.0
    jpeg: int = 90
    paper: int = 245
    seed: int = 0


def degrade(img: Image.Image, d: Degradation) -> bytes:
    """Apply ``d`` to ``img`` and return the scan as JPEG bytes (the JPEG loss is part of the damage)."""
    rng = np.random.default_rng(d.seed)
    if d.angle:
        img = img.rotate(d.angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    if d.blur:
        img = img.filter(ImageFilter.GaussianBlur(d.blur))
    if d.scale != 1.0:
        img = img.resize((max(1, round(img.width * d.scale)), max(1, round(img.height * d.scale))), Image.LANCZOS)
    a = np.asarray(img, dtype=np.float32)
    a = a * (d.paper / 255.0)  # tinted paper: white becomes light grey
    if d.noise:
        a = a + rng.normal(0.0, d.noise, a.shape)
        specks = rng.random(a.shape) < 0.0004
        a[specks] = rng.uniform(0, 120, int(specks.sum()))
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=int(d.jpeg))
    return buf.getvalue()


def random_degradation(rng: random.Random, strength: float = 1.0) -> Degradation:
    """Draw a degradation: rotation ±0.5–1.5°, blur, down-scaling to 50–85 %, noise, JPEG 25–75."""
    return Degradation(
        angle=round(rng.choice((-1, 1)) * rng.uniform(0.5, 1.5), 2),
        blur=round(rng.uniform(0.4, 1.3) * strength, 2),
        scale=round(rng.uniform(0.5, 0.85), 2),
        noise=round(rng.uniform(6, 20) * strength, 1),
        jpeg=rng.randint(25, 75),
        paper=rng.randint(228, 248),
        seed=rng.randrange(1 << 30),
    )


def column_geometry(size: int, chars_per_line: int) -> tuple[float, float]:
    """(column width, gutter) in pixels for ``chars_per_line`` full-width characters."""
    return chars_per_line * size, 2.0 * size


def page_from_stories(stories: list[tuple[str, list[str]]], order: list[tuple[int, int]], cols_per_story: list[int],
                      key: str, size: int, chars_per_line: int, *, ink: int = 20) -> tuple[Image.Image, list[tuple[int, str]]]:
    """Typeset several stories side by side.

    Each story ``s`` is set in ``cols_per_story[s]`` balanced columns; ``order`` lists the page's columns
    left to right as (story, column of that story).

    Returns:
        (image, columns) where columns are (story, gold text) in left-to-right order.
    """
    width, gutter = column_geometry(size, chars_per_line)
    story_cols = [split_columns(galley(t, ps, key, size, width), n) for (t, ps), n in zip(stories, cols_per_story)]
    cols, golds = [], []
    for s, c in order:
        if c < len(story_cols[s]):
            cols.append(story_cols[s][c])
            golds.append((s, column_text(story_cols[s][c])))
    return render(cols, key, size, width, gutter, ink=ink), golds


def glyph_coverage(key: str, text: str) -> float:
    """Share of the distinct characters of ``text`` the font ``key`` draws itself."""
    chars = {c for c in text if not c.isspace()}
    return sum(has_glyph(key, c) for c in chars) / max(1, len(chars))


__all__ = [
    "FONTS", "Degradation", "Line", "column_text", "degrade", "font", "galley", "glyph_coverage", "has_glyph",
    "missing_fonts", "page_from_stories", "random_degradation", "render", "set_paragraph", "split_columns",
]

