#!/bin/bash
# dockguard audit on a swarm manager: /swarm, /networks, /services and
# /secrets are read and the swarm checks follow the daemon's state
# (autolock and overlay encryption flip when changed). Before swarm init the
# same checks have nothing to judge.
set -u
: "${DG_BIN:?}" "${DG_SRC:?}"
command -v jq >/dev/null || { echo "SKIP: jq not installed" >&2; exit 77; }
. "$DG_SRC/tests/lib/dockerd.sh"

fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

dg_dockerd_start
OUT=$DG_DOCKERD_DIR/audit.json
st() { jq -r --arg r "$1" '[.checks[] | select(.rule_id == $r) | .status] | first // "not-run"' "$OUT"; }

"$DG_BIN" audit --host "$DOCKER_HOST" --format json --only DG-D15 >"$OUT" 2>/dev/null
[ "$(st DG-D150)" != info ] && [ "$(st DG-D155)" != warn ] && ok "no swarm: D150=$(st DG-D150) D155=$(st DG-D155)" ||
    bad "no swarm: D150=$(st DG-D150) D155=$(st DG-D155)"

docker swarm init --advertise-addr 127.0.0.1 >/dev/null 2>&1 || dg_dockerd_skip "docker swarm init failed here"
docker network create -d overlay plain >/dev/null || bad "overlay network"
"$DG_BIN" audit --host "$DOCKER_HOST" --format json --only DG-D15 >"$OUT" 2>/dev/null
[ "$(st DG-D150)" = info ] && [ "$(st DG-D153)" = warn ] && [ "$(st DG-D155)" = warn ] &&
    ok "swarm: D150=info D153=warn D155=warn" || bad "swarm: D150=$(st DG-D150) D153=$(st DG-D153) D155=$(st DG-D155)"
jq -e '.findings[] | select(.rule_id == "DG-D153") | .message | test("plain")' "$OUT" >/dev/null &&
    ok "unencrypted overlay named" || bad "DG-D153 message: $(jq -c '[.findings[] | select(.rule_id == "DG-D153") | .message]' "$OUT")"

docker swarm update --autolock=true >/dev/null 2>&1 || bad "autolock"
docker network rm plain >/dev/null
docker network create -d overlay --opt encrypted secure >/dev/null || bad "encrypted overlay"
"$DG_BIN" audit --host "$DOCKER_HOST" --format json --only DG-D15 >"$OUT" 2>/dev/null
[ "$(st DG-D155)" = pass ] && ok "autolock on: D155=pass" || bad "autolock on: D155=$(st DG-D155)"
# The encrypted network is no longer reported (the default ingress network still is).
jq -e '[.findings[] | select(.rule_id == "DG-D153") | .message] | (map(test("secure")) | any | not) and (map(test("plain")) | any | not)' \
    "$OUT" >/dev/null && ok "encrypted overlay passes" ||
    bad "DG-D153 after encryption: $(jq -c '[.findings[] | select(.rule_id == "DG-D153") | .message]' "$OUT")"
docker swarm leave --force >/dev/null 2>&1
exit $fail
