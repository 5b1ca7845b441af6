#!/bin/bash
# dockguard scan over crafted hostile and damaged archives: each case has
# one exact expected outcome (findings, or exit 2 with a message), nothing
# outside the image is followed, and nothing is written to disk.
set -u
command -v python3 >/dev/null || exit 77
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
python3 "$DG_FIXTURES/hostile/mkhostile.py" "$T/h" || { echo "FAIL generating fixtures"; exit 1; }
EXPECT="python3 $DG_FIXTURES/scan_expect.py"
fail=0

# case NAME WANT_EXIT EXPECTATIONS... (findings limited to file and trust rules)
case_() {
    local name=$1 want=$2; shift 2
    (cd "$T" && "$DG_BIN" scan --only DG-F00,DG-F01,DG-F02,DG-F03,DG-F04,DG-T -f json "h/$name.tar") >"$T/$name.json" 2>"$T/$name.err"
    local got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL $name: exit $got, want $want"; cat "$T/$name.err"; fail=1; return
    fi
    if [ "$want" = 2 ]; then echo "ok   $name"; return; fi
    if $EXPECT "$T/$name.json" "$@"; then echo "ok   $name"; else echo "FAIL $name"; fail=1; fi
}
err_has() { # name, text
    if grep -qF -- "$2" "$T/$1.err"; then echo "ok   $1 message"; else echo "FAIL $1 message: $(cat "$T/$1.err")"; fail=1; fi
}

case_ dotdot 1 "DG-T007 ~'../../evil.sh' climbs out" "DG-T007 ~'etc/../../x' climbs out"
case_ absolute 1 "DG-T008 ~'/etc/motd' has an absolute name"
case_ hardlink-escape 1 "DG-T009 ~'etc/shadow-link' is a hardlink whose target leaves"
# Symlinks pointing out of the image are recorded, never followed: only the
# real .env file of the second layer is reported.
case_ symlink-out 1 "DG-F007 /app/.env"
case_ duplicate 1 "DG-T010 ~'etc/app.conf' appears more than once"
case_ deep 1 "DG-T011 ~folder depth beyond the bound"
case_ non-utf8 1 'DG-F007 /app/\xff\xfe/.env'
case_ outer-dotdot 1 "DG-T012 ~../outside.txt (leaves the archive root)" "DG-T012 ~/abs.txt (absolute name)" \
    "DG-T004 ~abs.txt (1 bytes)"
case_ outer-link-escape 1 "DG-T012 ~escape -> ../../../etc/passwd (link leaves the archive)"
case_ unreferenced 1 "DG-T004 ~stowaway/layer.tar"
case_ tampered-layer-classic 1 "DG-T002 ~uncompressed content hashes to"
case_ tampered-layer-oci 1 "DG-T001 ~the layer was altered" "DG-T002 ~uncompressed content hashes to"
case_ tampered-config 1 "DG-T001 ~the configuration was altered"
case_ missing-layer 1 "DG-T003 ~layer 2/2" "DG-T004 ~/VERSION" "DG-T004 ~/json"
case_ layer-count 1 "DG-T006 ~manifest lists 1 layers but the config's rootfs.diff_ids lists 2" \
    "DG-T004 ~/VERSION" "DG-T004 ~/json" "DG-T004 ~/layer.tar"
case_ bad-manifest 1 "DG-T005 ~manifest.json:1: premature end of input"
case_ huge-manifest 1 "DG-T005 ~manifest.json: JSON document too large"
case_ not-a-tar-layer 1 "DG-T005 ~layer is not a tar archive"
case_ truncated 2
err_has truncated "Truncated tar archive"
case_ bomb 2
err_has bomb "decompression bomb"
case_ empty 2
err_has empty "not an image archive: no manifest.json or index.json"

# Tampering is critical: the default threshold fails and the JSON says so.
python3 -c '
import json,sys
r=json.load(open(sys.argv[1]))
assert {f["severity"] for f in r["findings"]}=={"critical"}, r
' "$T/tampered-layer-oci.json" && echo "ok   tampering is critical" || { echo "FAIL tampering severity"; fail=1; }

# Nothing was written next to the archives or in the working folder.
extra=$(cd "$T" && ls | grep -v -e '^h$' -e '\.json$' -e '\.err$')
[ -z "$extra" ] && echo "ok   nothing written" || { echo "FAIL files written: $extra"; fail=1; }
exit $fail
