#!/bin/bash
# dockguard audit over TCP with TLS client certificates against a private
# dockerd (--tlsverify): a verified connection works (flags and
# DOCKER_TLS_VERIFY/DOCKER_CERT_PATH), a wrong CA is a clear TLS failure,
# and plain HTTP to the TLS port is reported as such. The daemon listens
# on 127.0.0.1 inside its own network namespace, so the client is run in
# that namespace with nsenter.
set -u
: "${DG_BIN:?}" "${DG_SRC:?}"
command -v openssl >/dev/null || { echo "SKIP: openssl not installed" >&2; exit 77; }
command -v jq >/dev/null || { echo "SKIP: jq not installed" >&2; exit 77; }
command -v nsenter >/dev/null || { echo "SKIP: nsenter not installed" >&2; exit 77; }
. "$DG_SRC/tests/lib/dockerd.sh"

fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

C=$(mktemp -d /tmp/dg-tls.XXXXXX)
cleanup_certs() { rm -rf "$C"; }
mk() { openssl "$@" >/dev/null 2>&1 || { echo "SKIP: openssl $1 failed" >&2; exit 77; }; }
mk req -x509 -newkey rsa:2048 -nodes -keyout "$C/ca-key.pem" -out "$C/ca.pem" -days 2 -subj /CN=dg-test-ca
mk req -newkey rsa:2048 -nodes -keyout "$C/server-key.pem" -out "$C/server.csr" -subj /CN=127.0.0.1
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$C/server.ext"
mk x509 -req -in "$C/server.csr" -CA "$C/ca.pem" -CAkey "$C/ca-key.pem" -CAcreateserial -out "$C/server-cert.pem" \
    -days 2 -extfile "$C/server.ext"
mk req -newkey rsa:2048 -nodes -keyout "$C/key.pem" -out "$C/client.csr" -subj /CN=client
printf 'extendedKeyUsage=clientAuth\n' >"$C/client.ext"
mk x509 -req -in "$C/client.csr" -CA "$C/ca.pem" -CAkey "$C/ca-key.pem" -CAcreateserial -out "$C/cert.pem" \
    -days 2 -extfile "$C/client.ext"
mk req -x509 -newkey rsa:2048 -nodes -keyout "$C/other-key.pem" -out "$C/other-ca.pem" -days 2 -subj /CN=other

[ -z "${DG_DOCKERD_NO_NETNS:-}" ] || { echo "SKIP: needs a network namespace" >&2; exit 77; }
dg_dockerd_start --tlsverify --tlscacert "$C/ca.pem" --tlscert "$C/server-cert.pem" --tlskey "$C/server-key.pem" \
    -H tcp://127.0.0.1:2376
trap 'dg_dockerd_stop; cleanup_certs' EXIT
# The TCP listener may come up a moment after the unix socket.
innet() { nsenter --net="/proc/$DG_DOCKERD_PID/ns/net" "$@"; }
for i in $(seq 1 50); do
    innet curl -s --cacert "$C/ca.pem" --cert "$C/cert.pem" --key "$C/key.pem" https://127.0.0.1:2376/_ping |
        grep -q OK && break
    sleep 0.1
done
dg_dockerd_base_image dgbase
docker run -d --name web --network none dgbase sleep 300 >/dev/null

out=$(innet "$DG_BIN" audit --host tcp://127.0.0.1:2376 --tlsverify --tlscacert "$C/ca.pem" --tlscert "$C/cert.pem" \
    --tlskey "$C/key.pem" --format json --only DG-C1 2>"$C/err")
rc=$?
[ "$rc" = 1 ] && echo "$out" | jq -e '.inputs | index("container:/web")' >/dev/null &&
    ok "TLS with flags: audited container /web" || bad "TLS flags: rc=$rc $(cat "$C/err")"

out=$(DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=$C DOCKER_HOST=tcp://127.0.0.1:2376 innet "$DG_BIN" audit --format json \
    --only DG-C1 2>"$C/err")
rc=$?
[ "$rc" = 1 ] && echo "$out" | jq -e '.inputs | index("container:/web")' >/dev/null &&
    ok "TLS from DOCKER_TLS_VERIFY/DOCKER_CERT_PATH" || bad "TLS env: rc=$rc $(cat "$C/err")"

innet "$DG_BIN" audit --host tcp://127.0.0.1:2376 --tlsverify --tlscacert "$C/other-ca.pem" --tlscert "$C/cert.pem" \
    --tlskey "$C/key.pem" --format json >/dev/null 2>"$C/err"
rc=$?
[ "$rc" = 2 ] && grep -q 'GET /version: TLS failure talking to tcp://127.0.0.1:2376' "$C/err" &&
    ok "wrong CA: TLS failure" || bad "wrong CA: rc=$rc $(cat "$C/err")"

innet "$DG_BIN" audit --host tcp://127.0.0.1:2376 --tlsverify --tlscacert "$C/ca.pem" --format json >/dev/null \
    2>"$C/err"
rc=$?
[ "$rc" = 2 ] && grep -q 'TLS failure\|cert.pem' "$C/err" && ok "no client certificate: refused" ||
    bad "no client cert: rc=$rc $(cat "$C/err")"

innet "$DG_BIN" audit --host tcp://127.0.0.1:2376 --format json >/dev/null 2>"$C/err"
rc=$?
[ "$rc" = 2 ] && grep -q 'GET /version' "$C/err" && ok "plain HTTP to the TLS port: $(head -1 "$C/err")" ||
    bad "plain http: rc=$rc $(cat "$C/err")"

exit $fail
