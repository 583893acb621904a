#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# check_format.sh — fails when a tracked C file (.c, .h) differs from the
# layout in .clang-format, and lists those files; `make format` (or
# clang-format -i FILE) fixes them. Debian 12's clang-format (14) is the
# reference: another version may lay some lines out otherwise.
#   infra/check_format.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || infra/deps.sh check
bad=$(git ls-files -z -- '*.c' '*.h' |
      xargs -0 -r -n 16 -P 2 sh -c 'for f; do
          clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || echo "$f"; done' sh | sort)
if [ -n "$bad" ]; then
    echo "check_format: $(echo "$bad" | wc -l) files differ from .clang-format:" >&2
    echo "$bad" | sed 's/^/  /' >&2
    exit 1
fi
echo "check_format: $(git ls-files -- '*.c' '*.h' | wc -l) C files follow .clang-format"
