#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# deps.sh — installs the Debian packages a step needs, when they are missing,
# so `make run`, `make test` and `make bench` work on a fresh Debian 12
# machine. As root it runs apt-get; otherwise it names what to install.
#   infra/deps.sh build|run|test|bench|browser|check|containers
set -euo pipefail

build=(gcc make pkg-config gettext librdkafka-dev libpq-dev libcurl4-openssl-dev libssl-dev
       libjansson-dev libmicrohttpd-dev libvips-dev libmagic-dev libunistring-dev
       libargon2-dev libqrencode-dev libcbor-dev libtesseract-dev)
# fonts-ocr-b: the MRZ reader's glyph templates (common/mrzscan), read at run time.
run=(postgresql-15 postgresql-client-15 python3-aiosmtpd kcat fonts-ocr-b)
# prometheus: test_metrics.py scrapes the stack with the real server; promtool
# checks the alert rules (infra/monitoring/check.sh).
test=(python3-jsonschema python3-cryptography python3-icalendar curl python3-pil python3-numpy python3-opencv clang libclang-rt-14-dev libvips-tools
      librsvg2-bin zbar-tools prometheus)
# tesseract-ocr: the MRZ bench's peer (Debian's command line on whole photos);
# argon2: the sign-in bench's baseline.
bench=(wrk libjpeg-turbo-progs argon2 tesseract-ocr)
# The layout checks (infra/check_format.sh, infra/check_python.sh).
check=(clang-format python3-pyflakes)
# The browser test (tests/browser): Debian's Chromium with its translations
# (native date, time and file controls in nl and fr), a font with Arial's
# metrics, and Node.js with npm unless a node >= 18 and an npm >= 7 (lockfile
# v3) are already on PATH (e.g. from nodesource, whose nodejs conflicts with
# Debian's npm).
browser=(chromium chromium-l10n fonts-liberation)
# make containers (infra/containers): the engine, its OCI runtime (runc: crun
# refuses the VMs' hybrid cgroups), an init for PID 1, and debootstrap for
# the base image.
containers=(podman buildah runc catatonit debootstrap)
major() { "$1" --version 2>/dev/null | sed -n 's/^v\{0,1\}\([0-9][0-9]*\)\..*/\1/p' | head -n1; }
node_ok() { command -v node >/dev/null && [ "$(major node)" -ge 18 ] 2>/dev/null; }
npm_ok() { command -v npm >/dev/null && [ "$(major npm)" -ge 7 ] 2>/dev/null; }

case "${1:-}" in
    build) want=("${build[@]}") ;;
    run) want=("${build[@]}" "${run[@]}") ;;
    test) want=("${build[@]}" "${run[@]}" "${test[@]}") ;;
    bench) want=("${build[@]}" "${run[@]}" "${test[@]}" "${bench[@]}") ;;
    check) want=("${check[@]}") ;;
    containers) want=("${containers[@]}") ;;
    browser)
        want=("${build[@]}" "${run[@]}" "${browser[@]}")
        node_ok || want+=(nodejs)
        npm_ok || want+=(npm)
        ;;
    *) echo "usage: $0 build|run|test|bench|browser|check|containers" >&2; exit 2 ;;
esac

missing=()
for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "deps: missing Debian packages: ${missing[*]}" >&2
    echo "deps: install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# The package lists may be stale or absent on a fresh machine.
apt-get update -qq >&2 || true
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
