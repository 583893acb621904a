#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# run.sh — the browser tests against a private embedded stack, in headless
# Chromium: the applicant's journey (tests/browser/journey.mjs) at a phone
# viewport, then the interviewer's console (tests/browser/console.mjs)
# holding an interview to its approval, then the digital key
# (tests/browser/keys.mjs: activation with an authenticator app and with a
# passkey, and a sign-in with each), then the operations dashboard
# (tests/browser/dashboard.mjs: an operator's sign-in, the page at 1366x768
# and 1920x1080, its refresh). BROWSER_SUITES="journey console keys
# dashboard" chooses (all four by default).
# Installs what it lacks (Debian's chromium, and nodejs/npm when no node >= 18
# is on PATH; playwright-core from package-lock.json with npm ci), starts the
# stack in $DK_BUILD/browser-var on free ports, adds an interviewer for nl, fr
# and en, runs the journeys, and stops the stack whatever happened.
# Screenshots: $DK_BUILD/browser/*.png (console-*.png for the console,
# keys-*.png for the keys).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export DK_BUILD=${DK_BUILD:-build}
here=$root/tests/browser

infra/deps.sh browser
[ -x "$DK_BUILD/bin/dk-intake" ] || { echo "browser: build first: make" >&2; exit 1; }
[ -f build/corpus/good-01.jpg ] || { echo "browser: build/corpus is missing: make corpus" >&2; exit 1; }

# playwright-core, exactly as locked; again only when the lock file changed.
stamp=$here/node_modules/.dk-lock.sha256
want=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
if [ ! -d "$here/node_modules/playwright-core" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
fi

export DK_VAR_DIR=$root/$DK_BUILD/browser-var
# The intake's port is chosen here, so that its public URL can name it as
# http://localhost:PORT: WebAuthn takes no IP address as a relying party id
# (the passkeys' RP ID is the public URL's host), and the mails' links then
# point where the browser goes, as behind a real domain name.
port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
export DK_INTAKE_PORT=$port DK_CONSOLE_PORT=0 DK_DASHBOARD_PORT=0
export DK_PUBLIC_URL=http://localhost:$port
export DK_NOW=2026-12-02T10:00:00Z  # a Wednesday: slots may be asked for 2026-12-07 .. 2026-12-18
export DK_CODE_KEY=browser-test-code-key DK_CSRF_KEY=browser-test-csrf-key
export DK_KAFKA_SESSION_TIMEOUT_MS=3000
# One replica of each worker is plenty for three applicants on two cores.
export DK_RECORDER_REPLICAS=1 DK_MAILER_REPLICAS=1 DK_SCHEDULER_REPLICAS=1 DK_DOCCHECKER_REPLICAS=1
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

infra/stack.sh down >/dev/null 2>&1 || true
rm -rf "$DK_VAR_DIR"
trap 'infra/stack.sh down >/dev/null 2>&1 || true' EXIT
infra/stack.sh up
# Photos the document pipeline accepts: not one whose MRZ shows an expired
# document (most specimens of the corpus expired years ago).
mapfile -t photos < <(/usr/bin/python3 tests/corpus/mrz_photos.py --count 2)
export DK_BROWSER_PHOTO=${DK_BROWSER_PHOTO:-${photos[0]}} DK_BROWSER_NEW_PHOTO=${photos[1]}
set -a
# shellcheck disable=SC1091
. "$DK_VAR_DIR/stack.env"
set +a

"$DK_BUILD/bin/dk" interviewer add --name 'Browser Test' --email browser.interviewer@example.be \
    --languages nl,fr,en --hours 'mon-fri 09:00-12:00,13:00-17:00' >/dev/null

status=0
for suite in ${BROWSER_SUITES:-journey console keys dashboard}; do
    case $suite in
        journey | console | keys | dashboard) (cd "$here" && node "$suite.mjs") || status=$? ;;
        *) echo "browser: unknown suite '$suite'" >&2; status=2 ;;
    esac
done
infra/stack.sh down
trap - EXIT
exit $status
