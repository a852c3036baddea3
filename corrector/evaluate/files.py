"""Evaluation of files and folders: gold, hypothesis and original matched by name, one report."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, TypeVar

from ..errors import CorrectorError
from ..ingest import EmptyInput, read_document
from .metrics import CER, Changes, cer_normalised, compare_normalised, norm_options, describe_normalisation, normalise

T = TypeVar("T")


@dataclass
class FileReport:
    """The evaluation of one file.

    Attributes:
        name: Relative path (or file name) that matched the files.
        gold, hyp, orig: Paths of the files compared (``orig`` empty without an original).
        cer: CER of the hypothesis against gold.
        cer_orig: CER of the original against gold (None without an original).
        changes: What the changes from the original did (None without an original).
    """

    name: str
    gold: str
    hyp: str
    cer: CER
    orig: str = ""
    cer_orig: CER | None = None
    changes: Changes | None = None

    @property
    def worse(self) -> bool:
        """True when the hypothesis has more errors than the original."""
        return self.cer_orig is not None and self.cer.errors > self.cer_orig.errors

    def to_json(self, details: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "gold": self.gold, "hyp": self.hyp, "cer": self.cer.to_json()}
        if self.cer_orig is not None:
            out["orig"] = self.orig
            out["cer_orig"] = self.cer_orig.to_json()
            out["worse"] = self.worse
        if self.changes is not None:
            out["changes"] = self.changes.to_json(details)
        return out


def _total(parts: Iterable[Any], zero: T) -> T:
    """``zero`` plus every part that is not ``None`` (files without an original have no ``cer_orig``)."""
    total: Any = zero
    for part in parts:
        if part is not None:
            total = total + part
    return total


@dataclass
class Report:
    """Per-file and overall evaluation; ``to_json`` gives what ``corrector eval --json`` prints."""

    files: list[FileReport]
    normalisation: dict[str, bool]
    warnings: list[str] = field(default_factory=list)

    @property
    def has_orig(self) -> bool:
        return any(f.cer_orig is not None for f in self.files)

    @property
    def cer(self) -> CER:
        """Overall CER of the hypotheses: all errors over all gold characters."""
        return _total((f.cer for f in self.files), CER(0, 0))

    @property
    def cer_orig(self) -> CER | None:
        if not self.has_orig:
            return None
        return _total((f.cer_orig for f in self.files), CER(0, 0))

    @property
    def changes(self) -> Changes | None:
        if not self.has_orig:
            return None
        return _total((f.changes for f in self.files), Changes())

    @property
    def worse(self) -> list[str]:
        """Names of the files the hypothesis made worse than the original."""
        return [f.name for f in self.files if f.worse]

    def to_json(self, details: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": "corrector.eval/1",
            "normalisation": {**self.normalisation, "description": describe_normalisation(**self.normalisation)},
            "overall": {"files": len(self.files), "cer": self.cer.to_json()},
            "files": [f.to_json(details) for f in self.files],
            "warnings": self.warnings,
        }
        if self.has_orig:
            out["overall"]["cer_orig"] = self.cer_orig.to_json()  # type: ignore[union-attr]
            out["overall"]["changes"] = self.changes.to_json()  # type: ignore[union-attr]
            out["overall"]["worse"] = self.worse
        return out


def evaluate_texts(name: str, gold: str, hyp: str, orig: str | None = None, **norm: bool) -> FileReport:
    """Evaluate one hypothesis text (and optionally the original it was made from) against gold."""
    opts = norm_options(norm)
    g, h = normalise(gold, **opts), normalise(hyp, **opts)
    report = FileReport(name=name, gold="", hyp="", cer=cer_normalised(g, h))
    if orig is not None:
        o = normalise(orig, **opts)
        report.cer_orig = cer_normalised(g, o)
        report.changes = compare_normalised(g, o, h)
    return report


def _txt_files(folder: Path) -> dict[str, Path]:
    return {
        f.relative_to(folder).as_posix(): f
        for f in sorted(folder.rglob("*.txt"))
        if f.is_file() and not any(part.startswith(".") for part in f.relative_to(folder).parts)
    }


def _lookup(name: str, root: Path, files: dict[str, Path] | None, by_base: dict[str, list[Path]] | None) -> Path | None:
    """Find the file matching ``name`` under ``root``: same relative path, else the only file of that name."""
    if files is None:  # root is a file
        return root
    if name in files:
        return files[name]
    base = name.rsplit("/", 1)[-1]
    hits = (by_base or {}).get(base, [])
    return hits[0] if len(hits) == 1 else None


def _index(path: Path, label: str) -> tuple[dict[str, Path] | None, dict[str, list[Path]] | None]:
    if not path.exists():
        raise CorrectorError(f"{label} {path}: no such file or folder")
    if not path.is_dir():
        return None, None
    files = _txt_files(path)
    if not files:
        raise CorrectorError(f"{label} {path}: folder has no *.txt files")
    by_base: dict[str, list[Path]] = {}
    for rel, f in files.items():
        by_base.setdefault(rel.rsplit("/", 1)[-1], []).append(f)
    return files, by_base


def _read(path: Path) -> str:
    try:
        return read_document(path).text
    except EmptyInput:
        return ""


def evaluate_paths(
    gold: str | os.PathLike[str],
    hyp: str | os.PathLike[str],
    orig: str | os.PathLike[str] | None = None,
    **norm: bool,
) -> Report:
    """Evaluate files or folders of hypotheses against gold (and the originals, if given).

    Files in folders (``*.txt``, recursively) are matched by their path relative to the folder, or
    failing that by a file name found once. Every gold file needs a hypothesis (and an original);
    extra hypothesis files are ignored with a warning.

    Args:
        gold: A gold file or folder.
        hyp: The hypothesis file or folder.
        orig: The original (uncorrected) file or folder, to class the changes.
        **norm: ``whitespace`` and ``width`` for :func:`normalise`.

    Returns:
        The :class:`Report`.

    Raises:
        CorrectorError: a missing path, a folder compared with a file, or a gold file with no match.
    """
    opts = norm_options(norm)
    gold_p, hyp_p = Path(gold), Path(hyp)
    orig_p = Path(orig) if orig is not None else None
    g_files, _ = _index(gold_p, "gold")
    h_files, h_base = _index(hyp_p, "hyp")
    o_files, o_base = _index(orig_p, "orig") if orig_p is not None else (None, None)
    if g_files is not None and (h_files is None or (orig_p is not None and o_files is None)):
        raise CorrectorError(f"gold {gold_p} is a folder, so --hyp{' and --orig' if orig_p else ''} must be folders too")
    pairs = g_files if g_files is not None else {gold_p.name: gold_p}
    warnings: list[str] = []
    files: list[FileReport] = []
    missing: list[str] = []
    used: set[Path] = set()
    for name, g_path in pairs.items():
        h_path = _lookup(name, hyp_p, h_files, h_base)
        o_path = _lookup(name, orig_p, o_files, o_base) if orig_p is not None else None
        if h_path is None or (orig_p is not None and o_path is None):
            missing.append(name + (" (no hypothesis)" if h_path is None else " (no original)"))
            continue
        used.add(h_path)
        rep = evaluate_texts(name, _read(g_path), _read(h_path), _read(o_path) if o_path is not None else None, **opts)
        rep.gold, rep.hyp, rep.orig = str(g_path), str(h_path), str(o_path) if o_path is not None else ""
        files.append(rep)
    if missing:
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        raise CorrectorError(f"no matching file for gold {', '.join(missing[:3])}{more}")
    if h_files is not None:
        extra = [n for n, p in h_files.items() if p not in used]
        if extra:
            warnings.append(f"{len(extra)} hypothesis file(s) with no gold file ignored, e.g. {extra[0]}")
    return Report(files=files, normalisation=opts, warnings=warnings)
