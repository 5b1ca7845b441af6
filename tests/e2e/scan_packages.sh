#!/bin/bash
# dockguard scan: the package inventory of the final filesystem (a dpkg
# database replaced by a later layer counts as the later one; a deleted
# apk database does not count), rpm databases (SQLite and Berkeley DB),
# summarised on stderr.
set -u
command -v python3 >/dev/null || exit 77
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
python3 "$DG_FIXTURES/mkimage.py" packages "$T/img.tar" classic || exit 1
"$DG_BIN" scan --only DG-T -f json "$T/img.tar" >"$T/out.json" 2>"$T/err"
rc=$?
want="test/app:1: Debian GNU/Linux 12 (bookworm), 5 packages (deb)"
if [ $rc != 0 ] || ! grep -qxF "$want" "$T/err"; then
    echo "FAIL inventory summary (exit $rc):"; cat "$T/err"; exit 1
fi
echo "ok   inventory: final dpkg database, os-release"
# -q prints findings only.
"$DG_BIN" scan -q --only DG-T -f json "$T/img.tar" >/dev/null 2>"$T/err2"
[ ! -s "$T/err2" ] && echo "ok   quiet" || { echo "FAIL quiet printed:"; cat "$T/err2"; exit 1; }
# SBOMs: parsed back, required fields and purls.
"$DG_BIN" scan -q -f cyclonedx -o "$T/cdx.json" "$T/img.tar" || { echo "FAIL cyclonedx exit"; exit 1; }
"$DG_BIN" scan -q -f spdx "$T/img.tar" >"$T/spdx.json" || { echo "FAIL spdx exit"; exit 1; }
python3 - "$T/cdx.json" "$T/spdx.json" <<'PY' || exit 1
import json, sys
cdx = json.load(open(sys.argv[1]))
assert cdx["bomFormat"] == "CycloneDX" and cdx["specVersion"] == "1.5" and cdx["version"] == 1
assert cdx["metadata"]["component"]["name"] == "test/app:1"
libs = {c["name"]: c for c in cdx["components"] if c["type"] == "library"}
assert sorted(libs) == ["base-files", "bash", "coreutils", "libc6", "zlib1g"], sorted(libs)
assert libs["zlib1g"]["purl"] == "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib"
assert libs["base-files"]["purl"] == "pkg:deb/debian/base-files@12.4%2Bdeb12u11?arch=amd64&distro=debian-12"
assert [c for c in cdx["components"] if c["type"] == "operating-system"][0]["version"] == "12"
sp = json.load(open(sys.argv[2]))
for k in ("spdxVersion", "dataLicense", "SPDXID", "name", "documentNamespace", "creationInfo", "packages"):
    assert k in sp, k
assert sp["spdxVersion"] == "SPDX-2.3" and sp["dataLicense"] == "CC0-1.0"
pk = {p["name"]: p for p in sp["packages"]}
ref = pk["libc6"]["externalRefs"][0]
assert ref["referenceType"] == "purl" and ref["referenceLocator"] == \
    "pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch=amd64&distro=debian-12&upstream=glibc", ref
ids = [p["SPDXID"] for p in sp["packages"]]
assert len(ids) == len(set(ids)) and all(i.startswith("SPDXRef-") for i in ids)
assert len(sp["relationships"]) == 6
print("ok   sbom: cyclonedx and spdx fields and purls")
PY

# rpm: databases written by Debian's rpm from real packages (mkrpmdb.sh).
sh "$DG_FIXTURES/mkrpmdb.sh" "$T/rpm" >"$T/mkrpm.log" 2>&1
case $? in
0) ;;
77) echo "skip rpm: rpm/rpmbuild not installed (scripts/deps.sh --test installs them)"; exit 0 ;;
*) echo "FAIL mkrpmdb.sh:"; cat "$T/mkrpm.log"; exit 1 ;;
esac
export DG_RPMDB="$T/rpm"
rpm_case() { # recipe, expected summary line, expected warning (or "")
    python3 "$DG_FIXTURES/mkimage.py" "$1" "$T/$1.tar" classic || { echo "FAIL mkimage $1"; exit 1; }
    "$DG_BIN" scan -f cyclonedx -o "$T/$1.cdx" "$T/$1.tar" 2>"$T/$1.err"
    local rc=$?
    if [ $rc != 0 ] || ! grep -qxF "$2" "$T/$1.err"; then echo "FAIL $1 (exit $rc):"; cat "$T/$1.err"; exit 1; fi
    if [ -n "$3" ] && ! grep -qF "$3" "$T/$1.err"; then echo "FAIL $1 warning:"; cat "$T/$1.err"; exit 1; fi
    echo "ok   $1"
}
rpm_case rpm-sqlite "test/app:1: Fedora Linux 39 (Container Image), 4 packages (rpm)" ""
python3 - "$T/rpm-sqlite.cdx" <<'PY' || exit 1
import json, sys
cdx = json.load(open(sys.argv[1]))
purls = sorted(c["purl"] for c in cdx["components"] if c["type"] == "library")
assert purls == [
    "pkg:rpm/fedora/dgtool@5.2.15-2.fc39?arch=x86_64&distro=fedora-39",
    "pkg:rpm/fedora/hello-dg@2.10-3.fc39?arch=noarch&epoch=1&distro=fedora-39",
    "pkg:rpm/fedora/zlib-dg-devel@1.2.13-4.fc39?arch=x86_64&distro=fedora-39&upstream=zlib-dg",
    "pkg:rpm/fedora/zlib-dg@1.2.13-4.fc39?arch=x86_64&distro=fedora-39",
], purls
ver = {c["name"]: c["version"] for c in cdx["components"] if c["type"] == "library"}
assert ver["hello-dg"] == "1:2.10-3.fc39", ver
print("ok   rpm purls: epoch qualifier, source rpm as upstream")
PY
rpm_case rpm-bdb "test/app:1: CentOS Linux 7 (Core), 4 packages (rpm)" ""
rpm_case rpm-wal "test/app:1: unknown OS, 4 packages (rpm)" "write-ahead log not merged"
