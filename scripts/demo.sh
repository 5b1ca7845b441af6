#!/bin/sh
# The main job: install dependencies, build dockguard, and lint the bundled
# deliberately insecure examples/ so the findings are visible at once.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target dockguard >/dev/null
echo "== dockguard lint examples/"
rc=0
./build/dockguard lint examples/ || rc=$?
# 1 means "findings at or above --fail-on": expected for the insecure examples.
[ "$rc" -le 1 ] || exit "$rc"
echo
echo "Next: ./build/dockguard explain DG-B001 · ./build/dockguard rules · docs/"
