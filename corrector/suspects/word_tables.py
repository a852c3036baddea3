"""Tables the detectors derive from jieba's dictionary, kept on disk between runs.

The Lexicon's word lists, the words' prefixes, the single-character words and the dictionary's
constants depend only on the dictionary file and the detectors' constants, yet deriving them walks
the dictionary's 349,046 entries in Python: about 1.5 s of CPU, the largest one-time part of the
flags' cost on a run.  They are kept as marshal files beside the dictionary's own cache
(:func:`corrector.language.load_dictionary`: ``$CORRECTOR_CACHE`` or ``~/.cache/corrector``),
keyed by the dictionary file's size and time and by a name that carries the constants they were
made with.  A file is written atomically; where it cannot be written or read the table is simply
derived again (the same value either way: a test compares them).  Only jieba's dictionary as
:meth:`Dictionary.load` gives it is kept; any other dictionary's tables are derived every time.
"""

from __future__ import annotations

import marshal
import os
import threading
from pathlib import Path
from typing import Any, Callable

from .. import language
from ..language import Dictionary

#: Bumped when a table's layout changes (old files are then never read).
VERSION = 1

_lock = threading.Lock()


def cache_file(name: str) -> Path | None:
    """Where the table ``name`` of jieba's dictionary is kept, or None when the dictionary file is not found."""
    try:
        st = language._dict_path().stat()
    except (OSError, RuntimeError):
        return None
    return language._cache_dir() / f"suspects-{name}-v{VERSION}-{st.st_size}-{int(st.st_mtime)}.marshal"


def cached(dictionary: Dictionary, name: str, derive: Callable[[], Any]) -> Any:
    """``derive()``, read from its file when kept there (jieba's dictionary only), else derived and kept.

    ``name`` must change whenever what ``derive`` computes does (put its constants in it);
    the value must be one marshal can write (str, int, float, tuple, list, dict, frozenset ...).
    """
    if not getattr(dictionary, "_loaded", False):
        return derive()
    path = cache_file(name)
    if path is None:
        return derive()
    with _lock:
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            pass
        value = derive()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_bytes(marshal.dumps(value))
            os.replace(tmp, path)
        except (OSError, ValueError):
            pass
        return value
