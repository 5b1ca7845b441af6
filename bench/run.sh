#!/bin/sh
# Runs every benchmark (each builds its own inputs under bench/out/) and
# prints its figures and targets. Needs a release build in build/.
set -eu
cd "$(dirname "$0")/.."
[ -x build/dockguard ] || { cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null && cmake --build build -j"$(nproc)" --target dockguard >/dev/null; }
for b in dockerfile compose audit scan; do
    if [ -x "bench/$b/run.sh" ] || [ -f "bench/$b/run.sh" ]; then
        echo "=== bench/$b"
        # Each script names its shell (bash for most); dash would not run them.
        bash "bench/$b/run.sh" || echo "bench/$b failed (exit $?)"
        echo
    fi
done
