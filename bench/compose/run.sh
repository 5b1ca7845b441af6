#!/bin/bash
# Compose benchmark: generates a corpus of compose projects (bench/out/compose,
# not committed) and lints all of it in one dockguard process, with every rule
# and the default text report written to /dev/null. Prints files/s,
# MB/s, wall time and peak RSS, and PASS/FAIL against the target: the whole
# corpus in under 0.3 s.
#
# usage: bench/compose/run.sh [PROJECTS] [DOCKGUARD_BINARY]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
projects=${1:-600}
bin=${2:-${DG_BIN:-$root/build/dockguard}}
out=$root/bench/out/compose
target=0.3

[ -x "$bin" ] || { echo "dockguard binary not found at $bin (build first, or pass its path)"; exit 2; }
rm -rf "$out"
python3 "$here/gen.py" "$out" "$projects" 1 >/dev/null
# Flushed now, so that its writeback does not run during the timed runs.
sync

files=$(find "$out" -type f \( -name 'compose*.yaml' -o -name '*.env' -o -name '.env' -o -name 'common.yml' \) | wc -l)
composes=$(find "$out" -type f -name 'compose*.yaml' | wc -l)
bytes=$(find "$out" -type f -exec cat {} + | wc -c)

# One warm-up run (page cache), then the best of five measured runs: the
# machine may be shared, and the best run is the one least disturbed. Each
# run is timed with bash's $EPOCHREALTIME read in place around the command
# alone (a date process, a $(...) subshell or a /usr/bin/time wrapper would
# add milliseconds of process start-up and exit); peak RSS and CPU come
# from one more run under /usr/bin/time.
"$bin" lint --quiet -o /dev/null "$out" >/dev/null 2>&1 || true
best=""
for _ in 1 2 3 4 5; do
    rc=0
    s=${EPOCHREALTIME/[.,]/}
    "$bin" lint --quiet -o /dev/null "$out" >/dev/null 2>"$out.err" || rc=$?
    e=${EPOCHREALTIME/[.,]/}
    if [ "$rc" -gt 1 ]; then echo "dockguard failed (exit $rc):"; head -5 "$out.err"; exit 2; fi
    w=$(awk -v s="$s" -v e="$e" 'BEGIN{printf "%.4f", (e-s)/1e6}')
    if [ -z "$best" ] || awk -v a="$w" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$w; fi
done
/usr/bin/time -f '%U %S %M' -o "$out.time" "$bin" lint --quiet -o /dev/null "$out" >/dev/null 2>&1 || true
# GNU time puts "Command exited with non-zero status 1" first when findings exist.
read -r u sy rss < <(tail -n 1 "$out.time")
cpu=$(awk -v u="$u" -v s="$sy" 'BEGIN{printf "%.2f", u+s}')
rm -f "$out.time" "$out.err"
wall=$best
load=$(cut -d' ' -f1 /proc/loadavg)

awk -v p="$projects" -v c="$composes" -v f="$files" -v b="$bytes" -v w="$wall" -v r="$rss" -v t="$target" \
    -v cpu="$cpu" -v load="$load" 'BEGIN{
    ws = (w > 0) ? w : 0.001
    printf "compose bench: %d projects, %d compose files, %d compose, env and extends files, %.2f MB\n", p, c, f, b/1048576
    printf "  wall %.3f s (best of 5; cpu %.2f s user+sys; load average %s)\n", w, cpu, load
    printf "  %.0f files/s   %.1f MB/s   peak RSS %.1f MB\n", f/ws, b/1048576/ws, r/1024
    printf "  target < %.1f s for the corpus: %s\n", t, (w < t) ? "PASS" : "FAIL"
}'
