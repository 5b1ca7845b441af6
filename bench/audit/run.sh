#!/bin/bash
# Benchmark of `dockguard audit` against a private dockerd holding 1, 33,
# 50 and 200 small containers, and of docker-bench-security on the same
# daemon (33 running containers) when a checkout of it is given.
#
#   bench/audit/run.sh [path/to/dockguard]
#   DOCKER_BENCH_SECURITY=/path/to/docker-bench-security bench/audit/run.sh
#
# Needs root, /usr/sbin/dockerd, the docker client and hyperfine. Prints
# wall times; targets: 33 containers < 0.15 s, 200 < 0.5 s, and at least
# 200x faster than docker-bench-security at 33 containers.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
DG=${1:-$SRC/build/dockguard}
[ -x "$DG" ] || { echo "dockguard binary not found: $DG (build first)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine not installed" >&2; exit 2; }
. "$SRC/tests/lib/dockerd.sh"
dg_dockerd_skip() { echo "cannot run: $*" >&2; exit 2; }

dg_dockerd_start
dg_dockerd_base_image dgbench
OUT=$DG_DOCKERD_DIR
RESULTS=()

# Adds containers until there are $1 in total: half running (sleeping),
# half only created, each with a few settings the rules look at.
have=0
grow_to() {
    while [ "$have" -lt "$1" ]; do
        if [ $((have % 2)) = 0 ]; then
            docker run -d --network none --name "c$have" -m 32m --pids-limit 20 -e "N=$have" dgbench sleep 3600 >/dev/null
        else
            docker create --network none --name "c$have" -v /tmp:/data:ro --cap-add NET_ADMIN dgbench true >/dev/null
        fi
        have=$((have + 1))
    done
}

# Mean wall time, its deviation and the CPU time dockguard itself used
# (user + system): the wall time also contains the daemon's work and, on a
# busy machine, waiting for a CPU.
stats() {
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.4f %.4f %.4f" % (r["mean"], r["stddev"], r["user"] + r["system"]))' "$1"
}

time_audit() {
    local n=$1 m
    hyperfine -N -i --warmup 2 --runs 15 --export-json "$OUT/audit-$n.json" \
        "$DG audit --host $DOCKER_HOST --format json --output /dev/null" >/dev/null 2>&1
    read -r mean sd cpu < <(stats "$OUT/audit-$n.json")
    echo "dockguard audit, $n containers: wall ${mean} s ± ${sd} s, CPU ${cpu} s"
    RESULTS+=("$n $mean")
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
hyperfine -N --warmup 3 --runs 20 --export-json "$OUT/start.json" "$DG --version" >/dev/null 2>&1
read -r mean sd cpu < <(stats "$OUT/start.json")
echo "baseline, dockguard --version (process start): wall ${mean} s ± ${sd} s"

for n in 1 33 50 200; do
    grow_to "$n"
    time_audit "$n"
done
# A finding count from the largest run, to show the work is real.
"$DG" audit --host "$DOCKER_HOST" --format json 2>/dev/null |
    python3 -c 'import json,sys; d=json.load(sys.stdin); print("200 containers: %d findings over %d inputs, %d checks" % (len(d["findings"]), len(d["inputs"]), len(d["checks"])))'

# docker-bench-security on the same daemon, with 33 containers running.
DBS=${DOCKER_BENCH_SECURITY:-}
if [ -n "$DBS" ] && [ -f "$DBS/docker-bench-security.sh" ]; then
    docker ps -aq | xargs -r docker rm -f >/dev/null
    have=0
    for i in $(seq 0 32); do
        docker run -d --network none --name "r$i" -m 32m dgbench sleep 3600 >/dev/null
    done
    t0=$(date +%s.%N)
    (cd "$DBS" && sh docker-bench-security.sh -l "$OUT/dbs.log" >"$OUT/dbs.out" 2>&1)
    t1=$(date +%s.%N)
    dbs=$(echo "$t1 - $t0" | bc -l)
    time_audit 33r
    a=$(awk '{print $2}' <<<"${RESULTS[-1]}")
    printf 'docker-bench-security, 33 running containers: %.2f s (one run)\n' "$dbs"
    printf 'speed-up at 33 running containers: %.0fx (target >= 200x)\n' "$(echo "$dbs / $a" | bc -l)"
else
    echo "docker-bench-security: not run (set DOCKER_BENCH_SECURITY to a checkout of it)"
fi
