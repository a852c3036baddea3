"""Errors the command line turns into one clear line and exit status 2, and names made safe to print."""

from __future__ import annotations

import os
import unicodedata


class CorrectorError(Exception):
    """Bad input or a refused operation; ``str(err)`` is the one line shown to the user."""


class InputError(CorrectorError):
    """A path that cannot be read as text: missing, binary, undecodable or empty."""


class OutputError(CorrectorError):
    """An output that cannot be written safely: a name outside ``--out``, a link, a foreign file in the way."""


#: Unicode categories never printed raw: controls (escape codes, newlines), format characters (bidi
#: overrides that reorder what the terminal shows), lone surrogates (bytes of a non-UTF-8 file name).
_UNPRINTABLE = ("Cc", "Cf", "Cs", "Zl", "Zp")


def shown(name: str | bytes | os.PathLike) -> str:
    """A file name (or any text from outside) safe to print on one line: control and format characters,
    line breaks and undecodable bytes are written as Python escapes (``\\x1b``, ``\\n``, ``\\u202e``).

    Rich markup is a separate matter: escape it with ``rich.markup.escape`` where text goes through Rich.
    """
    raw = os.fspath(name) if not isinstance(name, (str, bytes)) else name
    name = raw.decode("utf-8", "surrogateescape") if isinstance(raw, bytes) else raw
    if name.isprintable():
        return name
    out = []
    for ch in name:
        cat = unicodedata.category(ch)
        if cat not in _UNPRINTABLE:
            out.append(ch)
        elif 0xDC80 <= ord(ch) <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)
