#!/bin/sh
# The whole test suite: installs dependencies, builds with warnings as
# errors, runs every test (unit, fuzz replay, end-to-end, integration with a
# private dockerd), then rebuilds with ASan+UBSan and runs the tests again
# (integration tests included unless DG_ASAN_INTEGRATION=0).
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh --test
jobs=$(nproc)

echo "== build (warnings as errors)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDG_WERROR=ON >/dev/null
cmake --build build -j"$jobs" >/dev/null
echo "== tests"
(cd build && ctest --output-on-failure -j"$jobs")

echo "== build (ASan + UBSan)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DDG_WERROR=ON -DDG_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
echo "== tests under ASan + UBSan"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if [ "${DG_ASAN_INTEGRATION:-1}" = 0 ]; then
    (cd build-asan && ctest --output-on-failure -j"$jobs" -LE integration)
else
    (cd build-asan && ctest --output-on-failure -j"$jobs")
fi
