# SPDX-License-Identifier: EUPL-1.2
"""mrz_photos.py — which good phone photos of the corpus (build/corpus/good-*.jpg)
the document pipeline accepts on a given day, and which it refuses because
their MRZ shows the document expired: most specimens the corpus is made
of expired years ago (dk-docchecker refuses those, reason `expired`). The
tests that need an accepted upload take one from here instead of naming a
file, so they follow the corpus when it is generated anew. What each photo
reads is asked of `dk document mrz` once per corpus and kept in a cache
file beside the stack (keyed by the corpus's SHA256SUMS).

    python3 tests/corpus/mrz_photos.py [--expired] [--count N] [--on YYYY-MM-DD]
prints the paths, one a line (the browser tests use it)."""

import argparse
import hashlib
import json
import os
import pathlib
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "build" / "corpus"
# The interviews the tests book fall within weeks of DK_NOW (2026-12-02):
# a document valid until the end of 2027 is valid on any of them.
SAFE_UNTIL = "2027-12-31"


def reads(cache_dir=None):
    """{file name: what `dk document mrz` printed} for every good-*.jpg."""
    sums = (CORPUS / "SHA256SUMS").read_bytes()
    key = hashlib.sha256(sums).hexdigest()
    cache_dir = pathlib.Path(cache_dir or os.environ.get("DK_VAR_DIR", ROOT / "var"))
    cache = cache_dir / "corpus_mrz.json"
    try:
        held = json.loads(cache.read_text())
        if held.get("key") == key:
            return held["reads"]
    except (OSError, ValueError):
        pass
    files = sorted(CORPUS.glob("good-*.jpg"))
    dk = ROOT / os.environ.get("DK_BUILD", "build") / "bin" / "dk"
    out = subprocess.run([str(dk), "document", "mrz"] + [str(f) for f in files],
                         capture_output=True, text=True, timeout=600, check=False).stdout
    got = {}
    for line in out.splitlines():
        o = json.loads(line)
        got[pathlib.Path(o["file"]).name] = o
    if len(got) != len(files):
        raise RuntimeError("dk document mrz read %d of %d photos" % (len(got), len(files)))
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=cache_dir, delete=False) as t:
        json.dump({"key": key, "reads": got}, t)
    os.replace(t.name, cache)
    return got


def vouched_expiry(o):
    """The expiry an MRZ vouches for (every check digit right), or None."""
    return o.get("expiry_date_iso") if o.get("found") and o.get("valid") else None


def accepted(on=SAFE_UNTIL, cache_dir=None):
    """Paths of the photos the pipeline accepts for an interview up to `on`."""
    return [CORPUS / n for n, o in sorted(reads(cache_dir).items())
            if not (vouched_expiry(o) and vouched_expiry(o) <= on)]


def expired(before, cache_dir=None):
    """Paths of the photos whose MRZ vouches the document expired before `before`."""
    return [CORPUS / n for n, o in sorted(reads(cache_dir).items())
            if vouched_expiry(o) and vouched_expiry(o) < before]


def readable(after=SAFE_UNTIL, cache_dir=None):
    """(path, read) of the photos whose MRZ reads with every check digit
    right and a document still valid after `after`."""
    return [(CORPUS / n, o) for n, o in sorted(reads(cache_dir).items())
            if vouched_expiry(o) and vouched_expiry(o) > after]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--expired", action="store_true")
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--on", default=SAFE_UNTIL)
    a = ap.parse_args()
    paths = expired(a.on) if a.expired else accepted(a.on)
    if len(paths) < a.count:
        raise SystemExit("mrz_photos: only %d such photos in %s" % (len(paths), CORPUS))
    for p in paths[:a.count]:
        print(p)


if __name__ == "__main__":
    main()
