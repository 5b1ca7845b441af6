#!/bin/bash
# dockguard scan: the package inventory of the final filesystem (a dpkg
# database replaced by a later layer counts as the later one; a deleted
# apk database does not count), summarised on stderr.
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
