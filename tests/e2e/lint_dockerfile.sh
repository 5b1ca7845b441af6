#!/bin/bash
# End to end: the lint command on Dockerfiles with a real build context and
# .dockerignore, inline and config suppressions, thresholds, every format,
# and the bundled examples.
set -u
fail=0
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
ids() { python3 -c 'import json,sys; print(" ".join(sorted({f["rule_id"] for f in json.load(sys.stdin)["findings"]})))'; }
has() { case " $1 " in *" $2 "*) return 0;; esac; return 1; }
expect() { # name, ids, must-have..., -- must-not-have...
    local name=$1 got=$2; shift 2
    local mode=have
    for id in "$@"; do
        if [ "$id" = "--" ]; then mode=not; continue; fi
        if [ $mode = have ] && ! has "$got" "$id"; then echo "FAIL $name: missing $id (got: $got)"; fail=1; fi
        if [ $mode = not ] && has "$got" "$id"; then echo "FAIL $name: unexpected $id"; fail=1; fi
    done
    echo "ok   $name"
}

# A context whose .dockerignore lets credentials through (DG-B007), and one
# file it does exclude.
mkdir -p "$t/ctx1"
printf 'FROM alpine:3.19\nRUN adduser -D app\nUSER app\nCOPY . /app\nHEALTHCHECK CMD true\n' > "$t/ctx1/Dockerfile"
printf 'node_modules\n*.log\n' > "$t/ctx1/.dockerignore"
printf 'print(1)\n' > "$t/ctx1/app.py"
got=$("$DG_BIN" lint --format json "$t/ctx1" | ids)
expect "weak .dockerignore" "$got" DG-B007 -- DG-B006 DG-B008 DG-I001 DG-I002

# A good .dockerignore: nothing about the context.
printf '.env\n*.pem\n*.key\nid_rsa*\n.ssh\n.aws\n.git\n.npmrc\n.docker\n*.p12\n*.pfx\nkubeconfig\n.kube\n**/.env\n**/*.pem\n**/*.key\n' > "$t/ctx1/.dockerignore"
got=$("$DG_BIN" lint --format json "$t/ctx1" | ids)
expect "good .dockerignore" "$got" -- DG-B006 DG-B007 DG-B008

# A credential in the context that the .dockerignore does not cover is named.
printf 'node_modules\n' > "$t/ctx1/.dockerignore"
printf 'TOKEN=abc\n' > "$t/ctx1/.env"
"$DG_BIN" lint --format json "$t/ctx1" > "$t/out.json"
got=$(ids < "$t/out.json")
expect "secret in context" "$got" DG-B008
grep -q "'.env'" "$t/out.json" || { echo "FAIL: DG-B008 names .env"; fail=1; }
# Excluded by <Dockerfile>.dockerignore, which takes precedence.
printf '.env\n*.pem\n*.key\nid_rsa*\n.ssh\n.aws\n.git\n.npmrc\n.docker\n*.p12\n*.pfx\nkubeconfig\n.kube\n' > "$t/ctx1/Dockerfile.dockerignore"
got=$("$DG_BIN" lint --format json "$t/ctx1/Dockerfile" | ids)
expect "Dockerfile.dockerignore wins" "$got" -- DG-B008 DG-B007

# Inline suppression above the instruction, and a global one.
mkdir -p "$t/sup"
printf 'FROM ubuntu:latest\n# dockguard ignore=DG-B016\nRUN apt-get update\nRUN apt-get update\n' > "$t/sup/Dockerfile"
"$DG_BIN" lint --format json "$t/sup/Dockerfile" > "$t/sup.json"
n=$(python3 -c 'import json,sys; print(sum(1 for f in json.load(open(sys.argv[1]))["findings"] if f["rule_id"]=="DG-B016"))' "$t/sup.json")
[ "$n" = 1 ] || { echo "FAIL inline ignore: $n DG-B016 findings, want 1 (line 4)"; fail=1; }
printf '# dockguard global ignore=DG-B016,DG-I\n' >> "$t/sup/Dockerfile"
got=$("$DG_BIN" lint --format json "$t/sup/Dockerfile" | ids)
expect "global ignore" "$got" DG-B012 -- DG-B016 DG-I001 DG-I002

# Config file found by walking up; it can ignore, re-grade and set the threshold.
printf 'ignore: [DG-B012]\nseverity:\n  DG-I001: critical\nfail-on: critical\n' > "$t/.dockguard.yaml"
"$DG_BIN" lint --format json "$t/sup/Dockerfile" --skip DG-B015 > "$t/cfg.json"; rc=$?
got=$(ids < "$t/cfg.json")
expect "config ignore" "$got" -- DG-B012 DG-B015
rm "$t/.dockguard.yaml"
printf 'FROM alpine:3.19\nUSER 0:0\n' > "$t/sup/Dockerfile"
printf 'severity:\n  DG-I001: critical\nfail-on: critical\n' > "$t/.dockguard.yaml"
"$DG_BIN" lint -q "$t/sup/Dockerfile" >/dev/null; rc=$?
[ $rc = 1 ] || { echo "FAIL: re-graded DG-I001 to critical should fail at critical (exit $rc)"; fail=1; }
"$DG_BIN" lint -q --fail-on none "$t/sup/Dockerfile" >/dev/null; rc=$?
[ $rc = 0 ] || { echo "FAIL: --fail-on none exits 0 (got $rc)"; fail=1; }
rm "$t/.dockguard.yaml"
printf 'fail-on: sometimes\n' > "$t/.dockguard.yaml"
"$DG_BIN" lint -q "$t/sup/Dockerfile" 2>"$t/err" >/dev/null; rc=$?
[ $rc = 2 ] && grep -q '.dockguard.yaml:1: unknown severity' "$t/err" || { echo "FAIL: bad config exits 2 with file:line"; fail=1; }
rm "$t/.dockguard.yaml"
echo "ok   config and thresholds"

# Syntax errors: file:line on stderr, exit 2, other files still linted.
mkdir -p "$t/bad"
printf 'FROM alpine\nRUN <<EOF\nnever closed\n' > "$t/bad/Dockerfile"
printf 'FROM alpine:3.19\nUSER 1000\nHEALTHCHECK CMD true\n' > "$t/bad/Dockerfile.ok"
"$DG_BIN" lint "$t/bad" > "$t/bad.out" 2> "$t/bad.err"; rc=$?
[ $rc = 2 ] || { echo "FAIL: syntax error exits 2 (got $rc)"; fail=1; }
grep -q "bad/Dockerfile:2: heredoc 'EOF' is not terminated" "$t/bad.err" || { echo "FAIL: error names file:line"; cat "$t/bad.err"; fail=1; }
echo "ok   syntax errors"

# Every format renders the examples and parses.
for f in json sarif junit html text; do
    "$DG_BIN" lint --format $f -o "$t/ex.$f" "$DG_SRC/examples"; rc=$?
    [ $rc = 1 ] || { echo "FAIL: examples in $f exit $rc, want 1"; fail=1; }
done
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["summary"]["total"]==len(d["findings"])>20' "$t/ex.json" || { echo "FAIL json"; fail=1; }
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["version"]=="2.1.0" and d["runs"][0]["results"]' "$t/ex.sarif" || { echo "FAIL sarif"; fail=1; }
python3 -c '
import sys, xml.dom.minidom as m
d = m.parse(sys.argv[1])
cases = d.getElementsByTagName("testcase")
fails = d.getElementsByTagName("failure")
assert len(cases) >= len(fails) > 20, (len(cases), len(fails))' "$t/ex.junit" || { echo "FAIL junit"; fail=1; }
python3 -c '
import sys, html.parser
class P(html.parser.HTMLParser): pass
P().feed(open(sys.argv[1]).read())' "$t/ex.html" && grep -q "DG-C001" "$t/ex.html" || { echo "FAIL html"; fail=1; }
grep -q "findings (" "$t/ex.text" || { echo "FAIL text summary"; fail=1; }
echo "ok   formats"

# The examples show the mistakes they are there to show.
got=$("$DG_BIN" lint --format json "$DG_SRC/examples" | ids)
expect "examples" "$got" DG-B010 DG-B011 DG-B002 DG-B006 DG-B008 DG-B012 DG-B016 DG-B029 DG-I001 DG-I004 DG-C001 DG-C004 DG-C006 DG-C030
exit $fail
