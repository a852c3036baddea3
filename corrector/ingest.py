"""Ingest: find the text files, detect their encoding, and build the comparison keys."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from .errors import InputError, shown
from .model import Document

#: Files larger than this are refused (a newspaper page is a few tens of kB).
MAX_BYTES = 64 * 1024 * 1024

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# Characters dropped from the comparison key besides str.isspace() ones.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}

# Quotation marks folded together for comparison (the original is always kept).
_QUOTES = {"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'", "\u300c": '"', "\u300d": '"'}


class EmptyInput(InputError):
    """A file with no text in it; skipped with a warning when other files remain."""


def fold_char(ch: str) -> str:
    """Fold one character for comparison: NFC, full-width ASCII to half-width, quote marks together.

    Returns:
        The folded character, or ``""`` for whitespace and invisible characters.
    """
    if ch.isspace() or ch in _INVISIBLE:
        return ""
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E:
        return chr(o - 0xFEE0)
    if ch in _QUOTES:
        return _QUOTES[ch]
    if o < 0x80:
        return ch
    n = unicodedata.normalize("NFC", ch)
    return n if len(n) == 1 else ch


@dataclass
class Key:
    """The comparison view of a document.

    Attributes:
        text: Folded characters with whitespace removed.
        pos: ``pos[i]`` is the offset in the original text of ``text[i]`` (NumPy int array).
    """

    text: str
    pos: np.ndarray

    def to_original(self, start: int, end: int, length: int) -> tuple[int, int]:
        """Map a key range ``[start, end)`` to an original-text range.

        An empty key range (an insertion point) maps to just after the previous key character.
        """
        if start < end:
            return int(self.pos[start]), int(self.pos[end - 1]) + 1
        if start == 0:
            return (int(self.pos[0]), int(self.pos[0])) if len(self.pos) else (0, 0)
        p = int(self.pos[start - 1]) + 1
        return p, p


#: Every character ``str.isspace`` accepts, and the invisible ones, as code points.
_DROPPED = np.array(
    [*range(0x09, 0x0E), *range(0x1C, 0x21), 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F,
     0x205F, 0x3000, *(ord(c) for c in _INVISIBLE)],
    dtype=np.uint32,
)


def make_key(text: str) -> Key:
    """Build the comparison key of ``text`` (see :func:`fold_char`); combining marks are composed."""
    if unicodedata.is_normalized("NFC", text):
        # Fast path, same result: NFC text needs only width and quote folding and whitespace removal.
        cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).copy()
        keep = ~np.isin(cps, _DROPPED)
        wide = (cps >= 0xFF01) & (cps <= 0xFF5E)
        cps[wide] -= 0xFEE0
        for src, dst in _QUOTES.items():
            cps[cps == ord(src)] = ord(dst)
        pos = np.nonzero(keep)[0].astype(np.int64)
        return Key(cps[keep].tobytes().decode("utf-32-le"), pos)
    chars: list[str] = []
    pos: list[int] = []
    for i, ch in enumerate(text):
        f = fold_char(ch)
        if not f:
            continue
        if chars and unicodedata.combining(f):
            composed = unicodedata.normalize("NFC", chars[-1] + f)
            if len(composed) == 1:
                chars[-1] = composed
                continue
        chars.append(f)
        pos.append(i)
    return Key("".join(chars), np.asarray(pos, dtype=np.int64))


def decode(data: bytes, name: str) -> tuple[str, str, bytes]:
    """Decode the bytes of a text file.

    Returns:
        ``(text, encoding, bom)``.

    Raises:
        InputError: binary or undecodable data.
        EmptyInput: no text at all.
    """
    if not data.strip():
        raise EmptyInput(f"{name}: empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            if enc.startswith("utf-16") and len(body) % 2:
                raise InputError(f"{name}: truncated UTF-16 text (odd number of bytes)")
            try:
                text = body.decode(enc)
            except UnicodeDecodeError as err:
                raise InputError(f"{name}: not valid {enc.upper()} text (byte {err.start + len(bom)})") from None
            return _checked(text, enc, bom, name)
    if b"\x00" in data:
        raise InputError(f"{name}: binary file (contains NUL bytes); UTF-16 text needs a byte-order mark")
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "gb18030" and not _plausible_gb(text):
            break
        return _checked(text, enc, b"", name)
    raise InputError(f"{name}: cannot decode as UTF-8, UTF-16 (with BOM) or GB18030/GBK")


def _plausible_gb(text: str) -> bool:
    """Whether GB18030-decoded text looks like Chinese: most non-ASCII characters are in GB2312.

    Bytes of another legacy encoding (Latin-1, Shift-JIS, ...) often decode as GB18030 too, but
    into rare characters outside GB2312's 7,445.
    """
    wide = Counter(c for c in text if ord(c) > 0x7F)
    if not wide:
        return True
    common = 0
    for c, n in wide.items():
        try:
            c.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += n
    return common >= 0.8 * sum(wide.values())


#: Unicode's control characters (category Cc: U+0000–U+001F, U+007F–U+009F) other than \t \n \v \f \r,
#: as one pattern (a loop calling ``unicodedata.category`` per character cost ~1 s a 1,000 pages).
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _checked(text: str, enc: str, bom: bytes, name: str) -> tuple[str, str, bytes]:
    if not text.strip():
        raise EmptyInput(f"{name}: empty file")
    controls = len(_CONTROLS.findall(text))
    if controls > max(8, len(text) // 200):
        raise InputError(f"{name}: binary file ({controls} control characters)")
    return text, enc, bom


def _newline(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    best = max((lf, "\n"), (crlf, "\r\n"), (cr, "\r"))
    return best[1] if best[0] else "\n"


def _kind(mode: int) -> str:
    """What a file that is not a regular file or folder is, for messages."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _utf8_name(name: str) -> bool:
    """Whether a name from the file system was valid UTF-8 (``os`` keeps other bytes as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_bytes(path: str | os.PathLike[str], name: str | None = None) -> bytes:
    """The bytes of a regular file, never opening a FIFO, socket or device and never reading past :data:`MAX_BYTES`.

    The file is opened non-blocking (a FIFO put in its place after the check cannot hang the read) and
    checked again on the open descriptor.

    Raises:
        InputError: missing, not a regular file, too large, or unreadable.
    """
    name = shown(path) if name is None else name
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{name}: {'is a folder' if stat.S_ISDIR(st.st_mode) else 'not a regular file (' + _kind(st.st_mode) + ')'}")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise InputError(f"{name}: not a regular file ({_kind(st.st_mode)})")
            if st.st_size > MAX_BYTES:
                raise InputError(f"{name}: too large ({st.st_size // (1024 * 1024)} MiB; the limit is {MAX_BYTES // (1024 * 1024)} MiB)")
            os.set_blocking(fd, True)
            chunks: list[bytes] = []
            size = 0
            while size <= MAX_BYTES:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            if size > MAX_BYTES:  # grew while being read
                raise InputError(f"{name}: too large (the limit is {MAX_BYTES // (1024 * 1024)} MiB)")
            return b"".join(chunks)
        finally:
            os.close(fd)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except OSError as err:
        raise InputError(f"{name}: cannot read ({err.strerror or err})") from None


def read_document(path: str | os.PathLike[str], doc_id: str | None = None) -> Document:
    """Read one file into a :class:`Document`, checking it can be written back byte for byte."""
    p = Path(path)
    name = shown(path)
    data = read_bytes(p, name)
    text, enc, bom = decode(data, name)
    doc = Document(
        id=doc_id or p.name,
        path=str(path),
        encoding=enc,
        bom=bom,
        newline=_newline(text),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
    )
    if doc.encode() != data:
        raise InputError(f"{name}: {enc} text that does not round-trip byte for byte; convert it to UTF-8 first")
    return doc


def _inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:
        return False


def _scan(root: Path, warn: Callable[[str], None]) -> list[tuple[Path, str]]:
    """The ``*.txt`` regular files under ``root`` with their ids (paths relative to ``root``).

    Names starting with ``.`` are left out. A link is followed only to a file inside ``root`` (a link to
    a folder is never followed: its files inside ``root`` are found where they are, and a loop cannot
    form). Everything else that looks like text but is not read is named in a warning: links that
    point outside ``root`` or nowhere, FIFOs, sockets, devices, unreadable folders, non-UTF-8 names.
    """
    top = os.path.realpath(root)
    found: list[tuple[Path, str]] = []
    stack: list[tuple[str, str]] = [(os.fspath(root), "")]
    while stack:
        folder, rel = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as err:
            warn(f"skipped folder {shown(folder)}: cannot read it ({err.strerror or err})")
            continue
        for e in entries:
            if e.name.startswith("."):
                continue
            is_txt = e.name.endswith(".txt")
            try:
                link = e.is_symlink()
                if not _utf8_name(e.name):
                    if is_txt or e.is_dir(follow_symlinks=False):
                        warn(f"skipped {shown(e.path)}: file name is not valid UTF-8; rename it to read it")
                    continue
                if link:
                    target = os.path.realpath(e.path)
                    try:
                        st = os.stat(e.path)
                    except FileNotFoundError:
                        if is_txt:
                            warn(f"skipped {shown(e.path)}: a symbolic link to nothing")
                        continue
                    if not _inside(target, top):
                        if is_txt or stat.S_ISDIR(st.st_mode):
                            warn(f"skipped {shown(e.path)}: a symbolic link to {shown(target)}, outside {shown(root)}")
                        continue
                    if stat.S_ISDIR(st.st_mode):
                        continue  # inside root: its files are found where they are
                else:
                    st = e.stat(follow_symlinks=False)
            except OSError as err:
                warn(f"skipped {shown(e.path)}: {err.strerror or err}")
                continue
            if stat.S_ISDIR(st.st_mode):
                stack.append((e.path, rel + e.name + "/"))
            elif is_txt:
                if stat.S_ISREG(st.st_mode):
                    found.append((Path(e.path), rel + e.name))
                else:
                    warn(f"skipped {shown(e.path)}: not a regular file ({_kind(st.st_mode)})")
    found.sort(key=lambda pair: pair[1].split("/"))
    return found


def find_files(
    paths: Iterable[str | os.PathLike[str]], *, on_warning: Callable[[str], None] | None = None
) -> list[tuple[Path, str]]:
    """Expand files and folders (recursively, ``*.txt``) into ``(path, id)`` pairs.

    Ids are paths relative to the folder given (or the file name for a file given directly);
    the same file named twice is read once. Only regular files are ever returned (see :func:`_scan`
    for what is skipped in folders, each with a warning); a file whose name is not valid UTF-8 is
    skipped with a warning too (its name could not be written to ``report.json``).

    Raises:
        InputError: a missing path, a path that is not a regular file or folder, a folder with no
            readable ``*.txt`` file, or two files that would share an id.
    """
    found: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    ids: dict[str, Path] = {}
    for raw in paths:
        name = shown(raw)
        if not os.fspath(raw):
            raise InputError("an empty path was given as input")
        p = Path(raw)
        try:
            st = os.stat(p)
        except FileNotFoundError:
            raise InputError(f"{name}: {'a symbolic link to nothing' if os.path.islink(p) else 'no such file or folder'}") from None
        except OSError as err:
            raise InputError(f"{name}: cannot read ({err.strerror or err})") from None
        if stat.S_ISDIR(st.st_mode):
            warnings: list[str] = []

            def warn(msg: str, warnings: list[str] = warnings) -> None:
                warnings.append(msg)
                if on_warning:
                    on_warning(msg)

            pairs = _scan(p, warn)
            if not pairs:
                why = f" ({warnings[0]}{f' and {len(warnings) - 1} more' if len(warnings) > 1 else ''})" if warnings else ""
                raise InputError(f"{name}: folder has no *.txt files{' that can be read' if warnings else ''}{why}")
        elif not stat.S_ISREG(st.st_mode):
            raise InputError(f"{name}: not a regular file ({_kind(st.st_mode)})")
        elif not _utf8_name(p.name):
            if on_warning:
                on_warning(f"skipped {name}: file name is not valid UTF-8; rename it to read it")
            continue
        else:
            pairs = [(p, p.name)]
        for f, doc_id in pairs:
            real = f.resolve()
            if real in seen:
                continue
            seen.add(real)
            if doc_id in ids:
                raise InputError(
                    f"{shown(f)}: same name as {shown(ids[doc_id])}; give the files distinct names or pass their common folder"
                )
            ids[doc_id] = f
            found.append((f, doc_id))
    return found


def load(
    paths: Iterable[str | os.PathLike[str]], *, on_warning: Callable[[str], None] | None = None
) -> list[Document]:
    """Read every text file under ``paths``.

    Args:
        paths: Files and folders; folders are searched recursively for ``*.txt``.
        on_warning: Called with a one-line message for each file or folder skipped (empty files,
            links outside the folder, FIFOs and devices, unreadable folders, non-UTF-8 names); only
            once the inputs are known to be usable, so that a refusal is the only line printed.

    Returns:
        The documents, in the order found.

    Raises:
        InputError: bad input (see :func:`find_files` and :func:`read_document`), or no text at all.
    """
    warnings: list[str] = []
    docs: list[Document] = []
    skipped: list[str] = []
    for path, doc_id in find_files(paths, on_warning=warnings.append):
        try:
            docs.append(read_document(path, doc_id))
        except EmptyInput as err:
            skipped.append(str(err))
    if not docs:
        if len(skipped) == 1 and not warnings:
            raise InputError(skipped[0])
        reasons = warnings + skipped
        raise InputError(f"no text in any of the inputs ({reasons[0]}{f' and {len(reasons) - 1} more' if len(reasons) > 1 else ''})"
                         if reasons else "no text in any of the inputs")
    if on_warning:
        for msg in warnings + [f"skipped {m}" for m in skipped]:
            on_warning(msg)
    return docs
