#!/bin/bash
# dockguard scan over archives built here: every layout (classic docker
# save, OCI-in-save, OCI layout as tar and as folder, stdin), plain, gzip and
# zstd layers, whiteouts and opaque folders, every credential-file kind,
# setuid/setgid/world-writable files, and the names that must NOT hit.
set -u
command -v python3 >/dev/null || exit 77
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
MK="python3 $DG_FIXTURES/mkimage.py"
EXPECT="python3 $DG_FIXTURES/scan_expect.py"
fail=0
have_zstd=1
command -v zstd >/dev/null || have_zstd=0

# scan NAME WANT_EXIT ARGS... : runs a scan limited to file and trust rules.
scan() {
    local name=$1 want=$2; shift 2
    LAST=$name
    "$DG_BIN" scan --only DG-F00,DG-F01,DG-F02,DG-F03,DG-F04,DG-T -f json "$@" >"$T/$name.json" 2>"$T/$name.err"
    local got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL $name: exit $got, want $want"; cat "$T/$name.err"; fail=1; return 1
    fi
}
expect() { # label, expectations... (about the last scan)
    local name=$1; shift
    if $EXPECT "$T/$LAST.json" "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi
}

SECRETS=("DG-F005 /app/server.key" "DG-F005 /root/.ssh/id_rsa" "DG-F006 /root/.ssh/id_ed25519"
    "DG-F007 /app/.env" "DG-F008 /app/.npmrc" "DG-F009 /root/.aws/credentials"
    "DG-F010 /root/.docker/config.json" "DG-F011 /root/.git-credentials" "DG-F012 /app/cert.p12"
    "DG-F013 /root/.kube/config" "DG-F014 /app/.git" "DG-F015 /root/.pgpass" "DG-F016 /root/.netrc"
    "DG-F017 /root/.bash_history" "DG-F018 /root/.pypirc" "DG-F019 /root/.vault-token")

# Every layout and compression yields the same findings.
$MK secrets "$T/classic.tar" classic
scan classic 1 "$T/classic.tar" && expect classic "${SECRETS[@]}"
$MK secrets "$T/ocisave.tar" oci-save gzip
scan ocisave 1 "$T/ocisave.tar" && expect oci-save-gzip "${SECRETS[@]}"
$MK secrets "$T/oci.tar" oci gzip
scan oci 1 "$T/oci.tar" && expect oci-tar-gzip "${SECRETS[@]}"
$MK secrets "$T/ocidir" oci gzip dir
scan ocidir 1 "$T/ocidir" && expect oci-folder "${SECRETS[@]}"
if [ $have_zstd = 1 ]; then
    $MK secrets "$T/zstd.tar" oci zstd
    scan zstd 1 "$T/zstd.tar" && expect oci-zstd "${SECRETS[@]}"
fi
# A multi-platform OCI index: the saved platform is scanned; the platform
# whose blobs were not saved and the attestation manifest are not images.
$MK secrets "$T/nested.tar" oci gzip tar nested
scan nested 1 "$T/nested.tar" && expect oci-nested-index "${SECRETS[@]}"
python3 -c '
import json,sys
r=json.load(open(sys.argv[1]))
assert {f["subject"] for f in r["findings"]}=={"docker.io/test/app:1"}, {f["subject"] for f in r["findings"]}
' "$T/nested.json" && echo "ok   nested-index subject" || { echo "FAIL nested-index subject"; fail=1; }
scan stdin 1 - <"$T/classic.tar" && expect stdin "${SECRETS[@]}"
# A gzipped docker save (docker save | gzip) is read the same way.
gzip -c "$T/classic.tar" >"$T/classic.tar.gz"
scan gzouter 1 "$T/classic.tar.gz" && expect outer-gzip "${SECRETS[@]}"
# The subject is the image's tag; the file is the archive.
python3 -c '
import json,sys
r=json.load(open(sys.argv[1]))
assert all(f["subject"]=="test/app:1" and f["file"].endswith("classic.tar") for f in r["findings"]), r["findings"][0]
' "$T/classic.json" && echo "ok   subject-and-file" || { echo "FAIL subject-and-file"; fail=1; }

# Look-alikes that must not hit.
$MK not-secrets "$T/not.tar" classic
scan not-secrets 0 "$T/not.tar" && expect not-secrets

# Permissions in the final filesystem.
$MK perms "$T/perms.tar" oci-save
scan perms 1 "$T/perms.tar" && expect perms "DG-F001 /usr/bin/su" "DG-F002 /usr/bin/wall" "DG-F003 /etc/app.conf" \
    "DG-F004 /data" "DG-F020 /etc/shadow"

# Whiteouts, opaque folders and replacements: what was removed is still
# shipped and says by which layer; what is gone from the final fs (the
# setuid su) is not a permission finding.
$MK whiteout "$T/wo.tar" classic
scan whiteout 1 "$T/wo.tar" && expect whiteout "DG-F005 /app/id_rsa" "DG-F007 /app/conf/.env" "DG-F008 /app/.npmrc"
python3 -c '
import json,sys
r=json.load(open(sys.argv[1]))
m={f["message"].split(" ")[0]: f["message"] for f in r["findings"]}
assert "still shipped in layer 1/3" in m["/app/id_rsa"] and "hidden by layer 2/3" in m["/app/id_rsa"], m
assert "hidden by layer 2/3" in m["/app/conf/.env"], m
assert "hidden by layer 2/3" in m["/app/.npmrc"], m
' "$T/whiteout.json" && echo "ok   whiteout-messages" || { echo "FAIL whiteout-messages"; fail=1; }
if [ $have_zstd = 1 ]; then
    $MK whiteout "$T/wo-zstd" oci zstd dir
    scan whiteout-zstd 1 "$T/wo-zstd" && expect whiteout-oci-zstd-folder "DG-F005 /app/id_rsa" "DG-F007 /app/conf/.env" \
        "DG-F008 /app/.npmrc"
fi

# Several images: each is scanned; --image picks one; an unknown name is an error.
$MK two-images "$T/two.tar" classic
scan two 1 "$T/two.tar" && expect two-images "DG-F007 /srv/.env"
python3 -c '
import json,sys
r=json.load(open(sys.argv[1]))
assert [f["subject"] for f in r["findings"]]==["app/two:2"], r
' "$T/two.json" && echo "ok   two-images-subject" || { echo "FAIL two-images-subject"; fail=1; }
scan pick-one 0 --image app/one:1 "$T/two.tar" && expect pick-one
scan pick-two 1 --image app/two:2 "$T/two.tar" && expect pick-two "DG-F007 /srv/.env"
scan pick-none 2 --image nope "$T/two.tar"
grep -q "no image matches 'nope'" "$T/pick-none.err" && echo "ok   pick-none message" || { echo "FAIL pick-none message"; fail=1; }

# A clean image gives a clean exit; inputs that are not archives are errors.
$MK clean "$T/clean.tar" oci
scan clean 0 "$T/clean.tar" && expect clean
scan missing 2 "$T/nonexistent.tar"
# An image with no package database still gives a valid, empty SBOM.
"$DG_BIN" scan -f cyclonedx "$T/clean.tar" >"$T/clean.cdx" 2>"$T/clean.cdx.err"
if [ $? = 0 ] && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["bomFormat"]=="CycloneDX" and d["components"]==[]' "$T/clean.cdx" \
    && grep -q "unknown OS, 0 packages" "$T/clean.cdx.err"; then echo "ok   sbom-empty"; else echo "FAIL sbom-empty"; cat "$T/clean.cdx.err"; fail=1; fi
echo "just text" >"$T/text.tar"
scan not-archive 2 "$T/text.tar"
grep -q "not an image archive" "$T/not-archive.err" && echo "ok   not-archive message" || { echo "FAIL not-archive message"; fail=1; }
exit $fail
