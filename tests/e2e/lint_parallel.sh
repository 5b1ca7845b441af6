#!/bin/bash
# dockguard lint -j N: a tree linted on several threads gives byte for byte
# the report and the error lines of a single-threaded run, in walk order,
# with the same exit code, whatever the scheduling, and whether files are
# read in batches through io_uring or one by one.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for i in $(seq -w 1 40); do
    mkdir -p "$T/tree/p$i"
    cp -r "$DG_SRC/examples/." "$T/tree/p$i/"
    case $i in
    07 | 23) printf 'FROM alpine\nONBUILD ONBUILD RUN x\n' >"$T/tree/p$i/webapp/Dockerfile" ;; # a syntax error
    15) printf 'services:\n  a: [\n' >"$T/tree/p$i/compose.yaml" ;;                          # broken YAML
    esac
done
fail=0
for fmt in json sarif text; do
    "$DG_BIN" lint -j 1 -f "$fmt" --no-color "$T/tree" >"$T/one.$fmt" 2>"$T/one.err"
    r1=$?
    for j in 2 4 16; do
        for run in 1 2 3; do
            "$DG_BIN" lint -j "$j" -f "$fmt" --no-color "$T/tree" >"$T/many.$fmt" 2>"$T/many.err"
            rn=$?
            if [ $rn != $r1 ] || ! cmp -s "$T/one.$fmt" "$T/many.$fmt" || ! cmp -s "$T/one.err" "$T/many.err"; then
                echo "FAIL -j $j ($fmt, run $run): exit $rn vs $r1"
                diff "$T/one.err" "$T/many.err" | head -5
                fail=1
            fi
        done
    done
    echo "ok   $fmt: -j 2/4/16 identical to -j 1 (exit $r1)"
    # Files read in batches (io_uring) or one by one: the same report.
    DOCKGUARD_IO_URING=0 "$DG_BIN" lint -j 2 -f "$fmt" --no-color "$T/tree" >"$T/plain.$fmt" 2>"$T/plain.err"
    rp=$?
    if [ $rp != $r1 ] || ! cmp -s "$T/one.$fmt" "$T/plain.$fmt" || ! cmp -s "$T/one.err" "$T/plain.err"; then
        echo "FAIL DOCKGUARD_IO_URING=0 ($fmt): exit $rp vs $r1"
        fail=1
    else
        echo "ok   $fmt: identical without io_uring"
    fi
done
# The broken inputs are reported, in walk order, and make the exit code 2.
[ "$r1" = 2 ] || { echo "FAIL exit $r1, want 2"; fail=1; }
grep -oE 'p[0-9]{2}/[A-Za-z/.]+' "$T/one.err" | tr '\n' ' ' >"$T/order"
[ "$(cat "$T/order")" = "p07/webapp/Dockerfile p15/compose.yaml p23/webapp/Dockerfile " ] &&
    echo "ok   errors in walk order" || { echo "FAIL error order: $(cat "$T/order")"; cat "$T/one.err"; fail=1; }
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["inputs"]))' "$T/one.json")
[ "$n" -ge 80 ] && echo "ok   $n inputs" || { echo "FAIL only $n inputs"; fail=1; }
# Walk order with names that sort around '/' (space, '-', '.', '0'), a
# compose pair, and two command-line roots: inputs are depth first, each
# folder's entries by name, a folder's contents before a sibling whose name
# extends the folder's ("a/..." before "a b", "a-b", "a.b").
W=$T/walk
mkdir -p "$W/a/b" "$W/a b" "$W/a-b" "$W/a.b/x" "$W/a0" "$W/c"
for d in "$W/a" "$W/a/b" "$W/a b" "$W/a-b" "$W/a.b" "$W/a.b/x" "$W/a0" "$W/c"; do printf 'FROM alpine\n' >"$d/Dockerfile"; done
printf 'FROM alpine\n' >"$W/a/Dockerfile.dev"
printf 'services:\n  a:\n    image: x\n' >"$W/c/compose.yaml"
printf 'services:\n  a:\n    privileged: true\n' >"$W/c/compose.override.yaml"
printf 'services:\n  b:\n    image: y\n' >"$W/c/docker-compose.yml"
for j in 1 2; do
    "$DG_BIN" lint -j $j -f json "$W" "$W/a" >"$T/walk.json" 2>/dev/null
    python3 - "$T/walk.json" "$W" <<'PY' || fail=1
import json, sys
ins = json.load(open(sys.argv[1]))["inputs"]
w = sys.argv[2]
first = [p[len(w) + 1:] for p in ins]
expect = ["a/Dockerfile", "a/Dockerfile.dev", "a/b/Dockerfile", "a b/Dockerfile", "a-b/Dockerfile",
          "a.b/Dockerfile", "a.b/x/Dockerfile", "a0/Dockerfile", "c/Dockerfile", "c/compose.yaml",
          "c/compose.override.yaml", "c/docker-compose.yml",
          "a/Dockerfile", "a/Dockerfile.dev", "a/b/Dockerfile"]
if first != expect:
    print("FAIL walk order:", first)
    sys.exit(1)
PY
done
[ $fail = 0 ] && echo "ok   walk order around '/' and across roots"
exit $fail
