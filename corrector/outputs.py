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
import signal
import stat
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from .errors import CorrectorError, OutputError, shown
from .model import SCHEMA, Document, Proposal

#: Written last, atomically; its presence means the set it lists is complete.
REPORT = "report.json"

#: Hidden folder inside ``--out`` holding a set being written.
STAGING = ".corrector-staging"

#: In the staging folder: every name the interrupted run owned (old and new), written first.
MANIFEST = "manifest.json"

#: Names an input may not take: the report, and anything starting like the staging folder.
RESERVED_PREFIX = ".corrector"

#: Fallback when the file system does not say its longest name (bytes; Linux, macOS and Windows agree).
NAME_MAX = 255

_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def output_name(doc_id: str, *, name_max: int = NAME_MAX, suffix: str = "") -> str:
    """``doc_id`` checked as a relative output name (``suffix``, e.g. ``.diff``, included in the length check).

    Raises:
        OutputError: a name that would land outside the folder, a reserved or unwritable name.
    """
    if not isinstance(doc_id, str) or not doc_id:
        raise OutputError("a document without a name cannot be written")
    what = f"document name {shown(doc_id)!r}"
    if "\x00" in doc_id:
        raise OutputError(f"{what} contains a NUL byte")
    try:
        doc_id.encode("utf-8")
    except UnicodeEncodeError:
        raise OutputError(f"{what} is not valid UTF-8") from None
    if doc_id.startswith("/"):
        raise OutputError(f"{what} is an absolute path; outputs are written only inside --out")
    parts = doc_id.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise OutputError(f"{what} would be written outside --out or in a folder without a name")
    if doc_id == REPORT or parts[0].startswith(RESERVED_PREFIX):
        raise OutputError(f"{what} is reserved for corrector's own files in --out")
    for i, part in enumerate(parts):
        size = len((part + (suffix if i == len(parts) - 1 else "")).encode("utf-8"))
        if size > name_max:
            raise OutputError(f"{what}: {size} bytes{' with ' + suffix if suffix and i == len(parts) - 1 else ''} is too long "
                              f"for a file name here (the limit is {name_max}); rename the input")
    return doc_id


def json_bytes(data: Any, **kwargs: Any) -> bytes:
    """JSON as UTF-8; a lone surrogate (an undecodable byte in a path) is written as its ``\\udcXX`` escape."""
    return json.dumps(data, ensure_ascii=False, **kwargs).encode("utf-8", "backslashreplace")


# ---------------------------------------------------------------- folders without links


def _split(name: str) -> tuple[list[str], str]:
    parts = name.split("/")
    return parts[:-1], parts[-1]


class _Tree:
    """Open folders under a root descriptor, each opened with ``O_NOFOLLOW`` from its parent."""

    def __init__(self, root_fd: int, label: str) -> None:
        self.root = root_fd
        self.label = label
        self._fds: dict[tuple[str, ...], int] = {(): root_fd}

    def folder(self, parts: Iterable[str], *, create: bool) -> int | None:
        """Descriptor of the folder ``parts`` (``None`` if missing and not ``create``)."""
        parts = tuple(parts)
        if parts in self._fds:
            return self._fds[parts]
        parent = self.folder(parts[:-1], create=create)
        if parent is None:
            return None
        name = parts[-1]
        where = f"{self.label}/{'/'.join(parts)}"
        try:
            fd = os.open(name, _DIR_FLAGS, dir_fd=parent)
        except FileNotFoundError:
            if not create:
                return None
            os.mkdir(name, 0o777, dir_fd=parent)
            fd = os.open(name, _DIR_FLAGS, dir_fd=parent)
        except OSError:
            st = os.lstat(name, dir_fd=parent)
            if stat.S_ISLNK(st.st_mode):
                raise OutputError(f"{shown(where)} is a symbolic link; corrector never writes through a link under "
                                  "--out (remove it or choose another folder)") from None
            raise OutputError(f"{shown(where)} is in the way: it is not a folder") from None
        self._fds[parts] = fd
        return fd

    def lstat(self, name: str) -> os.stat_result | None:
        """``lstat`` of ``name`` under the root, or ``None`` if it (or a folder on the way) is missing."""
        dirs, base = _split(name)
        fd = self.folder(dirs, create=False)
        if fd is None:
            return None
        try:
            return os.lstat(base, dir_fd=fd)
        except FileNotFoundError:
            return None

    def close(self) -> None:
        for parts, fd in self._fds.items():
            if parts:
                os.close(fd)
        self._fds = {(): self.root}


def _write_new(dir_fd: int, name: str, data: bytes) -> None:
    fd = os.open(name, _NEW_FILE_FLAGS, 0o666, dir_fd=dir_fd)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_small(dir_fd: int, name: str) -> bytes | None:
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0), dir_fd=dir_fd)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _remove_tree(dir_fd: int, name: str) -> None:
    """Remove ``name`` under ``dir_fd`` and everything in it, following no link."""
    try:
        st = os.lstat(name, dir_fd=dir_fd)
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(st.st_mode):
        os.unlink(name, dir_fd=dir_fd)
        return
    fd = os.open(name, _DIR_FLAGS, dir_fd=dir_fd)
    try:
        for entry in list(os.scandir(fd)):
            _remove_tree(fd, entry.name)
    finally:
        os.close(fd)
    os.rmdir(name, dir_fd=dir_fd)


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


@contextmanager
def _no_interrupt() -> Iterator[None]:
    """Hold SIGINT and SIGTERM while the set is moved into place (SIGKILL cannot be held; see the module doc)."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):  # not the main thread, or no signal masks here
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _input_ids(paths: Iterable[str | os.PathLike[str]]) -> set[tuple[int, int]]:
    ids = set()
    for p in paths:
        try:
            st = os.stat(p)
        except OSError:
            continue
        ids.add((st.st_dev, st.st_ino))
    return ids


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


def _valid(name: str) -> bool:
    try:
        output_name(name, name_max=1 << 30)
    except CorrectorError:
        return False
    return True


# ---------------------------------------------------------------- single files (--json)


def write_file(path: str | os.PathLike[str], data: bytes, *, inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Write one file atomically (a crash leaves the old file or the new one), refusing to clobber.

    Raises:
        OutputError: ``path`` is one of ``inputs``, a link, or an existing non-regular file (see
            :func:`check_file_target`).
    """
    check_file_target(path, inputs=inputs)
    p = Path(path)
    folder = p.parent
    folder.mkdir(parents=True, exist_ok=True)
    dir_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    tmp = f".{p.name[:200]}.{os.getpid()}.tmp"
    try:
        _write_new(dir_fd, tmp, data)
        try:
            os.replace(tmp, p.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except BaseException:
            os.unlink(tmp, dir_fd=dir_fd)
            raise
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def check_file_target(path: str | os.PathLike[str], *, inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Refuse an output file path that is one of ``inputs``, a link, or an existing non-regular file."""
    name = shown(path)
    if not os.fspath(path):
        raise OutputError("an empty file name was given for an output")
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as err:
        raise OutputError(f"{name}: {err.strerror or err}") from None
    if stat.S_ISLNK(st.st_mode):
        raise OutputError(f"{name} is a symbolic link; give the real file name (corrector does not write through links)")
    if not stat.S_ISREG(st.st_mode):
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a device or socket"
        raise OutputError(f"{name} is not a regular file ({kind}); give a file name, or - for standard output")
    if (st.st_dev, st.st_ino) in _input_ids(inputs):
        raise OutputError(f"{name} is one of the input files; corrector never overwrites an input")


# ---------------------------------------------------------------- the output folder


def check_out_dir(
    out_dir: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]], *, files_alone: bool = False
) -> Path:
    """Refuse an output folder that would put outputs among the inputs.

    Refused: ``--out`` that is, lies inside or contains a folder given as input, and ``--out`` that is
    the folder of an input file (its copy would take the input's place). With ``files_alone`` (the user
    named the files one by one, as ``corrector auto *.txt --out fixed`` does) a folder *inside* the
    folder of such files is fine; without it (``export``, whose database records files found in
    folders) the folder of every input file counts as an input folder.

    Returns:
        The resolved output folder.

    Raises:
        CorrectorError: with the reason, naming the input folder.
    """
    if not os.fspath(out_dir):
        raise OutputError("--out: give a folder name")
    out = Path(out_dir).resolve()
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {shown(out_dir)} exists and is not a folder")
    for raw in inputs:
        p = Path(raw).resolve()
        folder = p if p.is_dir() else p.parent
        of = "" if p.is_dir() else f" (of the input file {shown(raw)})"
        if out == folder and not p.is_dir():
            raise OutputError(f"--out {shown(out_dir)} is the folder of the input file {shown(raw)}: its copy would take "
                              "its place; choose another folder")
        if (out == folder or folder in out.parents) and (p.is_dir() or not files_alone):
            raise OutputError(f"--out {shown(out_dir)} is inside the input folder {shown(folder)}{of}; choose a folder outside it")
        if out in folder.parents and p.is_dir():
            raise OutputError(f"--out {shown(out_dir)} contains the input folder {shown(raw)}; choose another folder")
    return out


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


def _check_no_clash(files: Iterable[str]) -> None:
    """Refuse a document name that is also the folder of another one (``a.txt`` and ``a.txt/b.txt``)."""
    names = list(files)
    folders = {"/".join(n.split("/")[:i]) for n in names for i in range(1, n.count("/") + 1)}
    clash = sorted(folders & set(names))
    if clash:
        raise OutputError(f"document name {shown(clash[0])!r} is also a folder of another document's name")


def _name_max(out: Path) -> int:
    """The longest file name the file system of ``out`` (or its nearest existing parent) takes, in bytes."""
    p = out.absolute()
    while not p.exists() and p != p.parent:
        p = p.parent
    try:
        return int(os.pathconf(p, "PC_NAME_MAX"))
    except (OSError, ValueError):
        return NAME_MAX
