#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# collect.sh — runs in the build stage of the Containerfile: lays out, for
# each role of roles.tsv, the tree its runtime image gets (/out/ROLE): the
# role's binaries and dk-probe in /usr/local/bin, every shared library they
# (and the shared objects among their data) load, as ldd resolves them, and
# their data files. Nothing else: no compiler, no -dev package, no apt.
#   collect.sh ROLES_TSV BIN_DIR OUT_DIR
set -eu
roles=$1 bins=$2 out=$3

# copy_lib ROLE PATH: PATH's content at its directory's real path (Debian's
# /lib is /usr/lib: the runtime image keeps its own symlinks).
copy_lib() {
    dest=$out/$1$(readlink -f "$(dirname "$2")")/$(basename "$2")
    [ -e "$dest" ] && return 0
    mkdir -p "$(dirname "$dest")"
    cp -L "$2" "$dest"
}
# copy_libs ROLE FILE: the libraries FILE loads (ldd's absolute paths).
copy_libs() {
    for lib in $(ldd "$2" | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p'); do
        copy_lib "$1" "$lib"
    done
}

grep -v '^#' "$roles" | while IFS='	' read -r role binaries data; do
    [ -n "$role" ] || continue
    mkdir -p "$out/$role/usr/local/bin" "$out/$role/etc/ssl/certs"
    cp /etc/ssl/certs/ca-certificates.crt "$out/$role/etc/ssl/certs/"
    for b in $(echo "$binaries" | tr , ' ') dk-probe; do
        install -m 755 -s "$bins/$b" "$out/$role/usr/local/bin/$b"
        copy_libs "$role" "$bins/$b"
    done
    [ "$data" = - ] && continue
    for pattern in $(echo "$data" | tr , ' '); do
        found=0
        for f in $pattern; do # a glob
            [ -e "$f" ] || continue
            found=1
            mkdir -p "$out/$role$(dirname "$f")"
            cp -a "$f" "$out/$role$(dirname "$f")/"
            case $f in *.so) copy_libs "$role" "$f" ;; esac
        done
        [ $found -eq 1 ] || { echo "collect: $role: nothing matches $pattern" >&2; exit 1; }
    done
done
# The command each image runs: the first binary of its row.
grep -v '^#' "$roles" | while IFS='	' read -r role binaries data; do
    [ -n "$role" ] && echo "${binaries%%,*}" >"$out/$role.command"
done
