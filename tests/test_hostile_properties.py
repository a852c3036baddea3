"""Property: whatever bytes, encodings and file names the inputs have, ``propose`` and ``auto`` end with
exit 0 or one line and exit 2, never a traceback, and leave the inputs byte-identical (issue 9)."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corrector.cli import main

from .hostile import consistent, snapshot
from .texts import OTHER, STORY, THIRD

#: Name bytes: CJK in UTF-8, ASCII letters and markup, controls and escape codes, and bytes that are not UTF-8.
_NAME_PIECES = st.sampled_from(
    [b"a", b"Z", b"0", b" ", b"-", b"[", b"]", b"[/]", b"\x1b[31m", b"\n", b"\t", b"\x07", b"\xff", b"\xc3", b"\xe2\x80\xae",
     "报".encode(), "纸".encode(), "頁".encode("gb18030"), b".", b"..", b"~", b"'", b'"', b"$(x)", b"%s", b"*"]
)
NAMES = st.lists(_NAME_PIECES, min_size=1, max_size=8).map(lambda parts: b"".join(parts) + b".txt")

_TEXTS = st.sampled_from([STORY, OTHER, THIRD, STORY + OTHER, STORY.replace("统筹协调", "统筹协凋"), STORY.replace("居民", "居氏")])


@st.composite
def contents(draw) -> bytes:
    kind = draw(st.sampled_from(["text", "text", "text", "bytes", "empty", "mixed"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    if kind == "empty":
        return draw(st.sampled_from([b"", b" ", b"\r\n", "\u3000".encode()]))
    text = draw(_TEXTS)
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = text.replace("。", "。" + newline)
    if draw(st.booleans()):  # an OCR-like slip somewhere
        i = draw(st.integers(0, len(text) - 1))
        text = text[:i] + draw(st.sampled_from("己已未末治冶，。,.\x00\x1b")) + text[i + 1:]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk", "big5", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    if kind == "mixed":
        data += draw(_TEXTS).encode(draw(st.sampled_from(["utf-8", "gb18030", "utf-16-le"])))
    return data


FILES = st.lists(st.tuples(NAMES, contents()), min_size=1, max_size=5, unique_by=lambda f: f[0])


def _cli(*argv: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse
            code = int(exc.code or 0)
    return code, err.getvalue()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=FILES, as_folder=st.booleans())
def test_any_bytes_and_names_give_no_traceback_and_leave_inputs_alone(files, as_folder):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = os.path.join(os.fsencode(root), b"in")
        os.mkdir(folder)
        paths = []
        for name, data in files:
            path = os.path.join(folder, name.replace(b"/", b"_"))
            with open(path, "wb") as f:
                f.write(data)
            paths.append(os.fsdecode(path))
        inputs = [os.fsdecode(folder)] if as_folder else paths
        before = snapshot(root)
        for argv in (["propose", *inputs, "--no-language", "--json", os.fspath(root / "p.json")],
                     ["auto", *inputs, "--no-language", "--out", os.fspath(root / "out")]):
            code, err = _cli(*argv)
            assert code in (0, 2), err  # 70 would be a bug caught by the last-resort handler
            lines = err.splitlines()
            if code == 2:
                assert len(lines) == 1 and lines[0].startswith("corrector"), err
            else:
                assert all(line.startswith("corrector: warning: ") for line in lines), err
            assert all(ch.isprintable() or ch in "\n" for ch in err), err
        after = snapshot(root, skip=(root / "out", root / "p.json"))
        assert after == {k: v for k, v in before.items()}, "an input changed"
        ok, why = consistent(root / "out")
        assert ok, why
