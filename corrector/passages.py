"""Passages: the groups as passim's clusters of aligned passages, and ``--passim-json`` in passim's output format.

A group (:func:`corrector.discover.make_groups`) is a cluster of passages: spans of documents linked
by an alignment, with overlapping spans of one document merged, like passim's clusters (connected
components of aligned passages, not of documents; a page that prints several stories takes part in
several clusters).  passim's cluster output (``out.json``, read from ``dasmiq/passim``'s
``seriatim.py`` ``clusterExtents``/``clusterJoin`` and its README) has one JSON record per passage:

``cluster``  the cluster's id;
``size``     the number of distinct documents in the cluster (passim counts distinct ``uid``);
``uid``      a numeric id of the document (passim: Spark's ``xxhash64`` of ``id``; here the first 8
             bytes of BLAKE2b of ``id``, signed: join on ``id``, not ``uid``);
``id``       the document's id;
``begin``, ``end``  code-point offsets of the passage in the original text (``end`` exclusive);
``text``     the passage (``text[begin:end]``).

Records are sorted as passim sorts its JSON output: by ``size`` descending, then ``cluster``, ``id``, ``begin``.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any, Sequence

from .model import Document, Group


@dataclass(frozen=True)
class Passage:
    """One passage of a cluster, with passim's fields."""

    cluster: int
    size: int
    uid: int
    id: str
    begin: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"cluster": self.cluster, "size": self.size, "uid": self.uid, "id": self.id,
                "begin": self.begin, "end": self.end, "text": self.text}


def uid(doc_id: str) -> int:
    """A signed 64-bit number for a document id (stable across runs and machines)."""
    return int.from_bytes(hashlib.blake2b(doc_id.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def passages(documents: Sequence[Document], groups: Sequence[Group]) -> list[Passage]:
    """Every passage of every group, in passim's order (size descending, cluster, id, begin)."""
    texts = {d.id: d.text for d in documents}
    out = []
    for g in groups:
        size = len({p.doc for p in g.passages})
        for p in g.passages:
            out.append(Passage(g.id, size, uid(p.doc), p.doc, p.start, p.end, texts[p.doc][p.start:p.end]))
    out.sort(key=lambda p: (-p.size, p.cluster, p.id, p.begin))
    return out


def counts(groups: Sequence[Group]) -> tuple[int, int, int]:
    """``(passages, clusters, documents)`` the groups hold (what the summary reports)."""
    return sum(len(g.passages) for g in groups), len(groups), len({p.doc for g in groups for p in g.passages})


def passim_json(documents: Sequence[Document], groups: Sequence[Group]) -> bytes:
    """passim's cluster output: one JSON line (UTF-8, not ASCII-escaped) per passage."""
    return b"".join(
        json.dumps(p.to_json(), ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
        for p in passages(documents, groups)
    )


def write_passim_json(path: str | os.PathLike[str], documents: Sequence[Document], groups: Sequence[Group]) -> None:
    """Write :func:`passim_json` to ``path`` atomically, refusing an input file, a link or a non-regular file."""
    from .safe_files import write_file

    write_file(path, passim_json(documents, groups), inputs=[d.path for d in documents])
