#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
"""compare_screens.py BEFORE_DIR AFTER_DIR — the browser test's screenshots
of two runs compared pixel by pixel (issue 9: nothing user-visible changes).
Prints each PNG as identical or different (with the count of differing
pixels, or why it cannot be compared); exits 1 on any difference or on a
PNG present in only one directory."""

import pathlib
import sys

from PIL import Image, ImageChops


def differing_pixels(a, b):
    """How many pixels differ between two images of one size."""
    diff = ImageChops.difference(a.convert("RGBA"), b.convert("RGBA"))
    # A pixel differs when any channel does: the max over the bands, then count non-zero.
    bands = diff.split()
    mask = bands[0]
    for band in bands[1:]:
        mask = ImageChops.lighter(mask, band)
    return sum(mask.point(lambda v: 255 if v else 0).histogram()[255:])


def main(argv):
    if len(argv) != 3:
        print("usage: compare_screens.py BEFORE_DIR AFTER_DIR", file=sys.stderr)
        return 2
    before, after = pathlib.Path(argv[1]), pathlib.Path(argv[2])
    for d in (before, after):
        if not d.is_dir():
            print("compare_screens: %s is not a directory" % d, file=sys.stderr)
            return 2
    names = sorted({p.name for p in before.glob("*.png")} | {p.name for p in after.glob("*.png")})
    if not names:
        print("compare_screens: no PNG in %s or %s" % (before, after), file=sys.stderr)
        return 1
    bad = 0
    for name in names:
        a, b = before / name, after / name
        if not a.exists() or not b.exists():
            print("missing    %s (only in %s)" % (name, after if b.exists() else before))
            bad += 1
            continue
        with Image.open(a) as ia, Image.open(b) as ib:
            if ia.size != ib.size:
                print("different  %s: %dx%d before, %dx%d after" % (name, *ia.size, *ib.size))
                bad += 1
                continue
            n = differing_pixels(ia, ib)
        if n:
            print("different  %s: %d pixels of %d" % (name, n, ia.size[0] * ia.size[1]))
            bad += 1
        else:
            print("identical  %s" % name)
    print("compare_screens: %d of %d differ or are missing" % (bad, len(names)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
