#!/usr/bin/env bash
# Throughput of the host audit parsers: audit rules (auditctl syntax) and
# daemon.json, measured by replaying generated inputs through the fuzz
# targets' replay builds (each input is parsed and every daemon/host check
# that applies is run). Prints MB/s and rules per second.
# Usage: bench/host_parsers.sh [BUILD_DIR]   (default: build)
set -euo pipefail
build=${1:-build}
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/rules" "$tmp/json"

# 60 000 audit rules (about 4 MB, under the 4 MiB per-file limit).
awk 'BEGIN { for (i = 0; i < 30000; i++) {
    printf "-w /srv/app%d/etc/config.d/file-%d.conf -p wa -k app%d\n", i, i, i
    printf "-a always,exit -F arch=b64 -S openat -F path=/opt/bin/tool%d -F perm=wa -k t\n", i } }' \
    > "$tmp/rules/big.rules"
# A daemon.json with 20 000 insecure registries and 20 000 log options (~1 MB).
awk 'BEGIN { printf "{\"insecure-registries\": ["
    for (i = 0; i < 20000; i++) printf "%s\"10.%d.%d.%d:5000\"", (i ? "," : ""), i % 250, (i / 250) % 250, i % 7
    printf "],\n\"log-opts\": {"
    for (i = 0; i < 12000; i++) printf "%s\"k%d\": \"v%d\"", (i ? "," : ""), i, i
    printf "}, \"icc\": false}\n" }' > "$tmp/json/big.json"

run() { # name binary dir
    local bytes start end
    bytes=$(cat "$3"/* | wc -c)
    start=$(date +%s.%N)
    for _ in 1 2 3 4 5; do "$2" "$3" > /dev/null; done
    end=$(date +%s.%N)
    awk -v b="$bytes" -v s="$start" -v e="$end" -v n="$1" -v l="${4:-0}" 'BEGIN {
        t = (e - s) / 5; printf "%-12s %8.1f KB  %7.1f ms/run  %7.1f MB/s", n, b / 1024, t * 1000, b / t / 1048576
        if (l > 0) printf "  %9.0f rules/s", l / t; printf "\n" }'
}
run auditrules "$build/tests/fuzz_auditrules" "$tmp/rules" 60000
run daemon.json "$build/tests/fuzz_daemon_json" "$tmp/json"
