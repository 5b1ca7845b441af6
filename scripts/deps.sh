#!/bin/sh
# Installs what dockguard needs to build and test on Debian 12 (as root).
# Idempotent: does nothing when every package is already installed.
set -eu
PKGS="cmake make gcc pkg-config libjansson-dev libyaml-dev libcurl4-openssl-dev libmicrohttpd-dev
libarchive-dev libpcre2-dev libsqlite3-dev libssl-dev liburing-dev libcmocka-dev zstd python3 jq sqlite3 time"
if [ "${1:-}" = "--test" ]; then
    # Integration tests start a private dockerd and build images from a busybox rootfs;
    # rpm and db5.3-util write the rpm databases the package tests read.
    PKGS="$PKGS docker.io busybox-static iproute2 iptables rpm db5.3-util"
fi
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "dockguard: missing packages:$missing (run as root, or install them)" >&2
    exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
