"""Writing outputs safely: validated names inside ``--out``, no link followed, a whole set or none.

Rules (issue 9), each in one place here:

- An output name comes from a document id, which may come from a review database: it must be a
  relative path of ordinary components (no ``..``, ``.``, empty part, leading ``/``, NUL, reserved
  name, undecodable byte) short enough for the file system (:func:`output_name`).
- Every folder under ``--out`` is opened component by component with ``O_NOFOLLOW`` relative to its
  parent: a symbolic link anywhere under ``--out`` is refused, never followed. Files are created with
  ``O_EXCL | O_NOFOLLOW`` and moved into place with ``rename``, which replaces a directory entry and
  never writes into an existing file (so not into an input that is hard-linked or linked there).
- A run writes its whole set into ``--out/.corrector-staging/`` first; only when every file is
  written does it remove the old ``report.json``, move the files into place and put the new
  ``report.json`` in last, atomically. An interruption before that leaves the previous set with its
  report; during the moves (milliseconds) it leaves no report at all; ``report.json`` is never left
  describing files that are not there.
- Only files corrector wrote are replaced or removed: those the previous ``report.json`` lists with
  the SHA-256 they still have (or an interrupted run's staging manifest names). Any other file in the
  way, or one edited since, is refused unless ``force``.
- Files get ordinary permissions (``0o666`` less the umask), folders ``0o777`` less the umask.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .errors import CorrectorError, OutputError, shown
from .model import SCHEMA, Document, Proposal
from .safe_files import (
    _DIR_FLAGS, _NEW_FILE_FLAGS, MANIFEST, REPORT, RESERVED_PREFIX, STAGING, _check_no_clash, _input_ids, _name_max,
    _no_interrupt, _read_small, _remove_tree, _split, _Tree, _valid, _write_new, json_bytes, output_name,
)

#: What corrector wrote in a folder: name → the SHA-256 digests it may have (``None``: not recorded).
Owned = dict[str, "set[str] | None"]


def _owned_by_report(data: bytes | None) -> Owned:
    """Names a previous ``report.json`` (this version's or 0.1's) or a staging manifest says corrector
    wrote, with the SHA-256 each file may have (``None`` where not recorded)."""
    if not data:
        return {}
    try:
        report = json.loads(data)
        files = report.get("files", [])
        if isinstance(files, dict):  # a staging manifest: name → digests
            return {str(n): (set(map(str, h)) if h is not None else None) for n, h in files.items()}
        owned: Owned = {str(n): None for n in files}
        for d in report.get("documents", []):
            if "file" in d:
                owned[str(d["file"])] = {str(d["sha256"])}
                if "diff_file" in d:
                    owned[str(d["diff_file"])] = {str(d["diff_sha256"])}
            else:  # version 0.1: names only
                owned.setdefault(str(d["id"]), None)
                owned.setdefault(str(d["id"]) + ".diff", None)
        return owned
    except (ValueError, TypeError, KeyError, AttributeError):
        return {}


def _manifest(owned: Owned, files: dict[str, str]) -> bytes:
    """The staging manifest: every name of the old set and the new (``files``: name → SHA-256), with the digests either version has."""
    entries: dict[str, list[str] | None] = {}
    for name in sorted(set(owned) | set(files)):
        if name in owned and owned[name] is None:
            entries[name] = None
            continue
        digests = set(owned.get(name) or ())
        if name in files:
            digests.add(files[name])
        entries[name] = sorted(digests)
    return json_bytes({"schema": SCHEMA, "files": entries})


def _digest(tree: _Tree, name: str) -> str | None:
    dirs, base = _split(name)
    fd = tree.folder(dirs, create=False)
    data = _read_small(fd, base) if fd is not None else None
    return hashlib.sha256(data).hexdigest() if data is not None else None


def _ours(tree: _Tree, name: str, owned: Owned) -> bool:
    """Whether the file ``name`` in the folder is one corrector wrote and nobody changed since."""
    if name not in owned:
        return False
    expected = owned[name]
    return expected is None or _digest(tree, name) in expected


#: In the staging folder: the staged output files, under their output names (so no output name meets the manifest's or the report's).
STAGED_FILES = "files"

#: In the staging folder: the report's rows of each document, spooled there until the report is written (an
#: input cannot take this name: see :data:`RESERVED_PREFIX`).
ROWS = RESERVED_PREFIX + "-rows"


class OutputSet:
    """One set of output files written into ``out_dir`` file by file, then put in place with ``report.json`` last.

    Files go to the staging folder as they are given (:meth:`add`), so nothing needs to hold the
    whole set; :meth:`finish` checks every destination (nothing in ``out_dir`` has changed until
    then), writes the manifest and the report into the staging folder, and moves the set into place
    (see the module doc).  Leaving the ``with`` block without :meth:`finish` (an error, Ctrl-C)
    removes what was staged and leaves ``out_dir`` as it was.

    Args:
        out_dir: The output folder (created with its parents if missing; it may itself be a link).
        inputs: Paths of the input files: none of them is ever replaced, even where linked into ``out_dir``.
        force: Replace files in the way that corrector did not write.
    """

    def __init__(self, out_dir: str | os.PathLike[str], *, inputs: Iterable[str | os.PathLike[str]] = (), force: bool = False) -> None:
        self.out = Path(out_dir)
        self.force = force
        self.digests: dict[str, str] = {}  # name → SHA-256 of what was staged under it
        self._protect = _input_ids(inputs)
        os.makedirs(self.out, exist_ok=True)
        self._root = os.open(self.out, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
        self.tree = _Tree(self._root, str(self.out))
        self._staged: _Tree | None = None
        self._rows = -1
        self._moving = False
        try:
            self._begin()
        except BaseException:
            self.close()
            raise

    def _begin(self) -> None:
        root = self.tree.root
        # 1. What is ours: the previous report's files and an interrupted run's manifest.
        self.owned = owned = _owned_by_report(_read_small(root, REPORT))
        leftover = self.tree.lstat(STAGING)
        self._leftover = leftover is not None and stat.S_ISDIR(leftover.st_mode)
        if self._leftover:
            staging_fd = os.open(STAGING, _DIR_FLAGS, dir_fd=root)
            try:
                for name, digests in _owned_by_report(_read_small(staging_fd, MANIFEST)).items():
                    if name not in owned:
                        owned[name] = digests
                    elif owned[name] is not None:
                        owned[name] = None if digests is None else owned[name] | digests  # type: ignore[operator]
            finally:
                os.close(staging_fd)
        # 2. A fresh staging folder; its manifest names the old set until the new one is complete.
        if leftover is not None:
            _remove_tree(root, STAGING)
        self._open_staging()

    def _open_staging(self) -> None:
        self._rows = -1
        os.mkdir(STAGING, 0o777, dir_fd=self.tree.root)
        self._staged = _Tree(os.open(STAGING, _DIR_FLAGS, dir_fd=self.tree.root), f"{self.out}/{STAGING}")
        _write_new(self._staged.root, MANIFEST, _manifest(self.owned, {}))
        self._rows = os.open(ROWS, _NEW_FILE_FLAGS & ~os.O_WRONLY | os.O_RDWR, 0o666, dir_fd=self._staged.root)
        self._rows_end = 0

    def add(self, name: str, data: bytes) -> str:
        """Stage ``data`` under the validated output name ``name``; returns its SHA-256."""
        if name in self.digests:
            raise OutputError(f"two outputs would be named {shown(name)!r} (two documents with one name, or a document "
                              "named like another one's .diff)")
        assert self._staged is not None
        dirs, base = _split(name)
        _write_new(self._staged.folder((STAGED_FILES, *dirs), create=True), base, data)  # type: ignore[arg-type]
        digest = self.digests[name] = hashlib.sha256(data).hexdigest()
        return digest

    def spool(self, data: bytes) -> tuple[int, int]:
        """Keep ``data`` in the staging folder until :meth:`read_back`; returns where it is."""
        at = self._rows_end
        view = memoryview(data)
        while view:
            view = view[os.pwrite(self._rows, view, self._rows_end):]
            self._rows_end = at + len(data) - len(view)
        return at, len(data)

    def read_back(self, where: tuple[int, int]) -> bytes:
        """What :meth:`spool` kept at ``where``."""
        at, size = where
        chunks = []
        while size:
            chunk = os.pread(self._rows, size, at)
            if not chunk:
                raise OSError(f"{self.out}/{STAGING}/{ROWS} was cut short")
            chunks.append(chunk)
            at += len(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def finish(self, report: bytes) -> Path:
        """Check every destination, write ``report`` and move the set into place, the report last.

        Raises:
            OutputError: a link or non-folder in the way, an input in the way, files corrector did not
                write in the way (without ``force``). Nothing has been changed in ``out_dir`` then.
        """
        tree, root, owned, protect = self.tree, self.tree.root, self.owned, self._protect
        staged = self._staged
        assert staged is not None
        # 3. Check every destination before anything changes.
        foreign = []
        for name in sorted(self.digests):
            st = tree.lstat(name)
            if st is None:
                continue
            where = shown(f"{self.out}/{name}")
            if stat.S_ISDIR(st.st_mode):
                raise OutputError(f"{where} is a folder in the way of an output file")
            if (st.st_dev, st.st_ino) in protect:
                raise OutputError(f"{where} is one of the input files; choose another --out")
            if not self.force and not _ours(tree, name, owned):
                foreign.append(name)
        if foreign:
            more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
            raise OutputError(f"{shown(self.out)} holds files corrector did not write, or that were changed since "
                              f"({shown(foreign[0])}{more}); choose another folder (corrector auto --force replaces them)")
        # 4. The manifest of the old set and the new, then the report, into the staging folder.
        _write_new(staged.root, MANIFEST + ".new", _manifest(owned, self.digests))
        os.replace(MANIFEST + ".new", MANIFEST, src_dir_fd=staged.root, dst_dir_fd=staged.root)
        _write_new(staged.root, REPORT, report)
        # 5. Move it into place: the old report goes first, the new one comes last.  From here on
        # the staging folder stays if anything stops the moves: its manifest tells the next run what is ours.
        self._moving = True
        with _no_interrupt():
            try:
                os.unlink(REPORT, dir_fd=root)
            except FileNotFoundError:
                pass
            os.fsync(root)
            for name in sorted(set(owned) - set(self.digests) - {REPORT}):
                _remove_stale(tree, name, owned, protect)
            for name in self.digests:
                dirs, base = _split(name)
                os.replace(base, base, src_dir_fd=staged.folder((STAGED_FILES, *dirs), create=False),
                           dst_dir_fd=tree.folder(dirs, create=True))
            for fd in set(tree._fds.values()):
                os.fsync(fd)
            os.replace(REPORT, REPORT, src_dir_fd=staged.root, dst_dir_fd=root)
            os.fsync(root)
            self._close_staged()
            _remove_tree(root, STAGING)
        return self.out / REPORT

    def _close_staged(self) -> None:
        if self._staged is not None:
            if self._rows >= 0:
                os.close(self._rows)
                self._rows = -1
            self._staged.close()
            os.close(self._staged.root)
            self._staged = None

    def abandon(self) -> None:
        """Remove what was staged; ``out_dir`` stays as it was (an interrupted run's manifest is kept)."""
        if self._staged is None:
            return
        self._close_staged()
        if self._moving:
            return
        _remove_tree(self.tree.root, STAGING)
        if self._leftover:  # what that run may have moved into place is still known to be ours next time
            os.mkdir(STAGING, 0o777, dir_fd=self.tree.root)
            fd = os.open(STAGING, _DIR_FLAGS, dir_fd=self.tree.root)
            try:
                _write_new(fd, MANIFEST, _manifest(self.owned, {}))
            finally:
                os.close(fd)

    def close(self) -> None:
        try:
            self.abandon()
        finally:
            self.tree.close()
            if self._root >= 0:
                os.close(self._root)
                self._root = -1

    def __enter__(self) -> "OutputSet":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_set(
    out_dir: str | os.PathLike[str],
    files: dict[str, bytes],
    report: bytes,
    *,
    inputs: Iterable[str | os.PathLike[str]] = (),
    force: bool = False,
) -> Path:
    """Write ``files`` (relative name → bytes) and then ``report.json`` into ``out_dir`` as one set (:class:`OutputSet`)."""
    with OutputSet(out_dir, inputs=inputs, force=force) as out:
        for name, data in files.items():
            out.add(name, data)
        return out.finish(report)


def _remove_stale(tree: _Tree, name: str, owned: Owned, protect: set) -> None:
    """Remove a file the previous set had and this one has not (a ``.diff`` of a page now unchanged).

    Only a file still as corrector wrote it (its recorded SHA-256; a ``.diff`` where none was recorded)
    is removed. The name comes from a ``report.json`` that may have been edited: anything not a valid
    output name, behind a link, a folder or an input is left alone.
    """
    if not _valid(name) or (owned.get(name) is None and not name.endswith(".diff")):
        return
    try:
        st = tree.lstat(name)
        if st is None or not stat.S_ISREG(st.st_mode) or (st.st_dev, st.st_ino) in protect:
            return
        expected = owned.get(name)
        if expected is not None and _digest(tree, name) not in expected:
            return
        dirs, base = _split(name)
        os.unlink(base, dir_fd=tree.folder(dirs, create=False))
    except (CorrectorError, OSError):
        return


# ---------------------------------------------------------------- the corrected set


@dataclass
class WriteSummary:
    """What :func:`write_outputs` wrote."""

    written: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    report: str = ""


def write_outputs(
    out_dir: str | os.PathLike[str],
    documents: list[Document],
    applied: list[Proposal],
    skipped: list,
    *,
    meta: dict[str, Any] | None = None,
    force: bool = False,
) -> WriteSummary:
    """Write every document (changed or not) under its id, a ``.diff`` per changed one, and ``report.json``.

    The whole set is written into the staging folder first and checked, then put in place as one
    set (see the module doc): an interruption never leaves a ``report.json`` describing files that
    are not there.  (:class:`CorrectedSet` writes the same set one document at a time.)

    Args:
        out_dir: Destination folder (created if needed); see :func:`check_out_dir`.
        documents: All input documents; their ids are the output names (validated: see :func:`output_name`).
        applied: Proposals to apply (at most one per span; they must not overlap).
        skipped: ``Skipped`` proposals (``.proposal``, ``.why``), listed in the report without their
            readings, which ``corrector propose --json`` gives.
        meta: Extra fields for the report (command, options, timings).
        force: Replace files in ``out_dir`` that corrector did not write.

    Returns:
        The files written.

    Raises:
        CorrectorError: a bad document name, overlapping proposals, or an unsafe output folder;
            nothing is written then.
    """
    applied_by: dict[str, list[Proposal]] = {}
    for p in applied:
        applied_by.setdefault(p.doc, []).append(p)
    skipped_by: dict[str, list] = {}
    for sk in skipped:
        skipped_by.setdefault(sk.proposal.doc, []).append(sk)
    with CorrectedSet(out_dir, inputs=[d.path for d in documents], force=force) as out:
        for t, doc in enumerate(documents):
            out.add_document(t, doc, applied_by.pop(doc.id, []), skipped_by.pop(doc.id, []))
        for doc_id in sorted(set(applied_by) | set(skipped_by)):  # proposals of no document given: listed, not applied
            out.add_rows(doc_id, None, applied_by.get(doc_id, []), skipped_by.get(doc_id, []))
        return out.finish(meta)


class CorrectedSet:
    """:func:`write_outputs` one document at a time: each document's files are staged as it comes and
    its report rows spooled in the staging folder, so no one holds every document and proposal.

    ``report.json`` is the same, byte for byte, as :func:`write_outputs` writes for the same documents
    (in the order of their ``index``) and proposals.  Use it in a ``with`` block and call :meth:`finish`.
    """

    def __init__(self, out_dir: str | os.PathLike[str], *, inputs: Iterable[str | os.PathLike[str]] = (), force: bool = False) -> None:
        self.out = Path(out_dir)
        self.name_max = _name_max(self.out)
        self.summary = WriteSummary()
        self._set = OutputSet(out_dir, inputs=inputs, force=force)
        self._entries: dict[int, bytes] = {}  # document index → its entry in the report, as JSON
        self._rows: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {}  # document id → its spooled applied and skipped rows
        self._written: dict[int, list[str]] = {}

    def add_document(self, index: int, doc: Document, applied: list[Proposal], skipped: list) -> None:
        """Stage ``doc`` corrected by ``applied`` (its own proposals, which must not overlap), its ``.diff``
        and its report entry (at ``index`` in the report's document list) and rows (``skipped``: its ``Skipped``)."""
        from .apply import apply, patch_text, unified_diff_bytes

        out = self.out
        name = output_name(doc.id, name_max=self.name_max)
        corrected = apply(doc, applied)
        try:
            data = doc.encode(corrected)
        except (LookupError, UnicodeError) as err:  # an encoding name or text from a crafted review database
            raise OutputError(f"{shown(doc.id)}: cannot be written back as {shown(str(doc.encoding))} ({shown(str(err))})") from None
        entry: dict[str, Any] = {"id": doc.id, "path": doc.path, "applied": len(applied), "output": str(out / name),
                                 "file": name, "sha256": self._set.add(name, data)}
        del data
        written = [str(out / name)]
        if applied:
            output_name(doc.id, name_max=self.name_max, suffix=".diff")
            diff = unified_diff_bytes(doc, corrected)
            entry.update({"diff": str(out / f"{name}.diff"), "diff_file": name + ".diff",
                          "diff_sha256": self._set.add(name + ".diff", diff), "patch": patch_text(doc.text, applied)})
            written.append(doc.id)
        self._written[index] = written
        self._entries[index] = json_bytes(entry)
        self.add_rows(doc.id, doc, applied, skipped)

    def add_rows(self, doc_id: str, doc: Document | None, applied: list[Proposal], skipped: list) -> None:
        """Spool the report rows of one document's proposals (``doc``: the document, for their context; ``None``: not given)."""
        from .apply import context, inline_diff

        def row(p: Proposal, why: str | None = None) -> bytes:
            r = p.to_json(readings=why is None)
            r["diff"] = context(doc, p) if doc is not None else inline_diff(p.old, p.new)
            if why is not None:
                r["skipped_because"] = why
            return json_bytes(r)

        rows_a = b", ".join(row(p) for p in sorted(applied, key=lambda p: p.start))
        rows_s = b", ".join(row(sk.proposal, sk.why) for sk in sorted(skipped, key=lambda sk: sk.proposal.start))
        self._rows[doc_id] = (self._set.spool(rows_a), self._set.spool(rows_s))

    def finish(self, meta: dict[str, Any] | None = None) -> WriteSummary:
        """Write ``report.json`` (with the fields of ``meta``) and put the set in place."""
        _check_no_clash(self._set.digests)
        order = sorted(self._entries)
        for t in order:
            self.summary.written.append(self._written[t][0])
            self.summary.changed.extend(self._written[t][1:])
        parts = [b'{"schema": ', json_bytes(SCHEMA)]
        for k, v in (meta or {}).items():
            parts += [b", ", json_bytes(k), b": ", json_bytes(v)]
        parts += [b', "files": ', json_bytes(sorted(self._set.digests)), b', "documents": [',
                  b", ".join(self._entries[t] for t in order), b"]"]
        for key, which in (("applied", 0), ("skipped", 1)):
            rows = (self._set.read_back(self._rows[d][which]) for d in sorted(self._rows))
            parts += [b', "', key.encode(), b'": [', b", ".join(r for r in rows if r), b"]"]
        parts.append(b"}")
        report = b"".join(parts)
        del parts
        self.summary.report = str(self._set.finish(report))
        return self.summary

    def close(self) -> None:
        """Remove what was staged unless :meth:`finish` put it in place."""
        self._set.close()

    def __enter__(self) -> "CorrectedSet":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
