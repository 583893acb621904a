#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# podman.sh — podman as this project runs it: its own configuration
# (infra/containers/containers.conf, through CONTAINERS_CONF) and its own
# image store and state under build/containers, so that neither /etc nor
# /var/lib/containers changes and two checkouts do not share images.
#   infra/containers/podman.sh ARGS...      (any podman command)
#   DK_CONTAINERS_DIR=DIR                   the store (default build/containers)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir=${DK_CONTAINERS_DIR:-$root/build/containers}
[[ $dir = /* ]] || dir=$root/$dir
mkdir -p "$dir/storage" "$dir/run" "$dir/tmp"
export CONTAINERS_CONF=$here/containers.conf
# Read by buildah inside `podman build` as by podman: the same store.
export CONTAINERS_STORAGE_CONF=$dir/storage.conf
[ -s "$CONTAINERS_STORAGE_CONF" ] || printf '[storage]\ndriver = "overlay"\ngraphroot = "%s"\nrunroot = "%s"\n' \
    "$dir/storage" "$dir/run" >"$CONTAINERS_STORAGE_CONF"
exec podman --root "$dir/storage" --runroot "$dir/run" --tmpdir "$dir/tmp" "$@"
