"""Safe files: output names, folders opened without following links, files created exclusively; the checks of --out and --json.

The rules of :mod:`corrector.outputs` (issue 9) that concern one name, one folder or one file:
an output name is a relative path of ordinary components short enough for the file system
(:func:`output_name`); every folder under ``--out`` is opened component by component with
``O_NOFOLLOW`` (:class:`_Tree`); files are created with ``O_EXCL | O_NOFOLLOW``; ``--out`` is not an
input folder nor inside one (:func:`check_out_dir`); a single output file is never an input, a link
or anything but a regular file (:func:`write_file`).
"""

from __future__ import annotations

import json
import os
import signal
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

from .errors import CorrectorError, OutputError, shown


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
