#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# fetch_tessdata.sh — puts the Tesseract model the MRZ reader loads
# (common/mrzscan) in DIR/eng.traineddata: the full English model with the
# legacy engine, from the npm package @tesseract.js-data/eng 1.0.0 (MIT;
# Debian's tesseract-ocr-eng carries only the LSTM model, which reads the
# MRZ's OCR-B fillers and zeros far worse: README "Reading the MRZ"). The
# tarball is checked against the registry's published integrity and kept in
# a cache outside the checkout, so a clean build fetches it once.
#   infra/fetch_tessdata.sh DIR
#   DK_NPM_CACHE=DIR   where the tarball is kept
#                      (default ${XDG_CACHE_HOME:-$HOME/.cache}/digital-key/npm)
set -euo pipefail
out=${1:?usage: $0 DIR}
pkg=@tesseract.js-data/eng@1.0.0
tgz=tesseract.js-data-eng-1.0.0.tgz
sha512=mbTumm6KQPUHyzTPQaF3ObXYnx0SqqfV2nabqFVQBwD6Kl7PhGSLSzOlfFTWy0P3BjghaSKA2W9GB19Jk+ZcTg==
cache=${DK_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/digital-key/npm}
mkdir -p "$cache" "$out"

ok() { [ -f "$1" ] && [ "$(openssl dgst -sha512 -binary "$1" | base64 -w0)" = "$sha512" ]; }

if ! ok "$cache/$tgz"; then
    command -v npm >/dev/null || { echo "fetch_tessdata: npm is needed to fetch $pkg" >&2; exit 1; }
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    (cd "$tmp" && npm pack --silent "$pkg" >/dev/null)
    ok "$tmp/$tgz" || { echo "fetch_tessdata: $tgz does not match its published integrity" >&2; exit 1; }
    mv "$tmp/$tgz" "$cache/$tgz"
fi
tar -xzOf "$cache/$tgz" package/4.0.0/eng.traineddata.gz | gunzip > "$out/eng.traineddata.tmp"
mv "$out/eng.traineddata.tmp" "$out/eng.traineddata"
