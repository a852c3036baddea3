"""Propose: run the pipeline and turn each voted hunk into a proposal with a kind, a confidence and a reason."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable

import numpy as np
from rapidfuzz.distance import OSA, Levenshtein

from .align import align_chain, hunks_for_target, letter_prefix, views_by_target
from .apply import Skipped
from .decision import Change, active_model, confusion_key
from . import decision as _decision
from .discover import find_chains, make_groups
from .ingest import Key, fold_char, make_key
from .language import is_punct
from .model import Document, Group, Options, Proposal, Reading, Result, WitnessReading
from .vote import LM_WEIGHT, Confusions, Decision, Language, estimate_error_rates, prepare, refine_error_rates, vote_weights

Progress = Callable[[str, int, int], None]

#: A difference changing more letters than this (on either side) is a rewording, not OCR noise.
MAX_OCR_CHANGE = 2
#: Rounds of re-estimating witness reliability from the voted consensus.
REFINE_ROUNDS = 2
#: OCR errors make text worse: when the paper's own reading is better language than the
#: witnesses' by this many nats, the difference is taken for an editorial choice.
FLUENT_MARGIN = 3.0
#: Language evidence (nats) that makes a look-alike substitution an OCR error even when both
#: readings are words (习近乎/习近平, 优惠意识/忧患意识).
CLEAR_GAIN = 3.0
#: Dictionary evidence alone (nats; corpus counts left out, since a phrase common in the corpus says
#: nothing against a word an editor chose) that makes any substitution an OCR error even when both
#: readings are words (现生化/现代化), and a look-alike number an OCR error (a different number is
#: otherwise an editor's).
VERY_CLEAR_GAIN = 5.0
#: ... and that makes a short garbled run an OCR error (了上蚁 for 瞄: one character read as several).
GARBLE_GAIN = 6.0
#: Longest run (letters) taken for a line the OCR dropped or doubled rather than an editor's cut.
MAX_LINE = 40
#: ... and only this far (characters) from the ends of the aligned passages: next to a column
#: break a gap is layout, not a lost line.
LINE_EDGE = 30
#: A variant's confidence is at most this (and auto mode never applies a variant anyway).
VARIANT_CAP = 0.5

#: A change that leaves a bracket unpaired in its paragraph (《 inserted without
#: its 》) is shown with at most this confidence: auto mode never applies half of a pair.
UNBALANCED_CAP = 0.5
#: Marks that come in pairs: (opening forms, closing forms).
PAIRS = (("《", "》"), ("（(", "）)"), ("〈", "〉"), ("「", "」"), ("【[［", "】]］"))

#: Opening marks (an inserted one goes after a line break): the brackets' and the quotation marks'.
_OPENING = {c for opening, _ in PAIRS for c in opening} | set("“‘")
_NUMERALS = set("0123456789零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟")
_DIGITS = set("0123456789")
_GARBAGE = set("□■◆◇○●△▲▽▼☆★※�|\\_~^`@#$&*+=<>{}[]")


@dataclass
class _Doc:
    doc: Document
    key: Key
    style: dict[str, str]
    wide: bool = True


def _style(doc: Document, key: Key) -> dict[str, str]:
    """The form a document most often prints for each folded punctuation mark (e.g. ``,`` → ``，``)."""
    counts: dict[str, Counter] = {}
    text = doc.text
    for i, ch in enumerate(key.text):
        if ch.isascii() and is_punct(ch):
            counts.setdefault(ch, Counter())[text[key.pos[i]]] += 1
    return {k: c.most_common(1)[0][0] for k, c in counts.items()}


def _wide(doc: Document, key: Key) -> bool:
    """Whether a document's punctuation is mostly full-width (Chinese) rather than ASCII."""
    ascii_marks = sum(1 for i, ch in enumerate(key.text) if ch.isascii() and is_punct(ch) and doc.text[key.pos[i]].isascii())
    full = sum(1 for ch in key.text if ch.isascii() and is_punct(ch)) - ascii_marks
    full += sum(1 for ch in key.text if ch in "。、《》「」【】")
    return full >= ascii_marks


def propose(
    documents: list[Document],
    *,
    options: Options | None = None,
    progress: Progress | None = None,
    **overrides,
) -> Result:
    """Find reprinted passages among ``documents``, align and vote them, and propose corrections.

    Args:
        documents: Documents from :func:`corrector.load`.
        options: Tuning knobs; keyword ``overrides`` (e.g. ``ngram=6``) replace single fields.
        progress: Called as ``progress(stage, done, total)`` while working.

    Returns:
        The groups of versions found and every proposal, sorted by document and offset.
    """
    opts = Options.make(options, **overrides)
    tick = progress or (lambda stage, done, total: None)
    docs = [_Doc(d, k, {}) for d, k in ((d, make_key(d.text)) for d in documents)]
    keys = [d.key.text for d in docs]
    tick("discover", 0, 1)
    chains = find_chains(keys, opts)
    tick("discover", 1, 1)
    alignments = []
    prefixes: dict[int, np.ndarray] = {}
    for i, ch in enumerate(chains):
        if ch.a not in prefixes:
            prefixes[ch.a] = letter_prefix(keys[ch.a])
        al = align_chain(keys[ch.a], keys[ch.b], ch, letters_a=prefixes[ch.a])
        if al is not None and min(al.a1 - al.a0, al.b1 - al.b0) >= opts.min_passage:
            alignments.append(al)
        if i % 50 == 0:
            tick("align", i, len(chains))
    tick("align", len(chains), len(chains))
    groups = _groups(docs, alignments)
    rates = estimate_error_rates(alignments, len(docs))
    weights = vote_weights(rates)
    views = views_by_target(alignments, len(docs))
    language = Language(keys) if alignments and opts.use_language else None
    decisions: list[Decision] = []
    covered = np.zeros((2, len(docs)))
    for t in range(len(docs)):
        tick("vote", t, len(docs))
        if views[t]:
            covered[:, t] = _covered_by_class(keys[t], [(v.t0, v.t1) for v in views[t]])
            for hunk in hunks_for_target(t, keys[t], views[t], keys):
                if _settled(hunk, keys[t]):
                    continue
                decisions.append(prepare(t, keys[t], hunk, weights, language).rescore(weights))
    tick("vote", len(docs), len(docs))
    confusions = None
    for _ in range(REFINE_ROUNDS):
        rates = refine_error_rates(decisions, covered, rates)
        weights = vote_weights(rates)
        confusions = Confusions.learn(decisions)
        for dec in decisions:
            dec.rescore(weights, confusions)
    proposals: list[Proposal] = []
    lookups: dict[int, Callable[[int], int]] = {}
    passages = _passages_by_doc(groups)
    habits = _habits(decisions)
    for dec in decisions:
        d = docs[dec.target]
        if dec.target not in lookups:
            d.style = _style(d.doc, d.key)
            d.wide = _wide(d.doc, d.key)
            lookups[dec.target] = _group_lookup(passages.get(d.doc.id, []))
        p = _proposal(dec, docs, language, lookups[dec.target], habits)
        if p is not None:
            proposals.append(p)
    proposals.sort(key=lambda p: (p.doc, p.start, p.end))
    return Result(
        documents=documents,
        groups=groups,
        proposals=proposals,
        witness_error_rates={d.doc.id: round(float(rates[0, t]), 5) for t, d in enumerate(docs) if views[t]},
    )


#: Where another printing reads what the target reads, auto mode leaves this many times less room
#: for error: ``1 - (1 - min_confidence) / SHARED_FACTOR`` (0.99 for the default 0.9).
SHARED_FACTOR = 10.0


def shared_bar(min_confidence: float) -> float:
    """The confidence auto mode needs for a change the target's reading shares with another printing."""
    return 1.0 - (1.0 - min_confidence) / SHARED_FACTOR


def _own_reading(p: Proposal) -> Reading | None:
    """The reading the target itself has at a proposal (``None`` when the proposal lists none)."""
    return next((r for r in p.readings if any(w.doc == p.doc for w in r.witnesses)), None)


def own_support(p: Proposal) -> int:
    """How many printings (the target included) read what the target reads at a proposal."""
    own = _own_reading(p)
    return len(own.witnesses) if own is not None else 1


def language_gain(p: Proposal) -> float:
    """Language evidence (nats) for the proposed reading over the target's own (0 when either is unknown)."""
    own = _own_reading(p)
    best = max(p.readings, key=lambda r: r.probability, default=None)
    return best.language - own.language if own is not None and best is not None else 0.0


def select(proposals: list[Proposal], *, min_confidence: float = 0.9) -> tuple[list[Proposal], list[Skipped]]:
    """Split proposals into those auto mode applies and those it skips, with the reason.

    A ``variant`` (an editorial difference between papers) is never applied automatically.  A
    change where another printing reads what the target reads needs more confidence
    (:func:`shared_bar`): two OCR runs that agree are seldom both wrong, and when they are, it is
    the same misreading of the same typeface, which the vote's independence assumption misses.
    For the same reason such a change also needs the language evidence on its side: the votes
    alone cannot tell one engine's habit (璧 read as 壁 in three printings) from the truth.
    """
    applied: list[Proposal] = []
    skipped: list[Skipped] = []
    shared = shared_bar(min_confidence)
    for p in proposals:
        if p.kind == "variant":
            skipped.append(Skipped(p, "editorial variant: shown for review, never applied automatically"))
        elif p.confidence < min_confidence:
            skipped.append(Skipped(p, f"confidence {p.confidence:.2f} is below {min_confidence:.2f}"))
        elif (n := own_support(p)) >= 2 and p.confidence < shared:
            skipped.append(
                Skipped(p, f"{n} printings read what this one reads: confidence {p.confidence:.3f} is below {shared:.3f}")
            )
        elif n >= 2 and (gain := language_gain(p)) <= 0:
            skipped.append(
                Skipped(
                    p,
                    f"{n} printings read what this one reads and the language evidence does not favour "
                    f"the change ({gain:+.1f} nats)",
                )
            )
        else:
            applied.append(p)
    return applied, skipped


def _groups(docs: list[_Doc], alignments) -> list[Group]:
    spans: list[tuple[int, int, int]] = []
    links: list[tuple[int, int]] = []
    for al in alignments:
        ka, kb = docs[al.a].key, docs[al.b].key
        sa = ka.to_original(al.a0, al.a1, len(docs[al.a].doc.text))
        sb = kb.to_original(al.b0, al.b1, len(docs[al.b].doc.text))
        spans.append((al.a, *sa))
        spans.append((al.b, *sb))
        links.append((len(spans) - 2, len(spans) - 1))
    return make_groups(spans, [d.doc.id for d in docs], links)


def _settled(hunk, key: str) -> bool:
    """Whether the target's reading has at least two witnesses more than any other (nothing to propose)."""
    own = len(hunk.readings[key[hunk.s:hunk.e]])
    rival = max(len(sup) for text, sup in hunk.readings.items() if text != key[hunk.s:hunk.e])
    return own - rival >= 2


def _covered_by_class(key: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """Letters and punctuation marks of ``key`` inside the union of ``spans``."""
    letters = punct = 0
    end = -1
    for s, e in sorted(spans):
        if e > end:
            part = key[max(s, end):e]
            p = sum(1 for c in part if is_punct(c))
            letters += len(part) - p
            punct += p
            end = e
    return letters, punct


def _passages_by_doc(groups: list[Group]) -> dict[str, list[tuple[int, int, int]]]:
    out: dict[str, list[tuple[int, int, int]]] = {}
    for g in groups:
        for p in g.passages:
            out.setdefault(p.doc, []).append((p.start, p.end, g.id))
    return out


def _group_lookup(mine: list[tuple[int, int, int]]) -> Callable[[int], int]:
    """The id of the group whose passage (among ``mine``, one document's) contains an offset, or -1."""

    def lookup(offset: int) -> int:
        for s, e, gid in mine:
            if s <= offset <= e:
                return gid
        return -1

    return lookup


# --- turning a decision into a proposal -------------------------------------------------------


def _looks_alike(old: str, new: str) -> bool:
    """Whether the substituted characters look alike (an OCR confusion rather than an editor's word)."""
    try:
        from .glyphs import reading_similarity, DEFAULT
    except ImportError:  # pragma: no cover - the glyph table is optional
        return False
    return len(old) == len(new) and reading_similarity(old, new) >= DEFAULT


def _stray(ch: str) -> bool:
    """A character that has no business inside Chinese text: Latin letters, digits, symbols."""
    return ch in _GARBAGE or (ch.isascii() and ch.isalnum())


def _letters(s: str) -> str:
    return "".join(c for c in s if not is_punct(c))


def _changed(a: str, b: str) -> tuple[str, str]:
    """The characters of ``a`` and of ``b`` that their alignment does not match."""
    ca, cb = [], []
    for op in Levenshtein.opcodes(a, b):
        if op.tag != "equal":
            ca.append(a[op.src_start:op.src_end])
            cb.append(b[op.dest_start:op.dest_end])
    return "".join(ca), "".join(cb)


def _in_words(dictionary, left: str, reading: str, right: str, other: str) -> tuple[bool, bool]:
    """Whether every character ``reading`` changes (relative to ``other``) lies inside a dictionary word of 2+ characters.

    Returns:
        ``(in words, in names)``: the second counts only the words the dictionary tags as names
        (places, people, organisations).
    """
    if dictionary is None:
        return False, False
    text = left + reading + right
    marks = set()
    for op in Levenshtein.opcodes(reading, other):
        if op.tag in ("replace", "delete"):
            marks.update(range(len(left) + op.src_start, len(left) + op.src_end))
    if not marks:
        return False, False
    words: set[int] = set()
    names: set[int] = set()
    for run in re.finditer(r"[\u3400-\u9fff\uf900-\ufaff]+", text):
        at = run.start()
        for word in dictionary.segment(run.group()):
            if len(word) >= 2 and dictionary.word_freq(word) > 0:
                words.update(range(at, at + len(word)))
                if dictionary.is_name(word):
                    names.update(range(at, at + len(word)))
            at += len(word)
    return marks <= words, marks <= names


def _any_alike(a: str, b: str) -> bool:
    """Whether some character of ``a`` looks like some character of ``b``."""
    return any(_looks_alike(x, y) for x in a for y in b)


def _word_gain(dictionary, left: str, own: str, new: str, right: str) -> float:
    """Dictionary evidence (weighted nats) for ``new`` over ``own`` in its context; 0 without a dictionary."""
    if dictionary is None:
        return 0.0
    return LM_WEIGHT * (dictionary.score(left + new + right) - dictionary.score(left + own + right))


def classify(
    own: str, new: str, left: str, right: str, lang_gain: float, dictionary, support: int = 1, edge: int = 10**9
) -> tuple[str, str]:
    """Kind of the change ``own`` → ``new`` and a note on why, before confidence is considered.

    Args:
        own, new: The target's reading and the proposed one (key form).
        left, right: Key context around the hunk.
        lang_gain: Language evidence for ``new`` over ``own`` (nats).
        dictionary: The :class:`~corrector.language.Dictionary`, or ``None``.
        support: Witnesses reading ``new``.
        edge: Distance (characters) from the hunk to the nearest end of an aligned passage.

    Returns:
        ``(kind, note)``; ``note`` explains a ``variant`` or a ``noise`` verdict.
    """
    co, cn = _changed(own, new)
    lo, ln = _letters(co), _letters(cn)
    tags = [op.tag for op in Levenshtein.opcodes(own, new)]
    runs = sum(1 for k, t in enumerate(tags) if t != "equal" and (k == 0 or tags[k - 1] == "equal"))
    alike = lo and ln and _looks_alike(co, cn)
    numbers = (lo and ln and set(lo) <= _NUMERALS and set(ln) <= _NUMERALS) or (
        not (co and cn) and (co or cn) and set(co + cn) <= _DIGITS
    )
    word_gain = _word_gain(dictionary, left, own, new, right)
    clear = (alike and (lang_gain >= CLEAR_GAIN or support >= 3)) or word_gain >= VERY_CLEAR_GAIN
    own_word, own_name = _in_words(dictionary, left, own, right, new)
    new_word, new_name = _in_words(dictionary, left, new, right, own)
    if numbers and not (alike and word_gain >= VERY_CLEAR_GAIN and not own_word):
        # 统二 for 统一 breaks a word; 二个 for 一个 is a word, and another number.
        return "variant", "a different number"
    if len(ln) <= MAX_OCR_CHANGE and len(co) <= 8 and any(_stray(c) for c in co) and not any(_stray(c) for c in cn):
        return "noise", f"stray {co!r} inside Chinese text"
    if len(own) >= 2 and own != new and sorted(own) == sorted(new) and OSA.distance(own, new) <= max(1, len(own) // 2):
        return "transposition", "characters in another order"
    if (
        runs == 1
        and 0 < len(ln) <= 2
        and len(ln) < len(lo) <= 2 * len(ln) + 1
        and lang_gain >= GARBLE_GAIN
    ):
        return "noise", "a character read as several"
    if not lo and 1 < len(ln) <= MAX_LINE and support >= 2 and runs == 1 and edge >= LINE_EDGE:
        # A line the OCR dropped cuts a clause in two; an editor leaves out whole clauses.  (Extra
        # text in the target is never cut this way: it may be another story's interleaved column.)
        ins = next(op for op in Levenshtein.opcodes(own, new) if op.tag != "equal")
        before = (left + own)[: len(left) + ins.src_start]
        bounded = (not before or is_punct(before[-1])) and is_punct(new[ins.dest_end - 1])
        if not bounded:
            return "insertion", "a dropped line"
    if max(len(lo), len(ln)) > MAX_OCR_CHANGE or (not (lo and ln) and max(len(lo), len(ln)) > 1):
        return "variant", "a reworded passage" if lo and ln else ("words added" if ln else "words left out")
    if lo and ln and len(lo) != len(ln) and not _any_alike(lo, ln):
        # OCR misreads a character as one that looks like it; 和 for 以及 is another word.
        return "variant", "another word"
    if lo and ln and own_word and new_word:
        if not alike and (own_name or new_name):
            # However rare one of them, 天津 for 上海 is no misreading: never overruled.
            return "variant", "a different name"
        if not clear:
            return "variant", "both readings are words"
    if lo + ln and lang_gain <= -FLUENT_MARGIN:
        return "variant", "the paper's own reading reads better"
    if not co:
        return "insertion", ""
    if not cn:
        return "deletion", ""
    return "substitution", ""


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _restyle(
    docs: list[_Doc], target: _Doc, cand_text: str, support, at: int | None = None, left: str = "", right: str = ""
) -> list[str]:
    """Characters of a candidate in the target's typography (one per key character).

    In a document whose punctuation is mostly full-width, a mark next to Chinese text is full-width
    whatever the witnesses or the target print elsewhere (an ASCII ; or ( between Han characters is
    the OCR's, not the paper's); between Latin letters or digits it stays as the witness prints it.
    In an ASCII document a mark takes the form the target prints most.  A straight quote becomes
    “ or ” by the count of quotes before ``at`` (an original offset) in its paragraph.

    Args:
        left, right: Key context just before and after the hunk.
    """
    chars: list[str] | None = None
    for w, ws, we in support:
        src = docs[w]
        raw = [src.doc.text[int(src.key.pos[i])] for i in range(ws, we)]
        if "".join(fold_char(c) for c in raw) == cand_text:
            chars = raw
            break
    if chars is None:
        chars = list(cand_text)
    wide = target.wide
    ctx = left[-1:] + cand_text + right[:1]
    base = len(left[-1:])
    quotes = None
    out = []
    for j, c in enumerate(chars):
        f = fold_char(c) or c
        if f in "\"'" and wide and at is not None:
            if quotes is None:
                text = target.doc.text
                para = text[text.rfind("\n", 0, at) + 1:at]
                quotes = {'"': sum(para.count(q) for q in '"“”'), "'": sum(para.count(q) for q in "'‘’")}
            pair = "“”" if f == '"' else "‘’"
            out.append(pair[quotes[f] % 2])
            quotes[f] += 1
        elif f.isascii() and is_punct(f):
            if not wide:
                out.append(target.style.get(f, c))
                continue
            k = base + j
            latin = k > 0 and k + 1 < len(ctx) and _latin(ctx[k - 1]) and _latin(ctx[k + 1])
            convertible = "!" <= f <= "~" and f not in ".-/%#&*+=@_~^`|\\<>"
            out.append(chr(ord(f) + 0xFEE0) if convertible and not latin else c)
        else:
            out.append(c)
    return out


def _new_text(target: _Doc, s: int, e: int, own: str, new_chars: list[str]) -> tuple[int, int, str, str]:
    """Original offsets, old text and new text, keeping the target's whitespace and unchanged characters."""
    key, text = target.key, target.doc.text
    start, end = key.to_original(s, e, len(text))
    old = text[start:end]
    if s == e:
        if new_chars and new_chars[0] in _OPENING and s < len(key.pos):
            # an opening mark belongs to the text that follows a line break, not to the line before it
            start = end = int(key.pos[s])
        return start, end, "", "".join(new_chars)
    # Slot k = key character s+k plus the whitespace that follows it inside the hunk.
    slots = []
    for k in range(s, e):
        a = int(key.pos[k])
        b = int(key.pos[k + 1]) if k + 1 < e else end
        slots.append((text[a:int(key.pos[k]) + 1], text[a + 1:b]))
    new_key = "".join(fold_char(c) or c for c in new_chars)
    out: list[str] = []
    for op in Levenshtein.opcodes(own, new_key):
        if op.tag == "equal":
            for k in range(op.src_start, op.src_end):
                out.append(slots[k][0] + slots[k][1])
        else:
            out.extend(new_chars[op.dest_start:op.dest_end])
            for k in range(op.src_start, op.src_end):
                out.append(slots[k][1])
    return start, end, old, "".join(out)


def _imbalance(text: str) -> int:
    """Unpaired brackets in ``text``, full- and half-width forms of a pair counted together (quotation marks are left out: OCR straightens and drops them, and a quotation may run over several paragraphs)."""
    return sum(abs(sum(text.count(c) for c in opening) - sum(text.count(c) for c in closing)) for opening, closing in PAIRS)


def _unbalances(text: str, start: int, end: int, new: str) -> bool:
    """Whether replacing ``text[start:end]`` by ``new`` leaves more brackets unpaired in its paragraph."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    return _imbalance(text[a:start] + new + text[end:b]) > _imbalance(text[a:b])


def _support_text(counts: list[tuple[str, int]], total: int) -> str:
    return ", ".join(f"{n} of {total} read {t or '(nothing)'}" for t, n in counts)


def _habits(decisions: list[Decision]) -> Counter:
    """How often the vote proposes each confusion (characters out, characters in) across the corpus."""
    return Counter(confusion_key(d.own, d.best.text) for d in decisions if d.best.text != d.own)


def _at_break(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` starts or ends at a line break (a printed line's edge)."""
    return "\n" in text[max(0, start - 1):start + 1] or "\n" in text[max(0, end - 1):end + 1]


def _proposal(
    dec: Decision, docs: list[_Doc], language: Language | None, group_of, habits: Counter | None = None
) -> Proposal | None:
    target = docs[dec.target]
    own = dec.own
    own_c = dec.candidate(own)
    best = dec.best
    witnesses = [c for c in dec.candidates if c.support]
    n_wit = sum(len(c.support) for c in witnesses)
    s, e = dec.hunk.s, dec.hunk.e
    key = target.key.text
    left, right = key[max(0, s - 6):s], key[e:e + 6]
    dictionary = language.dictionary if language else None
    model = active_model()
    recording = _decision.RECORDER is not None
    own_wins = best.text == own
    if own_wins:
        # The target's own reading wins; a rival with more votes may still be an editorial
        # difference where the target stands alone (or, for the model, an OCR fix the vote missed).
        rivals = [c for c in witnesses if c.text != own and c.votes > own_c.votes]
        if not rivals:
            return None
        chosen = max(rivals, key=lambda c: c.votes)
    else:
        chosen = best
    gain = chosen.language - own_c.language
    kind, note = classify(own, chosen.text, left, right, gain, dictionary, len(chosen.support), dec.hunk.edge)
    if own_wins and kind != "variant" and model is None and not recording:
        return None
    rule_kind, rule_note = kind, note
    p_new, p_old = chosen.probability, own_c.probability
    confidence = p_new / (p_new + p_old) if p_new + p_old > 0 else 0.0
    at = target.key.to_original(s, e, len(target.doc.text))[0]
    new_chars = _restyle(docs, target, chosen.text, chosen.support, at, left, right)
    start, end, old, new = _new_text(target, s, e, own, new_chars)
    if old == new:
        return None
    fluent_kept = False
    if model is not None or recording:
        change = _change(dec, docs, dictionary, chosen, own_c, left, right, rule_kind, rule_note, start, end, habits)
        if recording:
            _decision.RECORDER.append((target.doc.id, start, end, old, new, change))
        if model is not None:
            verdict = _decision.decide(model, change)
            if verdict is None:
                return None
            kind, confidence, note = verdict
            fluent_kept = kind != "variant" and _decision.keeps_fluent_reading(change)
            if fluent_kept:
                confidence = min(confidence, _decision.FLUENT_CAP)
        elif own_wins and kind != "variant":
            return None
    if kind == "variant":
        confidence = min(VARIANT_CAP, confidence * VARIANT_CAP) if model is None else min(VARIANT_CAP, confidence)
    unbalanced = kind != "variant" and _unbalances(target.doc.text, start, end, new)
    if unbalanced:
        confidence = min(confidence, UNBALANCED_CAP)
    readings = []
    for c in dec.candidates:
        rtext = "".join(_restyle(docs, target, c.text, c.support, at, left, right))
        wits = []
        for w, ws, we in c.support:
            wd = docs[w]
            ws_o, we_o = wd.key.to_original(ws, we, len(wd.doc.text))
            wits.append(WitnessReading(wd.doc.id, ws_o, we_o, wd.doc.text[ws_o:we_o]))
        readings.append(
            Reading(
                text=rtext,
                witnesses=wits,
                votes=round(c.votes, 3),
                language=round(c.language, 3),
                probability=round(c.probability, 6),
            )
        )
    reason = _reason(kind, note, chosen, own_c, dec, n_wit, gain)
    if unbalanced:
        reason += "; leaves a bracket unpaired in the paragraph, so it waits for an editor"
    if fluent_kept:
        reason += "; the paper's own reading is made of words and the language evidence opposes the change, so it waits for an editor"
    return Proposal(
        doc=target.doc.id,
        start=start,
        end=end,
        old=old,
        new=new,
        confidence=round(float(confidence), 4),
        kind=kind,
        reason=reason,
        readings=readings,
        group=group_of(start),
    )


def _change(
    dec: Decision, docs: list[_Doc], dictionary, chosen, own_c, left: str, right: str,
    rule_kind: str, rule_note: str, start: int, end: int, habits: Counter | None,
) -> Change:
    """The evidence about one candidate change, for the decision model (:mod:`corrector.decision`)."""
    from .glyphs import reading_similarity

    target = docs[dec.target]
    own, new = dec.own, chosen.text
    witnesses = [c for c in dec.candidates if c.support]
    own_word, own_name = _in_words(dictionary, left, own, right, new)
    new_word, new_name = _in_words(dictionary, left, new, right, own)
    breaks = 0
    for w, ws, we in chosen.support:
        wd = docs[w]
        ws_o, we_o = wd.key.to_original(ws, we, len(wd.doc.text))
        breaks += _at_break(wd.doc.text, ws_o, we_o)
    co, cn = _changed(own, new)
    return Change(
        own=own,
        new=new,
        left=left,
        right=right,
        lm_gain=chosen.lm - own_c.lm,
        corpus_gain=chosen.corpus - own_c.corpus,
        language_gain=chosen.language - own_c.language,
        p_new=chosen.probability,
        p_old=own_c.probability,
        support_new=len(chosen.support),
        support_own=max(1, len(own_c.support)),
        witnesses=sum(len(c.support) for c in witnesses),
        candidates=len(dec.candidates),
        weight_new=chosen.votes / max(1, len(chosen.support)),
        weight_own=own_c.votes / max(1, len(own_c.support)),
        edge=dec.hunk.edge,
        own_wins=dec.best.text == own,
        rule_kind=rule_kind,
        rule_note=rule_note,
        at_break=_at_break(target.doc.text, start, end),
        witness_break=breaks / max(1, len(chosen.support)),
        recurrence=max(0, (habits or Counter()).get((co, cn), 0) - (dec.best.text != own)),
        own_word=own_word,
        new_word=new_word,
        own_name=own_name,
        new_name=new_name,
        alike=reading_similarity(co, cn) if co and cn and len(co) == len(cn) else 0.0,
    )


def _reason(kind: str, note: str, chosen, own_c, dec: Decision, n_wit: int, gain: float) -> str:
    """One line saying who reads what, what the language evidence says, and (for variants, noise) why."""
    support = sorted(((c.text, len(c.support)) for c in dec.candidates if c.support), key=lambda x: -x[1])
    parts = [_support_text(support, n_wit)]
    if not chosen.support:
        parts.append(f"{chosen.text} takes each column's majority")
    if abs(gain) >= 0.5:
        who = chosen.text or "(nothing)"
        parts.append(f"language evidence {'favours' if gain > 0 else 'opposes'} {who} by {abs(gain):.1f} nats")
    if chosen.corpus - own_c.corpus >= 0.7:
        parts.append(f"{chosen.text} occurs elsewhere in the corpus")
    if kind == "variant":
        return f"editorial variant ({note}): " + "; ".join(parts)
    if kind == "noise":
        return f"OCR noise ({note}): " + "; ".join(parts)
    return f"{kind}: " + "; ".join(parts)
