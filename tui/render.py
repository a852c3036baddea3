"""Width-exact text layout for CJK: cell measuring, wrapping, witness alignment and the proposal card."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Sequence

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text

from corrector.model import Document, Proposal
from corrector.policy import band

#: Shown in an aligned column where a witness has no character (full-width, so two cells everywhere).
GAP = "＿"
#: Marks text cut short (East-Asian width "neutral": one cell in every terminal).
MORE = "⋯"
#: Separates old and new in the queue (neutral width, unlike "→" which is ambiguous).
ARROW = "›"

#: How a status is shown in the queue: a glyph that needs no colour.
STATUS_GLYPH = {"pending": " ", "accepted": "✓", "rejected": "✗", "edited": "✎"}
#: Short kind names for a narrow queue; ``variant`` stands out in capitals.
KIND_SHORT = {"substitution": "s", "insertion": "i", "deletion": "d", "transposition": "t", "noise": "n",
              "variant": "V", "suspect": "?"}

_VISIBLE = {"\n": "⏎", "\r": "⏎", "\t": "⇥", " ": "␣", "\u3000": "␣"}

STYLE_OLD = "bold red strike"
STYLE_NEW = "bold green underline"
STYLE_MARK = "dim"
STYLE_HUNK = "bold reverse"
STYLE_CONTEXT = "dim"


def visible(ch: str) -> str:
    """A printable stand-in for a whitespace or zero-width character (the character itself otherwise)."""
    if ch in _VISIBLE:
        return _VISIBLE[ch]
    if ch.isspace():
        return "␣"
    if get_character_cell_size(ch) == 0 or unicodedata.category(ch) in ("Cc", "Cf", "Mn", "Me"):
        return "⍰"
    return ch


def slot(ch: str | None) -> str:
    """One aligned column: the character (or :data:`GAP` for ``None``) padded to exactly two cells."""
    if ch is None:
        return GAP
    s = visible(ch)
    return s if cell_len(s) == 2 else s + " " * (2 - cell_len(s))


def crop(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, ending in :data:`MORE` when cut (newlines made visible)."""
    text = "".join(_VISIBLE.get(c, c) if c in "\n\r\t" else c for c in text)
    if cell_len(text) <= width:
        return text
    out, w = [], 0
    for ch in text:
        cw = get_character_cell_size(ch)
        if w + cw > width - 1:
            break
        out.append(ch)
        w += cw
    return "".join(out) + MORE if width >= 1 else ""


def fit(text: str, width: int, *, right: bool = False) -> str:
    """``text`` cropped and padded with spaces to exactly ``width`` cells."""
    text = crop(text, width)
    pad = " " * (width - cell_len(text))
    return pad + text if right else text + pad


def shown(text: str) -> str:
    """A hunk's text for display: whitespace made visible, the empty string as :data:`GAP`."""
    return "".join(visible(c) for c in text) if text else GAP


#: Pairs of characters a line is never broken between (the change markers).
_KEEP = ("[-", "-]", "{+", "+}")
#: Characters a line should not start with (closing punctuation).
_NO_START = set("，。、；：？！）》」』”’〉】〕…,.;:?!)]}")


def _break_at(plain: str, start: int, i: int) -> int:
    """Where to break a line that would overflow at ``i`` (``start`` is where the line began)."""
    j = i
    # an ASCII word: go back to the space before it (within 20 characters)
    if plain[j - 1:j + 1].isascii() and plain[j - 1:j + 1].strip() and not plain[j].isspace():
        k = plain.rfind(" ", max(start, j - 20), j)
        if k > start:
            return k + 1
    for _ in range(4):
        if j - 1 <= start:
            break
        if plain[j - 1:j + 1] in _KEEP or plain[j] in _NO_START or plain[j:j + 2] in ("-]", "+}"):
            j -= 1  # do not split a marker or start a line with a closing one
        elif plain[j - 2:j] in ("[-", "{+") and j - 2 > start:
            j -= 2  # do not end a line with an opening marker
        else:
            break
    return j


def wrap(text: Text, width: int) -> list[Text]:
    """Split ``text`` into lines of at most ``width`` cells, at newlines and between characters.

    Textual's word wrap treats a run of Han characters as one word; this breaks between any two Han
    characters, measuring every character with :func:`rich.cells.get_character_cell_size`.  It keeps
    ASCII words and the change markers (``[-`` ``-]`` ``{+`` ``+}``) whole and does not start a line with
    closing punctuation when it can help it.
    """
    width = max(2, width)
    lines: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        plain = line.plain
        offsets: list[int] = []
        start, w, i = 0, 0, 0
        while i < len(plain):
            cw = get_character_cell_size(plain[i])
            if w + cw > width and i > start:
                cut = _break_at(plain, start, i)
                offsets.append(cut)
                start, i, w = cut, cut, 0
                continue
            w += cw
            i += 1
        lines.extend(line.divide(offsets) if offsets else [line])
    for ln in lines:
        ln.rstrip()
    return lines


def short_labels(ids: Sequence[str], *, limit: int = 8) -> dict[str, str]:
    """Short unique labels for document ids, at most ``limit`` cells, all of one length where possible.

    The shortest unique prefix of the names (extensions dropped, at least 3 cells) when there is one;
    else ``⋯`` and the shortest unique part after what all names share at the start
    (``renmin-2026-11-30-p01``, ``…-p02`` → ``⋯01``, ``⋯02``).
    Falls back to ``#1``, ``#2`` … only when none of these fits.  The card always shows the full name.
    """
    stems = [i.rsplit(".", 1)[0] if "." in i else i for i in ids]

    def unique(labels: list[str]) -> bool:
        return len(set(labels)) == len(labels) and all(cell_len(x) <= limit for x in labels)

    for n in range(3, limit + 1):
        if unique(pref := [s[:n] for s in stems]):
            return dict(zip(ids, pref))
    shared = len(_common_prefix(stems))
    for n in range(2, limit):
        if unique(mid := [MORE + s[shared:shared + n] if shared else s[:n] for s in stems]):
            return dict(zip(ids, mid))
    return {i: f"#{k + 1}" for k, i in enumerate(ids)}


def _common_prefix(strings: Sequence[str]) -> str:
    if not strings:
        return ""
    lo, hi = min(strings), max(strings)
    n = 0
    while n < len(lo) and lo[n] == hi[n]:
        n += 1
    return lo[:n]


# ------------------------------------------------------------------ alignment


def align(strings: Sequence[str]) -> list[list[str | None]]:
    """Align several readings of one hunk into columns (a star alignment on the first string).

    Returns:
        One row per string, all of the same length; ``None`` marks a gap.  Each row, read without its
        gaps, is the string it came from.
    """
    if not strings:
        return []
    pivot = strings[0]
    n = len(pivot)
    per_row: list[tuple[list[str | None], list[list[str]]]] = []
    for s in strings:
        at: list[str | None] = [None] * n
        ins: list[list[str]] = [[] for _ in range(n + 1)]
        sm = difflib.SequenceMatcher(None, pivot, s, autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal":
                for k in range(i2 - i1):
                    at[i1 + k] = s[j1 + k]
            elif op == "delete":
                pass
            elif op == "insert":
                ins[i1].extend(s[j1:j2])
            else:  # replace: pair what can be paired, the rest is deleted or inserted
                m = min(i2 - i1, j2 - j1)
                for k in range(m):
                    at[i1 + k] = s[j1 + k]
                if j2 - j1 > m:
                    ins[i1 + m].extend(s[j1 + m:j2])
        per_row.append((at, ins))
    widths = [max(len(ins[i]) for _, ins in per_row) for i in range(n + 1)]
    rows: list[list[str | None]] = []
    for at, ins in per_row:
        row: list[str | None] = []
        for i in range(n + 1):
            row.extend(ins[i] + [None] * (widths[i] - len(ins[i])))
            if i < n:
                row.append(at[i])
        rows.append(row)
    return rows


@dataclass
class WitnessRow:
    """One witness's reading of the span, ready to align."""

    number: int
    doc: str
    label: str
    before: str
    text: str
    after: str
    reading: str
    is_target: bool


def witness_rows(
    proposal: Proposal, documents: dict[str, Document], labels: dict[str, str], context: int = 4
) -> list[WitnessRow]:
    """Every witness of every reading, numbered 1, 2, … in the order readings are ranked.

    The target document's own reading is included (from the readings, or from its text when the
    engine did not list it).
    """
    rows: list[WitnessRow] = []
    seen_target = False
    n = 0
    for reading in proposal.readings:
        for w in reading.witnesses:
            n += 1
            doc = documents.get(w.doc)
            before = doc.text[max(0, w.start - context):w.start] if doc else ""
            after = doc.text[w.end:w.end + context] if doc else ""
            is_target = w.doc == proposal.doc and w.start == proposal.start
            seen_target = seen_target or is_target
            rows.append(WitnessRow(n, w.doc, labels.get(w.doc, w.doc), before, w.text, after, reading.text, is_target))
    if not seen_target and proposal.doc in documents:
        doc = documents[proposal.doc]
        n += 1
        rows.append(
            WitnessRow(n, proposal.doc, labels.get(proposal.doc, proposal.doc),
                       doc.text[max(0, proposal.start - context):proposal.start], proposal.old,
                       doc.text[proposal.end:proposal.end + context], proposal.old, True)
        )
    return rows


def witness_block(rows: Sequence[WitnessRow], width: int, *, context: int | None = None) -> list[Text]:
    """The witnesses' readings stacked in aligned two-cell columns, wrapped into bands to fit ``width``.

    Each line is ``k label* `` then ``context`` slots of text before the span (dim), the aligned span
    (reverse video; gaps as :data:`GAP`), and ``context`` slots after.  Every line of a band has the
    same cell width.
    """
    if not rows:
        return [Text("(no witness readings)", style="dim")]
    label_w = max(cell_len(f"{r.number} {r.label}") for r in rows) + 2
    columns = align([r.text for r in rows])
    if context is None:
        # as much context as fits beside the span, from 2 to 8 characters a side
        room = (width - label_w) // 2 - len(columns[0])
        context = max(2, min(8, room // 2))
    cells: list[list[tuple[str, str]]] = []
    for r, col in zip(rows, columns):
        pre = [None] * (context - len(r.before[-context:])) + list(r.before[-context:]) if context else []
        post = list(r.after[:context]) + [None] * (context - len(r.after[:context])) if context else []
        line = [(" " * 2 if c is None else slot(c), STYLE_CONTEXT) for c in pre]
        line += [(slot(c), STYLE_HUNK) for c in col]
        line += [(" " * 2 if c is None else slot(c), STYLE_CONTEXT) for c in post]
        cells.append(line)
    per_band = max(1, (width - label_w) // 2)
    total = len(cells[0])
    out: list[Text] = []
    for band_start in range(0, total, per_band):
        if band_start:
            out.append(Text(""))
        for r, line in zip(rows, cells):
            label = f"{r.number} {r.label}" + ("*" if r.is_target else "") if band_start == 0 else ""
            t = Text(fit(label, label_w), style="bold" if r.is_target else "")
            for s, style in line[band_start:band_start + per_band]:
                t.append(s, style=style)
            out.append(t)
    return out


def votes_lines(proposal: Proposal, rows: Sequence[WitnessRow], width: int, value: str | None) -> list[Text]:
    """The competing readings with their witnesses, votes, language score and probability."""
    nums: dict[str, list[str]] = {}
    for r in rows:
        nums.setdefault(r.reading, []).append(str(r.number))
    tail_w = 8 + 6 + 7 + 5 + 5  # witness, votes, lang, p, mark
    longest = max([cell_len(shown(r.text)) for r in proposal.readings] + [cell_len(shown(value or "")), 7])
    text_w = max(6, min(width - tail_w, longest + 2))
    head = Text(fit("reading", text_w) + fit("witness", 8) + fit("votes", 6, right=True)
                + fit("lang", 7, right=True) + fit("p", 5, right=True), style="bold")
    out = [head]
    for reading in proposal.readings:
        who = ",".join(nums.get(reading.text, [])) or "-"
        mark = ""
        if reading.text == proposal.new:
            mark = " <new"
        elif reading.text == proposal.old:
            mark = " <old"
        line = Text(fit(shown(reading.text), text_w))
        line.append(fit(who, 8))
        line.append(fit(f"{reading.votes:.1f}", 6, right=True))
        line.append(fit(f"{reading.language:+.1f}", 7, right=True))
        line.append(fit(f"{reading.probability:.2f}", 5, right=True))
        line.append(mark, style="dim")
        out.append(line)
    if value is not None and value not in {r.text for r in proposal.readings}:
        out.append(Text(fit(shown(value), text_w) + "(the editor's text)", style="italic"))
    return [Text(crop(line.plain, width)) if cell_len(line.plain) > width else line for line in out]


def context_text(document: Document, proposal: Proposal, shown_new: str, chars: int) -> Text:
    """The hunk in its surroundings: ``[-old-]{+new+}`` with ``chars`` code points either side.

    Old and new differ without colour (bracket marks, strike-through, underline) as well as with it.
    """
    t = document.text
    before = t[max(0, proposal.start - chars):proposal.start]
    after = t[proposal.end:proposal.end + chars]
    out = Text()
    if proposal.start - chars > 0:
        out.append(MORE)
    out.append(before)
    if proposal.old:
        out.append("[-", style=STYLE_MARK)
        out.append("".join(visible(c) for c in proposal.old), style=STYLE_OLD)
        out.append("-]", style=STYLE_MARK)
    if shown_new:
        out.append("{+", style=STYLE_MARK)
        out.append("".join(visible(c) for c in shown_new), style=STYLE_NEW)
        out.append("+}", style=STYLE_MARK)
    if not proposal.old and not shown_new:
        out.append("{+ +}", style=STYLE_MARK)
    out.append(after)
    if proposal.end + chars < len(t):
        out.append(MORE)
    return out


def line_of(text: str, offset: int) -> int:
    """1-based line number of a code-point offset."""
    return text.count("\n", 0, offset) + 1


def card_lines(
    proposal: Proposal,
    documents: dict[str, Document],
    labels: dict[str, str],
    width: int,
    *,
    status: str = "pending",
    value: str | None = None,
    who: str = "",
    context_chars: int | None = None,
) -> list[Text]:
    """Every line of the card for one proposal, each at most ``width`` cells.

    Args:
        proposal: The proposal shown.
        documents: Documents by id (the target and its witnesses).
        labels: Short document labels.
        width: Cells available.
        status: Its review status.
        value: The text in force when decided (the editor's text for an edit).
        who: Who decided.
        context_chars: Code points of context on each side (default: about two lines' worth).

    Returns:
        Lines of styled text.
    """
    width = max(20, width)
    doc = documents.get(proposal.doc)
    out: list[Text] = []
    where = f"{proposal.doc} @{proposal.start}"
    if doc is not None:
        where += f" (line {line_of(doc.text, proposal.start)})"
    out.extend(wrap(Text(where, style="bold"), width))
    head = Text()
    head.append(proposal.kind, style="bold magenta" if proposal.kind == "variant" else "bold")
    head.append(f"  confidence {proposal.confidence:.2f} ({band(proposal.confidence)})  ")
    head.append(status.upper() if status != "pending" else "pending", style="bold" if status != "pending" else "dim")
    if who and status != "pending":
        head.append(f" by {who}", style="dim")
    out.extend(wrap(head, width))
    change = Text()
    change.append(shown(proposal.old), style=STYLE_OLD)
    change.append(f" {ARROW} ")
    change.append(shown(proposal.new), style=STYLE_NEW)
    if status == "edited" and value is not None:
        change.append("  edited: ")
        change.append(shown(value), style="bold italic")
    out.extend(wrap(change, width))
    out.append(Text(""))
    if doc is not None:
        shown_new = value if (status == "edited" and value is not None) else proposal.new
        chars = context_chars if context_chars is not None else max(8, width)
        out.extend(wrap(context_text(doc, proposal, shown_new, chars), width))
        out.append(Text(""))
    rows = witness_rows(proposal, documents, labels, context=8)
    # the votes and the reason come before the witnesses: many witnesses must not push them off the card
    out.extend(votes_lines(proposal, rows, width, value if status == "edited" else None))
    out.extend(wrap(Text("why: " + proposal.reason), width))
    out.append(Text(""))
    head = Text("witnesses", style="bold")
    head.append("  digits take one (1 2 takes 12); * this file", style="dim")
    out.extend(wrap(head, width))
    out.extend(witness_block(rows, width))
    return out


def join_lines(lines: Iterable[Text]) -> Text:
    """Lines joined with newlines into one :class:`Text` (for a ``no_wrap`` widget)."""
    return Text("\n").join(lines)
