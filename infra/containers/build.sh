#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# build.sh — `make containers`: installs podman (infra/deps.sh containers),
# makes the Debian 12 base image when missing (base.sh), then one image per
# role of roles.tsv (localhost/dk-ROLE:latest, from the Containerfile) and
# the service images (localhost/dk-postgres, localhost/dk-smtp). The build
# stage is one and the same for every role: podman's layer cache compiles
# once. Ends with each image's size and the time each step took.
#   infra/containers/build.sh [ROLE...]     (default: every role and service)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
pm=$here/podman.sh
"$root/infra/deps.sh" containers
[ -s build/tessdata/eng.traineddata ] || infra/fetch_tessdata.sh build/tessdata/
roles=$(awk -F'\t' '/^[a-z]/ { print $1 }' "$here/roles.tsv")
services="postgres smtp"
wanted=${*:-$roles $services}
t0=$SECONDS
"$here/base.sh"
t_base=$((SECONDS - t0))
report=()
for r in $wanted; do
    t=$SECONDS
    if [[ " $services " = *" $r "* ]]; then
        args=(-f "$here/Containerfile.services" --target "$r")
    elif [[ " $(echo $roles) " = *" $r "* ]]; then
        args=(-f "$here/Containerfile" --target role --build-arg "ROLE=$r")
    else
        echo "containers: unknown role '$r' (roles.tsv: $(echo $roles); services: $services)" >&2
        exit 2
    fi
    # The docker format keeps HEALTHCHECK (OCI images have no such field).
    "$pm" build --quiet --format docker --layers "${args[@]}" -t "localhost/dk-$r:latest" . >/dev/null
    size=$("$pm" image inspect --format '{{.Size}}' "localhost/dk-$r:latest")
    report+=("$(printf 'dk-%-11s %6.1f MB  %4d s' "$r" "$(awk -v s="$size" 'BEGIN { print s / 1e6 }')" $((SECONDS - t)))")
done
# Images replaced by a newer build leave their layers: not kept.
"$pm" image prune -f >/dev/null
printf 'containers: base image %d s; images (size, build time):\n' "$t_base"
printf '  %s\n' "${report[@]}"
printf 'containers: %d s in all\n' $((SECONDS - t0))
