#!/bin/bash
# dockguard scan against real `docker save` output from a private dockerd:
# a busybox image with a small insecure image built on top (a private key
# copied then deleted, a .env file, AWS credentials, a setuid binary, a
# world-writable folder). The archive and the daemon stream (--daemon) must
# give exactly the same findings.
set -u
. "$DG_SRC/tests/lib/dockerd.sh"
dg_dockerd_start
command -v python3 >/dev/null || dg_dockerd_skip "python3 not installed"
EXPECT="python3 $DG_FIXTURES/scan_expect.py"
fail=0
dg_dockerd_base_image dgtest/base
ctx=$(mktemp -d "$DG_DOCKERD_DIR/ctx.XXXXXX")
printf -- '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\n-----END OPENSSH PRIVATE KEY-----\n' >"$ctx/id_rsa"
printf 'DB_PASSWORD=hunter2\n' >"$ctx/app.env"
printf '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n' >"$ctx/aws"
cat >"$ctx/Dockerfile" <<'DF'
FROM dgtest/base
COPY id_rsa /root/.ssh/id_rsa
COPY app.env /srv/.env
COPY aws /root/.aws/credentials
RUN chmod 4755 /bin/busybox && mkdir -m 777 /data && rm /root/.ssh/id_rsa
USER 1000
DF
DOCKER_BUILDKIT=0 docker build -q -t dgtest/insecure:1 "$ctx" >/dev/null || { echo "FAIL docker build"; exit 1; }
docker save -o "$DG_DOCKERD_DIR/insecure.tar" dgtest/insecure:1 || { echo "FAIL docker save"; exit 1; }

WANT=("DG-F005 /root/.ssh/id_rsa" "DG-F007 /srv/.env" "DG-F009 /root/.aws/credentials"
      "DG-F001 /bin/busybox" "DG-F004 /data")
"$DG_BIN" scan --only DG-F,DG-T -f json "$DG_DOCKERD_DIR/insecure.tar" >"$DG_DOCKERD_DIR/file.json"
rc=$?
[ $rc = 1 ] && echo "ok   archive exit 1" || { echo "FAIL archive exit $rc"; fail=1; }
$EXPECT "$DG_DOCKERD_DIR/file.json" "${WANT[@]}" && echo "ok   archive findings" || { echo "FAIL archive findings"; fail=1; }
python3 - "$DG_DOCKERD_DIR/file.json" <<'PY' && echo "ok   hidden key message and subject" || { echo "FAIL hidden key message"; fail=1; }
import json, sys
r = json.load(open(sys.argv[1]))
m = [f for f in r["findings"] if f["rule_id"] == "DG-F005"][0]
assert "still shipped in layer 2/5" in m["message"] and "hidden by layer 5/5" in m["message"], m["message"]
assert all(f["subject"] == "dgtest/insecure:1" for f in r["findings"]), r["findings"]
PY

# The same image streamed from the daemon.
"$DG_BIN" scan --only DG-F,DG-T -f json --daemon dgtest/insecure:1 >"$DG_DOCKERD_DIR/daemon.json"
rc=$?
[ $rc = 1 ] && echo "ok   daemon exit 1" || { echo "FAIL daemon exit $rc"; fail=1; }
$EXPECT "$DG_DOCKERD_DIR/daemon.json" "${WANT[@]}" && echo "ok   daemon findings" || { echo "FAIL daemon findings"; fail=1; }
"$DG_BIN" scan --daemon dgtest/nosuch:1 >/dev/null 2>"$DG_DOCKERD_DIR/err.txt"
rc=$?
[ $rc = 2 ] && grep -q "GET /images/dgtest/nosuch:1/get: HTTP 404" "$DG_DOCKERD_DIR/err.txt" && echo "ok   daemon unknown image" ||
    { echo "FAIL daemon unknown image: rc=$rc $(cat "$DG_DOCKERD_DIR/err.txt")"; fail=1; }

# The base image alone is clean of file findings; two images in one save
# are both scanned, and --image picks one.
docker save -o "$DG_DOCKERD_DIR/two.tar" dgtest/base dgtest/insecure:1
"$DG_BIN" scan --only DG-F,DG-T -f json --image dgtest/base "$DG_DOCKERD_DIR/two.tar" >"$DG_DOCKERD_DIR/base.json"
rc=$?
[ $rc = 0 ] && $EXPECT "$DG_DOCKERD_DIR/base.json" && echo "ok   base image clean" || { echo "FAIL base image rc=$rc"; fail=1; }
"$DG_BIN" scan --only DG-F,DG-T -f json "$DG_DOCKERD_DIR/two.tar" >"$DG_DOCKERD_DIR/two.json"
$EXPECT "$DG_DOCKERD_DIR/two.json" "${WANT[@]}" && echo "ok   two images" || { echo "FAIL two images"; fail=1; }
exit $fail
