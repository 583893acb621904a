#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# check_spdx.sh — fails when a tracked source file (infra/spdx_files.sh) has
# no "SPDX-License-Identifier: EUPL-1.2" line in its first 5 lines, and
# lists those files; infra/add_spdx.sh adds the line.
#   infra/check_spdx.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bad=()
while IFS= read -r f; do
    infra/spdx_files.sh --has "$f" || bad+=("$f")
done < <(infra/spdx_files.sh)
if [ ${#bad[@]} -gt 0 ]; then
    echo "check_spdx: ${#bad[@]} files lack 'SPDX-License-Identifier: EUPL-1.2' in their first 5 lines" \
         "(infra/add_spdx.sh adds it):" >&2
    printf '  %s\n' "${bad[@]}" >&2
    exit 1
fi
echo "check_spdx: $(infra/spdx_files.sh | wc -l) source files carry the licence line"
