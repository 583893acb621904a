#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# run.sh — proves that infra/check_layers.sh fails when the layering of
# common/LAYERS is broken: on a temporary copy of the sources it plants one
# fault at a time (an upward include, a sideways one, a library reaching into
# consumers/, a worker reaching into a sibling, an included .c file, a symbol
# outside its library's prefixes, a prefix in two libraries, a library using
# one listed above it) and expects the check to fail for that reason, after
# checking that the untouched copy passes.
#   tests/layers/run.sh [BUILD]   (the build whose archives the check reads)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
build=${1:-build}
[[ $build == /* ]] || build=$root/$build
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The sources the check reads: headers, C files and the table.
mkdir -p "$tmp/base"
find common consumers producers workers infra tests \( -name '*.[ch]' -o -name LAYERS \) -type f -print0 |
    tar -cf - --null -T - | tar -xf - -C "$tmp/base"

failures=0
n=0
# expect NAME WANT EDIT...: runs EDIT (a shell command) in a fresh copy,
# then the check, which must fail with a message containing WANT.
expect() {
    local name=$1 want=$2 edit=$3 copy=$tmp/$n out
    n=$((n + 1))
    cp -a "$tmp/base" "$copy"
    (cd "$copy" && eval "$edit") || { echo "layers: $name: the edit failed" >&2; failures=$((failures + 1)); return; }
    if out=$("$root/infra/check_layers.sh" "$copy" "$build" 2>&1); then
        echo "layers: $name: the check passed, it should have failed" >&2
        failures=$((failures + 1))
    elif [[ $out != *"$want"* ]]; then
        echo "layers: $name: the check failed, but not with \"$want\":" >&2
        echo "$out" >&2
        failures=$((failures + 1))
    else
        echo "layers: $name: fails as it should"
    fi
    rm -rf "$copy"
}
plant() { # plant FILE LINE: adds LINE after the file's first line
    sed -i "1a $2" "$1"
}

if ! out=$(infra/check_layers.sh "$tmp/base" "$build" 2>&1); then
    echo "layers: the untouched copy fails the check:" >&2
    echo "$out" >&2
    exit 1
fi

expect "upward include" 'core may not include store' \
    'plant common/core/dk_buf.c "#include \"store/dk_pg.h\""'
expect "sideways include" 'plan may not include doccheck' \
    'plant common/plan/dk_plan.c "#include \"doccheck/dk_doc.h\""'
expect "web server into booking" 'web may not include booking' \
    'plant common/web/dk_web_page.c "#include \"booking/dk_application.h\""'
expect "library into consumers/" 'store may not include consumers' \
    'plant common/store/dk_pg.c "#include \"dk_consumer.h\""'
expect "library header by its bare name" 'name the library' \
    'plant common/mail/dk_qp.c "#include \"dk_mime.h\""'
expect "worker into a sibling's folder" 'not found in its folder nor in a library' \
    'plant workers/docvalidate/validator.c "#include \"sandbox.h\""'
expect "worker through .." 'reaches out of the include path' \
    'plant workers/docvalidate/validator.c "#include \"../docchecker/sandbox.h\""'
expect "included .c file" 'includes a .c file' \
    'plant tests/unit/test_buf.c "#include \"core/dk_buf.c\""'
expect "symbol outside the prefixes" 'starts with none of plan'"'"'s prefixes' \
    'sed -i "s/ dk_mcf_\$//" common/LAYERS'
expect "prefix in two libraries" 'belongs to both' \
    'sed -i "s/^    dk_hours_ /    dk_hours_ dk_mcf_ /" common/LAYERS'
expect "prefix starting another library's" 'starts dk_docstore_' \
    'sed -i "s/^    dk_app_ /    dk_app_ dk_docs /" common/LAYERS'
expect "library using one above it" 'booking uses consumers' \
    'sed -i "s/^\(booking .*\)$/\1 consumers/" common/LAYERS'

if [ $failures -gt 0 ]; then
    echo "layers: $failures of $n faults not caught" >&2
    exit 1
fi
echo "layers: all $n planted faults fail the check"
