#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# secrets.sh — a development set of the secrets the containers need, in an
# env file readable by its owner only (default var/containers/secrets.env),
# written once and kept: every DK_* key the binaries refuse to run on their
# embedded development values (dk_config_check_secrets) and PostgreSQL's
# password, each 64 random hex digits (32 bytes: the binaries refuse a key
# shorter than 32 characters). A deployment writes its own file
# (or its cluster's Secret); nothing here sets DK_DEVELOPMENT.
#   infra/containers/secrets.sh [FILE]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
file=${1:-$root/var/containers/secrets.env}
[ -s "$file" ] && exit 0
mkdir -p "$(dirname "$file")"
(
    umask 077
    echo "# Written by infra/containers/secrets.sh: development secrets of the containers."
    for k in DK_CODE_KEY DK_TOKEN_KEY DK_ACTIVATION_KEY DK_CSRF_KEY DK_DOCUMENT_KEY DK_MESSAGE_KEY DK_PG_PASSWORD; do
        echo "$k=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
    done
) >"$file.tmp"
mv "$file.tmp" "$file"
