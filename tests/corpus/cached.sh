#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# cached.sh — puts the generated document-image corpus in build/corpus without
# generating it again when nothing it comes from changed: the corpus is
# deterministic, so a copy kept outside the checkout (CI runs on a clean
# checkout each time) under a key of everything that shapes its bytes is as
# good as a new one, and takes seconds instead of minutes.
#   tests/corpus/cached.sh            (what `make corpus` runs: seed 0, build/corpus)
#   tests/corpus/cached.sh --seed K   another draw of the same kinds (generate.py
#                                     --seed K) in build/corpus-seedK: `make
#                                     test-corpus` judges seed 1 too, unseen while
#                                     the bounds were set
#   DK_CORPUS_CACHE=DIR               where the copies live
#                                     (default ${XDG_CACHE_HOME:-$HOME/.cache}/digital-key)
#   DK_CORPUS_CACHE=off               always generate, keep no copy
# The key is the seed and the SHA-256 of generate.py, light_documents.py, every specimen,
# and the versions of Python, numpy, OpenCV, Pillow and vips. A copy is written to a temporary
# directory with a SHA256SUMS of its files and renamed into place only when
# complete; it is used only if every file matches its sum and labels.json
# names only files that are there. The corpus directory itself is replaced by a rename.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
py=/usr/bin/python3
seed=0
if [ $# -gt 0 ]; then
    [ $# -eq 2 ] && [ "$1" = --seed ] && [[ $2 =~ ^[0-9]+$ ]] ||
        { echo "usage: tests/corpus/cached.sh [--seed K]" >&2; exit 2; }
    seed=$((10#$2))
fi
if [ "$seed" -eq 0 ]; then
    out=build/corpus
    name=corpus
else
    out=build/corpus-seed$seed
    name=corpus-seed$seed
fi
cache_root=${DK_CORPUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/digital-key}

key() {
    {
        echo "seed $seed"
        sha256sum tests/corpus/generate.py tests/corpus/light_documents.py
        (cd tests/corpus/specimens && LC_ALL=C sha256sum -- $(LC_ALL=C ls))
        $py -c 'import sys, numpy, cv2, PIL; print(sys.version, numpy.__version__, cv2.__version__, PIL.__version__)'
        vips --version
    } | sha256sum | cut -c1-32
}

# A corpus directory is whole: its files match SHA256SUMS and every file
# labels.json names is among them.
verify() {
    local dir=$1
    [ -f "$dir/SHA256SUMS" ] && [ -f "$dir/labels.json" ] || return 1
    (cd "$dir" && sha256sum --check --quiet --strict SHA256SUMS) >/dev/null 2>&1 || return 1
    $py - "$dir" <<'EOF'
import json, os, sys
d = sys.argv[1]
listed = {line.split(None, 1)[1].strip().lstrip('*') for line in open(os.path.join(d, 'SHA256SUMS'))}
labels = json.load(open(os.path.join(d, 'labels.json')))
sys.exit(0 if labels and 'labels.json' in listed and all(f in listed for f in labels) else 1)
EOF
}

# Replaces $out with a complete directory $1 (same file system).
install_corpus() {
    local new=$1 old=$out.old.$$
    [ -e "$out" ] && mv "$out" "$old"
    mv "$new" "$out"
    rm -rf "$old"
}

mkdir -p build
tmp=$(mktemp -d "$out.new.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [ "$cache_root" = off ]; then
    $py tests/corpus/generate.py --out "$tmp" --seed "$seed"
    install_corpus "$tmp"
    exit 0
fi

cached=$cache_root/$name-$(key)
if [ -f "$cached/SHA256SUMS" ]; then
    if cp -r "$cached/." "$tmp/" && verify "$tmp"; then
        echo "corpus: copied from $cached"
        install_corpus "$tmp"
        exit 0
    fi
    echo "corpus: the copy in $cached is damaged: generating again" >&2
    find "$tmp" -mindepth 1 -delete
fi

echo "corpus: generating (no copy in $cached)"
$py tests/corpus/generate.py --out "$tmp" --seed "$seed"
(cd "$tmp" && LC_ALL=C sha256sum -- $(LC_ALL=C ls) > SHA256SUMS)
verify "$tmp" || { echo "corpus: the generated corpus does not verify" >&2; exit 1; }

# Keep a copy: written beside its final name, renamed when whole. A copy that
# is there already (another run) or a cache that cannot be written is no failure.
mkdir -p "$cache_root" 2>/dev/null || true
ctmp=$(mktemp -d "$cached.tmp.XXXXXX" 2>/dev/null) || ctmp=
if [ -n "$ctmp" ]; then
    if cp -r "$tmp/." "$ctmp/" && verify "$ctmp"; then
        rm -rf "$cached"
        mv -T "$ctmp" "$cached" 2>/dev/null || rm -rf "$ctmp"
        echo "corpus: kept a copy in $cached"
    else
        rm -rf "$ctmp"
    fi
fi
install_corpus "$tmp"
