#!/usr/bin/env bash
# Drive the real review app in tmux on seeds/: accept one proposal, quit, reopen (document view and concordance
# open and close), export, check the file.
#
# Needs tmux and `corrector` on PATH.  Makes its own temporary folder; prints one PASS or FAIL line and
# exits non-zero on failure.  Usage: bash tests/e2e/tmux_review.sh
set -u

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/corrector-e2e.XXXXXX")"
SESSION="corrector-e2e-$$"
PANE="$WORK/pane.txt"
export LANG=C.UTF-8 LC_ALL=C.UTF-8

cleanup() {
    tmux kill-session -t "$SESSION" 2>/dev/null
    [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
fail() {
    echo "--- last screen ---"
    [ -f "$PANE" ] && cat "$PANE"
    echo "-------------------"
    echo "FAIL: tmux review e2e: $*"
    cleanup
    exit 1
}
capture() { tmux capture-pane -p -t "$SESSION" > "$PANE" 2>/dev/null; }
# wait_for TEXT SECONDS: poll the screen until it shows TEXT
wait_for() {
    local text="$1" limit="$2" i=0
    while [ "$i" -lt $((limit * 5)) ]; do
        capture
        grep -qF -- "$text" "$PANE" && return 0
        tmux has-session -t "$SESSION" 2>/dev/null || break
        sleep 0.2
        i=$((i + 1))
    done
    return 1
}
# start_app: run `corrector review` in a new detached tmux session (120x40)
start_app() {
    rm -f "$WORK/exit"
    tmux kill-session -t "$SESSION" 2>/dev/null
    # stdout (the summary) goes to a file; Textual draws on stderr, which stays the terminal
    tmux -f /dev/null -u new-session -d -s "$SESSION" -x 120 -y 40 \
        "cd '$WORK' && for i in \$(seq 50); do [ \"\$(stty size)\" = '40 120' ] && break; sleep 0.1; done; \
         TERM=xterm-256color corrector review seeds --db '$WORK/review.db' --editor e2e \
         > '$WORK/stdout'; echo \$? > '$WORK/exit'; sleep 600" \
        || fail "tmux could not start a session"
}
# settle: wait until two captures a moment apart are the same (no redraw in progress)
settle() {
    local i=0 prev=""
    while [ "$i" -lt 50 ]; do
        capture
        [ -n "$prev" ] && [ "$prev" = "$(cat "$PANE")" ] && return 0
        prev="$(cat "$PANE")"
        sleep 0.2
        i=$((i + 1))
    done
}
wait_exit() {
    local i=0
    while [ ! -s "$WORK/exit" ] && [ "$i" -lt 100 ]; do sleep 0.2; i=$((i + 1)); done
    [ -s "$WORK/exit" ] || fail "the app did not quit on q"
    capture
    [ "$(cat "$WORK/exit")" = "0" ] || fail "the app exited with status $(cat "$WORK/exit")"
}

command -v tmux >/dev/null || fail "tmux is not installed"
command -v corrector >/dev/null || fail "corrector is not on PATH"
PY="$(dirname "$(command -v corrector)")/python"
[ -x "$PY" ] || PY=python3
cp -r "$ROOT/seeds" "$WORK/seeds" || fail "cannot copy $ROOT/seeds"

# 1. open the app on the seeds; the engine runs, then the queue and the card appear
start_app
wait_for " decided " 120 || fail "the review screen did not appear"
wait_for "all 0/" 5 || fail "expected nothing decided yet"
settle
TOTAL="$(grep -o 'all 0/[0-9]*' "$PANE" | head -1 | cut -d/ -f2)"
[ -n "$TOTAL" ] && [ "$TOTAL" -gt 0 ] || fail "no proposals on the seeds"
# the card's first line names the document and position of the highlighted proposal
CARD="$(grep -o '[0-9][0-9][0-9]_[0-9a-f]*\.txt @[0-9]*' "$PANE" | head -1)"
[ -n "$CARD" ] || fail "the card does not show a document and position"

# 2. accept it with y; the status line counts it at once
tmux send-keys -t "$SESSION" y
wait_for "all 1/$TOTAL" 10 || fail "y did not record a decision"

# 3. quit; the decision is already in the database
tmux send-keys -t "$SESSION" q
wait_exit
grep -q "1 of $TOTAL proposals decided" "$WORK/stdout" || fail "no summary after quitting: $(cat "$WORK/stdout")"

# 4. reopen: the review resumes with the same decision
start_app
wait_for "all 1/$TOTAL" 60 || fail "reopening did not resume with the decision"
# the document view (d) and the concordance (c) open in a real terminal and Esc comes back; nothing is decided
tmux send-keys -t "$SESSION" d
wait_for " decided   proposal " 10 || fail "d did not open the document view"
tmux send-keys -t "$SESSION" Escape
wait_for "all 1/$TOTAL" 10 || fail "Esc did not leave the document view"
tmux send-keys -t "$SESSION" c
wait_for "Concordance: " 10 || fail "c did not open the concordance"
tmux send-keys -t "$SESSION" Escape
wait_for "all 1/$TOTAL" 10 || fail "Esc did not leave the concordance"
tmux send-keys -t "$SESSION" q
wait_exit

# 5. export and check the corrected copy against the original, by hand
(cd "$WORK" && corrector export --db review.db --out out > export.txt 2>&1) || fail "export failed: $(cat "$WORK/export.txt")"
"$PY" - "$WORK" "$CARD" <<'PYEOF' || fail "the exported files are wrong"
import json, pathlib, sys
work, card = pathlib.Path(sys.argv[1]), sys.argv[2]
doc, start = card.split(" @")
report = json.loads((work / "out" / "report.json").read_text(encoding="utf-8"))
applied = report["applied"]
assert len(applied) == 1, f"expected one applied change, got {len(applied)}"
p = applied[0]
assert (p["doc"], p["start"]) == (doc, int(start)), f"applied {p['doc']} @{p['start']}, the card showed {card}"
for src in sorted((work / "seeds").glob("*.txt")):
    original = src.read_bytes()
    got = (work / "out" / src.name).read_bytes()
    if src.name == doc:
        text = original.decode("utf-8")
        assert text[p["start"]:p["end"]] == p["old"], "the old text is not at the offsets"
        want = text[:p["start"]] + p["new"] + text[p["end"]:]
        assert got.decode("utf-8") == want, "the corrected copy differs from original + the one change"
        assert got != original
        assert (work / "out" / (src.name + ".diff")).is_file(), "no .diff for the changed document"
    else:
        assert got == original, f"{src.name} changed though nothing was accepted in it"
print(f"exported {doc}: {p['old']!r} -> {p['new']!r} at {p['start']}")
PYEOF

echo "PASS: tmux review e2e ($CARD accepted of $TOTAL proposals, resumed, exported)"
cleanup
exit 0
