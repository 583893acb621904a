#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# check_env_names.sh — every DK_* name a script of the tree exports is one
# the binaries accept (a setting of `dk config`, or a script's own name listed
# in common/core/dk_config.c): the binaries refuse unknown DK_* names at
# start-up, so a test script exporting a new name would stop every program it
# starts (make test-unit).
#   infra/check_env_names.sh BUILD_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dk=${1:-build}/bin/dk
[ -x "$dk" ] || { echo "check_env_names: no $dk" >&2; exit 1; }
mapfile -t names < <(git ls-files -z -- '*.sh' 'Makefile' '*.mk' | xargs -0 grep -hoE 'export [^#]*' |
    grep -oE '\bDK_[A-Z0-9_]+' | sort -u)
bad=0
for n in "${names[@]}"; do
    # A value out of a setting's range is refused too: only an unknown name counts.
    if ! out=$(env "$n=1" "$dk" config 2>&1 >/dev/null) && [[ $out == *"is not a setting"* ]]; then
        echo "check_env_names: a script exports $n, which the binaries refuse: $out" >&2
        bad=1
    fi
done
[ "$bad" = 0 ] || exit 1
echo "check_env_names: the ${#names[@]} DK_* names the scripts export are accepted"
