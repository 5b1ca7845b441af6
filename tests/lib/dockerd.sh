# Private dockerd for integration tests and benchmarks. Source this file,
# then call dg_dockerd_start [extra dockerd args...]; it exports DOCKER_HOST
# pointing at a daemon that only this test uses (own data root, exec root,
# socket and pidfile under a temporary folder) and stops it on exit.
# /var/run/docker.sock and any other daemon are never touched.
#
#   dg_dockerd_start [--config-file F] ...   start; 77-exit (skip) when impossible
#   dg_dockerd_base_image NAME               import a busybox-static image as NAME
#   dg_dockerd_stop                          stop now (also done by the EXIT trap)

DG_DOCKERD_BIN=${DG_DOCKERD_BIN:-/usr/sbin/dockerd}

dg_dockerd_skip() {
    echo "SKIP: $*" >&2
    exit 77
}

dg_dockerd_start() {
    [ -x "$DG_DOCKERD_BIN" ] || dg_dockerd_skip "$DG_DOCKERD_BIN not installed"
    command -v docker >/dev/null || dg_dockerd_skip "docker client not installed"
    [ "$(id -u)" = 0 ] || dg_dockerd_skip "a private dockerd needs root"
    # Short base path: unix socket paths are limited to 108 bytes.
    DG_DOCKERD_DIR=$(mktemp -d /tmp/dgd.XXXXXX)
    mkdir -p "$DG_DOCKERD_DIR/data" "$DG_DOCKERD_DIR/exec"
    trap dg_dockerd_stop EXIT
    # Each private daemon gets its own network namespace (unshare -n): it
    # may then create its bridge and iptables rules without touching the
    # host's or another test daemon's. The unix socket is a path, reachable
    # from any namespace. Without unshare, fall back to no networking.
    local netargs=()
    local wrap=()
    if command -v unshare >/dev/null && command -v ip >/dev/null && unshare -n true 2>/dev/null &&
        [ -z "${DG_DOCKERD_NO_NETNS:-}" ]; then
        wrap=(unshare -n -- sh -c 'ip link set lo up && exec "$0" "$@"')
    else
        netargs=(--bridge=none --iptables=false --ip6tables=false --ip-masq=false)
    fi
    "${wrap[@]}" "$DG_DOCKERD_BIN" \
        --data-root "$DG_DOCKERD_DIR/data" \
        --exec-root "$DG_DOCKERD_DIR/exec" \
        -H "unix://$DG_DOCKERD_DIR/docker.sock" \
        --pidfile "$DG_DOCKERD_DIR/docker.pid" \
        --containerd-namespace "dg$$" --containerd-plugins-namespace "dgp$$" \
        --storage-driver=vfs \
        "${netargs[@]}" \
        "$@" >"$DG_DOCKERD_DIR/dockerd.log" 2>&1 &
    DG_DOCKERD_PID=$!
    export DOCKER_HOST="unix://$DG_DOCKERD_DIR/docker.sock"
    DG_DOCKERD_SOCK="$DG_DOCKERD_DIR/docker.sock"
    local i
    for i in $(seq 1 300); do
        if ! kill -0 "$DG_DOCKERD_PID" 2>/dev/null; then
            tail -20 "$DG_DOCKERD_DIR/dockerd.log" >&2
            DG_DOCKERD_PID=
            dg_dockerd_skip "private dockerd exited at start"
        fi
        if [ -S "$DG_DOCKERD_SOCK" ] &&
            curl -s --max-time 2 --unix-socket "$DG_DOCKERD_SOCK" http://d/_ping 2>/dev/null | grep -q OK; then
            return 0
        fi
        sleep 0.1
    done
    tail -20 "$DG_DOCKERD_DIR/dockerd.log" >&2
    dg_dockerd_skip "private dockerd did not answer /_ping within 30 s"
}

dg_dockerd_stop() {
    if [ -n "${DG_DOCKERD_PID:-}" ]; then
        # Containers first, so the daemon does not leave shims behind.
        docker ps -q 2>/dev/null | xargs -r docker kill >/dev/null 2>&1
        kill "$DG_DOCKERD_PID" 2>/dev/null
        local i
        for i in $(seq 1 150); do
            kill -0 "$DG_DOCKERD_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$DG_DOCKERD_PID" 2>/dev/null
        wait "$DG_DOCKERD_PID" 2>/dev/null
        DG_DOCKERD_PID=
    fi
    if [ -n "${DG_DOCKERD_DIR:-}" ] && [ -d "$DG_DOCKERD_DIR" ]; then
        # Mounts left under our folders (container rootfs, netns) only.
        grep -o " $DG_DOCKERD_DIR[^ ]*" /proc/self/mounts 2>/dev/null | sort -r |
            while read -r m; do umount -l "$m" 2>/dev/null; done
        rm -rf "$DG_DOCKERD_DIR"
        DG_DOCKERD_DIR=
    fi
}

# Imports a minimal image (busybox-static as /bin/sh and friends) as $1.
dg_dockerd_base_image() {
    local name=$1 root
    local bb=/bin/busybox
    [ -x "$bb" ] || dg_dockerd_skip "/bin/busybox not installed"
    root=$(mktemp -d "$DG_DOCKERD_DIR/rootfs.XXXXXX")
    chmod 755 "$root"   # mktemp makes it 0700: non-root users could not reach /bin
    mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/proc" "$root/sys" "$root/dev"
    cp "$bb" "$root/bin/busybox"
    local a
    for a in sh ls cat sleep echo true id ps; do ln -s busybox "$root/bin/$a"; done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\napp:x:1000:1000:app:/:/bin/sh\n' >"$root/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\napp:x:1000:\n' >"$root/etc/group"
    tar -C "$root" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' - "$name" >/dev/null
    rm -rf "$root"
}
