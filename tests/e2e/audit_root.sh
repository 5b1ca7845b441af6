#!/bin/bash
# End-to-end: `dockguard audit --root DIR` over the fake host trees in
# tests/fixtures/hostroot, with no daemon reachable. The daemon and host
# sections still run from the files (the unreachable daemon makes the exit
# status 2); hardened and default trees flip the expected rule ids, and
# --cis-version renumbers section 2.
set -u
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sock="unix://$tmp/none.sock"

audit() { # name tree out [extra args]
    local name=$1 tree=$2 out=$3; shift 3
    "$DG_BIN" audit --root "$DG_FIXTURES/hostroot/$tree" -H "$sock" --only DG-D --only DG-H -f json -o "$out" "$@" \
        2>"$tmp/err"
    local st=$?
    if [ "$st" != 2 ]; then echo "FAIL $name: exit $st, want 2 (daemon unreachable)"; cat "$tmp/err"; fail=1; fi
    grep -q 'no Docker socket' "$tmp/err" || { echo "FAIL $name: no message about the unreachable daemon"; fail=1; }
}
findings() { tr -d '\n' < "$1" | sed -e 's/.*"findings": *\[//' -e 's/"summary": *{.*//'; }
has() { findings "$1" | grep -Eq "\"rule_id\": *\"$2\""; }
cis_of() { # file rule -> the cis value of its first finding
    findings "$1" | grep -Eo "\"rule_id\": *\"$2\"[^}]*\"cis\": *\"[0-9.]*\"" | head -1 | grep -Eo '[0-9.]+"$' | tr -d '"'
}

audit default default "$tmp/default.json"
for id in DG-D002 DG-D003 DG-D005 DG-D006 DG-D008 DG-D018 DG-D019 DG-H001 DG-H002 DG-H003 DG-H004 DG-H006 \
          DG-H010 DG-H020 DG-H021; do
    has "$tmp/default.json" "$id" && echo "ok   default hits $id" || { echo "FAIL default: $id missing"; fail=1; }
done
[ "$(cis_of "$tmp/default.json" DG-D008)" = 2.8 ] && echo "ok   TLS is 2.8 in v1.8.0" || \
    { echo "FAIL DG-D008 CIS number: $(cis_of "$tmp/default.json" DG-D008)"; fail=1; }

audit hardened hardened "$tmp/hardened.json"
for id in DG-D002 DG-D003 DG-D005 DG-D006 DG-D008 DG-D018 DG-D019 DG-H001 DG-H002 DG-H003 DG-H004 DG-H006 \
          DG-H010 DG-H020 DG-H021; do
    has "$tmp/hardened.json" "$id" && { echo "FAIL hardened: unexpected $id"; fail=1; } || echo "ok   hardened clean of $id"
done

audit v160 default "$tmp/v160.json" --cis-version 1.6.0
[ "$(cis_of "$tmp/v160.json" DG-D008)" = 2.7 ] && echo "ok   TLS is 2.7 in v1.6.0" || \
    { echo "FAIL DG-D008 v1.6.0 number: $(cis_of "$tmp/v160.json" DG-D008)"; fail=1; }
[ "$(cis_of "$tmp/v160.json" DG-D019)" = 2.18 ] && echo "ok   experimental is 2.18 in v1.6.0" || \
    { echo "FAIL DG-D019 v1.6.0 number"; fail=1; }
exit $fail
