# SPDX-License-Identifier: EUPL-1.2
"""other_tables.py — photos of documents made apart from generate.py's scenes,
so that the check's bounds, set on that corpus, are judged on photos they were
not shaped by: other tables (wood grain, granite speckle, marble veins, a
woven cloth, a plain surface), light as a lamp gives it (falling off across
the table and towards the corners), a soft shadow under the document (or
none), a camera with chroma noise too, and glare as a burnt-out disc with a
halo falling off exponentially (generate.py's is a Gaussian bump). Three
tables in four are light, two of those three as light as the document's
paper. Only the documents are shared (light_documents.py's synthetic cards,
the specimens, lifted by a gamma rather than washed).
  /usr/bin/python3 tests/corpus/other_tables.py --out build/corpus-other [--seed K] [--cut N]
Good photos are labelled accepted; glare photos glare, with a burnt-out core
of 1-6 % of the document (the check's bound is 0.5 %), as measured on the
photo made. --cut N adds N photos of the same scenes whose document runs 15-45 %
of its extent past one border, labelled not_in_frame (none by default: `make
test-corpus` judges the good and glare photos; a cut draw is for measuring the
framing on scenes generate.py did not shape)."""
import argparse
import json
import math
import os
import sys
from multiprocessing import Pool

import cv2
import numpy as np

import generate as g
import light_documents as ld

W, H = g.PHONE_W, g.PHONE_H
TABLES = ['wood', 'granite', 'marble', 'weave', 'plain']
GOOD, GLARE = 100, 60


def upscale(a, w=W, h=H):
    return cv2.resize(a.astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)


def table(rng, kind, light, as_paper):
    """A W x H table (RGB 0..1) under uneven light."""
    h, w = H // 4, W // 4
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    if kind == 'wood':
        base = np.array([0.66, 0.52, 0.36] if light else [0.30, 0.18, 0.10], np.float32)
        warp = upscale(rng.normal(0, 1, (6, 8)), w, h) * rng.uniform(10, 30)
        ang = rng.uniform(-0.3, 0.3)
        grain = np.sin((yy * math.cos(ang) + xx * math.sin(ang) + warp) * rng.uniform(0.08, 0.2))
        fine = upscale(rng.normal(0, 1, (h // 2, w // 8)), w, h)
        t = 0.10 * grain + 0.04 * fine
        img = base * (1 + t[:, :, None] * np.array([1.0, 1.1, 1.3], np.float32))
    elif kind == 'granite':
        base = np.array([0.70, 0.69, 0.67] if light else [0.22, 0.22, 0.24], np.float32)
        img = np.ones((h, w, 3), np.float32) * base
        n = int(h * w * 0.03)
        ys, xs = rng.integers(0, h, n), rng.integers(0, w, n)
        img[ys, xs] += (rng.uniform(-0.25, 0.25, (n, 1)) + rng.normal(0, 0.03, (n, 3))).astype(np.float32)
        img = cv2.GaussianBlur(img, (0, 0), 0.8)
    elif kind == 'marble':
        base = np.array([0.74, 0.73, 0.71] if light else [0.15, 0.16, 0.17], np.float32)
        turb = sum(upscale(rng.normal(0, 1, (3 * 2 ** k, 4 * 2 ** k)), w, h) / 2 ** k for k in range(5))
        veins = np.abs(np.sin(xx * 0.01 + yy * 0.006 + 2.5 * turb)) ** 0.3
        img = base * (1 + ((veins - 1) * (0.12 if light else -0.25))[:, :, None])
    else:   # plain, or the cloth's colour (its weave is drawn at full size)
        base = np.array(rng.uniform(0.6, 0.75, 3) if light else rng.uniform(0.1, 0.33, 3), np.float32)
        img = np.ones((h, w, 3), np.float32) * base
    if as_paper:
        img *= rng.uniform(0.80, 0.88) / float(img.mean())
    gx, gy = rng.uniform(-0.15, 0.15, 2)
    img *= (1 + gx * (xx / w - 0.5) + gy * (yy / h - 0.5))[:, :, None]
    big = upscale(img)
    if kind == 'weave':
        Y, X = np.mgrid[0:H, 0:W]
        p = int(rng.integers(6, 14))
        big *= (1 + 0.08 * ((((X // p) + (Y // p)) % 2).astype(np.float32) - 0.5))[:, :, None]
    return big


def document(rng, i):
    """Reflectances of the document of item i, its kind, a note."""
    v = i % 3
    if v == 0:
        kind = 'id_card' if rng.random() < 0.6 else 'passport'
        portrait = ld.portrait_crop(rng, g.load_specimen(g.pick(rng)))
        doc = ld.synthetic_card(rng, kind, portrait, rng.random() < 0.3)
        return doc * rng.uniform(0.9, 0.96), kind, f'synthetic light {kind.replace("_", " ")}'
    name = g.pick(rng)
    kind = g.COMPOSABLE[name]
    d = g.load_specimen(name)
    if v == 1:   # its paper brought to white, lifted by a gamma: print kept dark
        y = d @ np.array([0.299, 0.587, 0.114], np.float32)
        d = np.clip(d / max(float(np.percentile(y, 92)), 0.3), 0, 1) ** 0.7
        return d * rng.uniform(0.88, 0.95), kind, f'{name} lifted'
    return d * g.PAPER, kind, name


def rounded(h, w):
    r = int(min(h, w) * 0.04)
    m = np.ones((h, w), np.float32)
    yy, xx = np.mgrid[0:r, 0:r]
    corner = (((r - xx) ** 2 + (r - yy) ** 2) <= r * r).astype(np.float32)
    m[:r, :r], m[:r, -r:], m[-r:, :r], m[-r:, -r:] = corner, corner[:, ::-1], corner[::-1], corner[::-1, ::-1]
    return m


def scene(rng, i, cut=False):
    """The scene of item i (W x H x 3), the document's kind, corners, long side,
    note; cut: the document runs past one border (chosen at random) by 15-45 %
    of its extent across it."""
    doc, kind, note = document(rng, i)
    tk = TABLES[i % 5]
    light = (i // 5) % 2 == 0 or (i // 5) % 4 == 1
    as_paper = light and (i // 5) % 4 != 0
    bg = table(rng, tk, light, as_paper)
    h, w = doc.shape[:2]
    lo = max(0.10, (1.2 * g.MIN_LONG[kind]) ** 2 * h / w / (W * H))
    share = rng.uniform(lo, max(lo, 0.25))
    L = math.sqrt(share * W * H * w / h)
    S = L * h / w
    th = math.radians(rng.uniform(-8, 8))
    local = np.array([[-L / 2, -S / 2], [L / 2, -S / 2], [L / 2, S / 2], [-L / 2, S / 2]], np.float32)
    rot = np.array([[math.cos(th), -math.sin(th)], [math.sin(th), math.cos(th)]], np.float32)
    q = local @ rot.T + rng.normal(0, 0.006 * L, (4, 2)).astype(np.float32)
    (x0, y0), (x1, y1) = q.min(0), q.max(0)
    q = q + np.array([rng.uniform(0.05 * W - x0, 0.95 * W - x1), rng.uniform(0.05 * H - y0, 0.95 * H - y1)],
                     np.float32)
    if cut:
        side, past = int(rng.integers(0, 4)), rng.uniform(0.15, 0.45)
        (x0, y0), (x1, y1) = q.min(0), q.max(0)
        shift = [x0 + past * (x1 - x0), y0 + past * (y1 - y0),
                 x1 - past * (x1 - x0) - W, y1 - past * (y1 - y0) - H][side]
        q = q - np.array([shift, 0] if side % 2 == 0 else [0, shift], np.float32)
    M = cv2.getPerspectiveTransform(np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32), q)
    flat = cv2.warpPerspective(doc, M, (W, H), flags=cv2.INTER_AREA if L < w else cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(rounded(h, w), M, (W, H), flags=cv2.INTER_LINEAR)
    if not as_paper or rng.random() < 0.5:
        shadow = cv2.GaussianBlur(np.roll(mask, (12, 12), (0, 1)), (0, 0), 14)
        bg *= (1 - 0.25 * shadow)[:, :, None]
    out = bg * (1 - mask[:, :, None]) + flat * mask[:, :, None]
    paper = 'as light as the paper' if as_paper else 'light' if light else 'dark'
    note = f'{note}, {share * 100:.0f}% of the photo, long side {L:.0f} px, {paper} {tk} table'
    if cut:
        note += f', cut off {past * 100:.0f}% by the {["left", "top", "right", "bottom"][side]} border'
    return out, kind, q, L, note


def glare(rng, q, L):
    """A burnt-out disc (squashed to an ellipse) covering 1-6 % of the
    document, its halo falling off exponentially, at a random place on it."""
    u, v = rng.uniform(0.15, 0.85, 2)
    top, bot = q[0] + u * (q[1] - q[0]), q[3] + u * (q[2] - q[3])
    c = top + v * (bot - top)
    area = np.linalg.norm(q[1] - q[0]) * np.linalg.norm(q[3] - q[0])
    squash = rng.uniform(0.5, 1.0)
    rc = math.sqrt(rng.uniform(0.01, 0.06) * area / (math.pi * squash))
    yy, xx = np.mgrid[0:H // 4, 0:W // 4].astype(np.float32)
    d = np.sqrt((xx - c[0] / 4) ** 2 + ((yy - c[1] / 4) / squash) ** 2) * 4
    field = np.where(d < rc, 1.0, np.exp(-(d - rc) / (0.5 * rc))) * rng.uniform(1.3, 1.7)
    return upscale(field), area


def camera(rng, img):
    img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.6, 1.1))
    Y, X = np.mgrid[0:H // 8, 0:W // 8].astype(np.float32)
    vignette = 1 - 0.12 * ((X / (W / 8) - 0.5) ** 2 + (Y / (H / 8) - 0.5) ** 2) / 0.5
    img *= upscale(vignette)[:, :, None] * rng.uniform(0.88, 1.02)
    noise = rng.normal(0, rng.uniform(1.0, 2.2) / 255, (H // 2, W // 2, 3)).astype(np.float32)
    img += cv2.resize(noise, (W, H), interpolation=cv2.INTER_NEAREST) * np.array([1, 0.5, 0.5], np.float32)
    return np.clip(img * 255 + 0.5, 0, 255).astype(np.uint8)


def item(job):
    which, i, seed = job
    n = seed * 100000 + {'good': 0, 'cut': 25000, 'glare': 50000}[which] + i
    rng = np.random.default_rng(n)
    cv2.setRNGSeed(n)
    sc, kind, q, L, note = scene(rng, i, cut=which == 'cut')
    reasons = ['not_in_frame'] if which == 'cut' else []
    if which == 'glare':
        field, area = glare(rng, q, L)
        img = camera(rng, sc + field[:, :, None] * np.array([1, 1, 0.98], np.float32))
        burnt = int(((img.min(axis=2) >= 250) & (field > 0.05)).sum())
        note += f', burnt-out glare {burnt / area * 100:.1f}% of the document'
        reasons = ['glare']
    else:
        img = camera(rng, sc)
    ok, enc = cv2.imencode('.jpg', cv2.cvtColor(img, cv2.COLOR_RGB2BGR),
                           [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(85, 95))])
    assert ok
    return f'other-{which}-{i:03d}.jpg', enc.tobytes(), kind, 'rejected' if reasons else 'accepted', reasons, note


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--out', required=True)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--jobs', type=int, default=os.cpu_count() or 2)
    ap.add_argument('--cut', type=int, default=0, help='that many photos cut off by a border too')
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    cv2.setNumThreads(1)
    jobs = [('good', i, args.seed) for i in range(GOOD)] + [('glare', i, args.seed) for i in range(GLARE)]
    jobs += [('cut', i, args.seed) for i in range(args.cut)]
    labels = {}
    with Pool(args.jobs) as pool:
        for fname, data, kind, verdict, reasons, note in pool.imap_unordered(item, jobs):
            with open(os.path.join(args.out, fname), 'wb') as f:
                f.write(data)
            labels[fname] = {'kind': kind, 'side': 'front', 'verdict': verdict, 'reasons': reasons, 'note': note}
    with open(os.path.join(args.out, 'labels.json'), 'w') as f:
        json.dump(dict(sorted(labels.items())), f, indent=1)
        f.write('\n')
    print(f'other tables: {len(labels)} files in {args.out}', file=sys.stderr)


if __name__ == '__main__':
    main()
