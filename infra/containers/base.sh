#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# base.sh — the Debian 12 base image of every other (localhost/dk-base:bookworm),
# made with debootstrap --variant=minbase from Debian's archive, since no
# registry is reachable: apt sources for bookworm, its updates and security;
# no package lists, documentation, man pages or locales kept.
# Built only when missing. The root filesystem is kept as a tarball outside
# the checkout (CI starts from a clean one) under a key that changes when
# what debootstrap would install changes: the bookworm suite's InRelease
# file the host's apt last fetched (its date and every index's checksum)
# and this script. Without that file, nothing is cached.
#   infra/containers/base.sh
#   DK_BASE_CACHE=DIR|off   (default ${XDG_CACHE_HOME:-$HOME/.cache}/digital-key)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pm=$here/podman.sh
image=localhost/dk-base:bookworm
mirror=${DK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
say() { printf 'base: %s\n' "$*" >&2; }

if "$pm" image exists "$image"; then exit 0; fi

release=$(ls /var/lib/apt/lists/*_dists_bookworm_InRelease 2>/dev/null | head -n1 || true)
cache_root=${DK_BASE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/digital-key}
tarball=""
if [ "$cache_root" != off ] && [ -n "$release" ]; then
    key=$(cat "$release" "$0" | sha256sum | cut -c1-32)
    tarball=$cache_root/dk-base-$key.tar
fi

if [ -z "$tarball" ] || [ ! -s "$tarball" ]; then
    rootfs=$(mktemp -d "${TMPDIR:-/tmp}/dk-base.XXXXXX")
    trap 'rm -rf "$rootfs" "${tarball:-/nonexistent}.tmp"' EXIT
    start=$SECONDS
    say "debootstrap --variant=minbase bookworm (about a minute)"
    debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 ||
        { cat "$rootfs.log" >&2; rm -f "$rootfs.log"; exit 1; }
    rm -f "$rootfs.log"
    cat >"$rootfs/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror%/debian}/debian-security bookworm-security main
SOURCES
    # Nothing the images need at run time: the build stage brings its own lists.
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
        "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
        "$rootfs"/usr/share/locale/* "$rootfs"/var/log/*.log "$rootfs"/var/cache/debconf/*-old
    # APT keeps no documentation in the images either.
    printf 'path-exclude /usr/share/doc/*\npath-exclude /usr/share/man/*\npath-exclude /usr/share/info/*\npath-exclude /usr/share/locale/*\n' \
        >"$rootfs/etc/dpkg/dpkg.cfg.d/01-dk-nodoc"
    out=${tarball:-$rootfs.tar}
    mkdir -p "$(dirname "$out")"
    tar -C "$rootfs" --numeric-owner -cf "$out.tmp" .
    mv "$out.tmp" "$out"
    tarball=$out
    say "debootstrap took $((SECONDS - start)) s"
fi
"$pm" import --change 'CMD ["/bin/bash"]' "$tarball" "$image" >/dev/null
[ "$tarball" != "${rootfs:-}.tar" ] || rm -f "$tarball"
say "imported $image ($("$pm" image inspect --format '{{.Size}}' "$image" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
