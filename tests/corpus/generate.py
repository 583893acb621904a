#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
# generate.py — builds the labelled document-image corpus under build/corpus/
# (never committed): phone-photo-like compositions of the committed specimens,
# degraded variants with known labels, other formats, and hostile files.
#   /usr/bin/python3 tests/corpus/generate.py [--out DIR] [--jobs N] [--seed K]
#       [--only JOB_PREFIX [--count N]]   (a larger draw of some kinds alone)
# Deterministic: every file comes from its own fixed seed. labels.json maps each
# file to its kind, side, expected verdict and expected reasons (the first
# failing check, as dk_doc_check reports it first).
import argparse
import collections
import io
import json
import math
import os
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from multiprocessing import Pool

import cv2
import numpy as np
from PIL import Image

import light_documents as ld

HERE = os.path.dirname(os.path.abspath(__file__))
SPECIMENS = os.path.join(HERE, 'specimens')

# Flat specimens usable as documents in compositions: file -> kind. The others
# (lva, lux, aus) are photos of booklets, not flat documents; che and nld are
# too small to stand for a readable document and are uploaded as they are;
# rou is a washed-out scan with almost no colour left (chroma spread a fifth
# of the others'), neither a fair colour document nor a clean grey one.
COMPOSABLE = {
    'mrzdet-id1.jpg': 'id_card',
    'mrzdet-id2.jpg': 'passport',
    'passporteye-100_pass-bdr.jpg': 'passport',
    'passporteye-100_pass-chn.jpg': 'passport',
    'passporteye-100_pass-fin.png': 'passport',
    'passporteye-100_pass-isl.png': 'passport',
    'passporteye-100_pass-polx.jpg': 'passport',
    'passporteye-43_pass-twn.jpg': 'passport',
    'passporteye-62_pass-pol.png': 'passport',
    'passporteye-79_pass-hun.png': 'passport',
    'sidtd-alb00.jpg': 'id_card',
    'sidtd-aze00.jpg': 'passport',
}
FLAT_SMALL = {'passporteye-100_id-che.jpg': 'id_card', 'passporteye-98_pass-nld.jpg': 'passport'}
NAMES = sorted(COMPOSABLE)
ID_NAMES = [n for n in NAMES if COMPOSABLE[n] == 'id_card']

# The resolution bounds dk_doc applies (document long side, pixels); the
# generator keeps clear of them: "enough" is >= 1.15x, "too few" <= 0.7x.
MIN_LONG = {'id_card': 850, 'passport': 1200}

# Backgrounds a document is photographed on (RGB, 0..1): wood, dark blue,
# green, grey, dark red, black, beige, teal, oak.
PALETTE = [(0.45, 0.30, 0.18), (0.16, 0.24, 0.42), (0.20, 0.38, 0.24), (0.36, 0.36, 0.38),
           (0.55, 0.18, 0.16), (0.12, 0.12, 0.13), (0.62, 0.55, 0.44), (0.24, 0.45, 0.55),
           (0.50, 0.42, 0.30)]

PHONE_W, PHONE_H = 4000, 3000   # a 12 MP phone camera
PAPER = 0.86                    # document reflectance scale: white paper stays below clipping


def load_specimen(name):
    im = Image.open(os.path.join(SPECIMENS, name))
    return np.asarray(im.convert('RGB'), dtype=np.float32) / 255.0


def smooth_noise(rng, h, w, cells):
    """Random field varying over about `cells` cells along the long side."""
    gh = max(2, int(cells * h / max(h, w)) + 2)
    gw = max(2, int(cells * w / max(h, w)) + 2)
    g = rng.standard_normal((gh, gw)).astype(np.float32)
    return cv2.resize(g, (w, h), interpolation=cv2.INTER_CUBIC)


def background(rng, H, W, palette_index=None, palette=PALETTE):
    """A textured, coloured surface (float32 HxWx3) built at 1/8 scale and
    enlarged, plus a fine grain at 1/2 scale."""
    h, w = H // 8, W // 8
    base = np.array(palette[rng.integers(len(palette)) if palette_index is None else palette_index],
                    dtype=np.float32) * rng.uniform(0.85, 1.15)
    style = ['wood', 'fabric', 'stone', 'plain'][rng.integers(4)]
    lum = 1.0 + 0.05 * smooth_noise(rng, h, w, 4)
    if style == 'wood':
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        warp = 6.0 * smooth_noise(rng, h, w, 6)
        period = rng.uniform(5, 14)
        coord = (yy if rng.random() < 0.5 else xx) + warp
        lum *= 1.0 + 0.12 * np.sin(2 * math.pi * coord / period)
    elif style == 'fabric':
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        p = rng.uniform(2.5, 5)
        lum *= 1.0 + 0.07 * np.sin(2 * math.pi * xx / p) * np.sin(2 * math.pi * yy / p)
    elif style == 'stone':
        lum *= 1.0 + 0.06 * smooth_noise(rng, h, w, 60) + 0.05 * smooth_noise(rng, h, w, 20)
    hue = 0.012 * np.stack([smooth_noise(rng, h, w, 8) for _ in range(3)], axis=2)
    small = base[None, None, :] * lum[:, :, None] + hue
    big = cv2.resize(small, (W, H), interpolation=cv2.INTER_CUBIC)
    grain = np.empty((H // 2, W // 2), np.float32)
    cv2.randn(grain, 0.0, 0.025)
    big += cv2.resize(grain, (W, H), interpolation=cv2.INTER_LINEAR)[:, :, None]
    return big


def rounded_mask(h, w, radius):
    m = np.ones((h, w), np.float32)
    r = int(radius)
    if r > 1:
        yy, xx = np.mgrid[0:r, 0:r].astype(np.float32)
        corner = (np.hypot(xx - r + 0.5, yy - r + 0.5) <= r).astype(np.float32)
        m[:r, :r] = corner
        m[:r, -r:] = corner[:, ::-1]
        m[-r:, :r] = corner[::-1, :]
        m[-r:, -r:] = corner[::-1, ::-1]
    return m


def photocopy(doc):
    y = doc @ np.array([0.299, 0.587, 0.114], np.float32)
    y = np.clip((y - 0.5) * 1.15 + 0.53, 0, 1)
    return np.repeat(y[:, :, None], 3, axis=2)


def place_quad(rng, W, H, L, aspect, mode, rot_max=7.0, persp=0.008, margin=0.04, cut=(0.12, 0.30)):
    """Corners of the document (4x2) on a WxH canvas: long side L pixels,
    rotated, slightly in perspective; 'inside' keeps a margin on all sides,
    'cut' pushes a share of it past one edge."""
    S = L / aspect
    th = math.radians(rng.uniform(-rot_max, rot_max))
    local = np.array([[-L / 2, -S / 2], [L / 2, -S / 2], [L / 2, S / 2], [-L / 2, S / 2]], np.float32)
    rot = np.array([[math.cos(th), -math.sin(th)], [math.sin(th), math.cos(th)]], np.float32)
    q = local @ rot.T + rng.normal(0, persp * L, (4, 2)).astype(np.float32)
    x0, y0 = q.min(axis=0)
    x1, y1 = q.max(axis=0)
    bw, bh = x1 - x0, y1 - y0
    mx, my = margin * W, margin * H
    if bw + 2 * mx > W or bh + 2 * my > H:
        raise ValueError('document does not fit')
    cx = rng.uniform(mx - x0, W - mx - x1)
    cy = rng.uniform(my - y0, H - my - y1)
    if mode == 'cut':
        share = rng.uniform(*cut)
        side = rng.integers(4)
        if side == 0:
            cx = -x0 - share * bw
        elif side == 1:
            cx = W - x1 + share * bw
        elif side == 2:
            cy = -y0 - share * bh
        else:
            cy = H - y1 + share * bh
    return q + np.array([cx, cy], np.float32)


def compose(rng, name, W, H, frac, mode='inside', grey_doc=False, bg=None, doc=None, **kw):
    """A scene (float32 HxWx3, linear-ish 0..1 before the camera) and the
    document's long side in pixels; doc (reflectances) instead of the
    specimen name when given."""
    if doc is not None:
        name = None
    else:
        doc = load_specimen(name) * PAPER
    if grey_doc:
        if name:
            doc = photocopy(doc / PAPER) * PAPER
        else:   # the copy's paper as light as the original's, not brighter
            copy = photocopy(doc)
            doc = copy * (np.percentile(doc, 95) / max(float(np.percentile(copy, 95)), 1e-3))
    h, w = doc.shape[:2]
    L = frac * W
    quad = place_quad(rng, W, H, L, w / h, mode, **kw)
    scene = background(rng, H, W) if bg is None else bg
    paste(scene, doc, quad)
    return scene, L, quad


def paste(scene, doc, quad):
    """Warps the document (with rounded corners) onto the scene, in place;
    only the document's bounding box is computed."""
    H, W = scene.shape[:2]
    h, w = doc.shape[:2]
    x0, y0 = np.maximum(np.floor(quad.min(axis=0)), 0).astype(int)
    x1, y1 = np.minimum(np.ceil(quad.max(axis=0)) + 1, (W, H)).astype(int)
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    M = cv2.getPerspectiveTransform(src, (quad - np.array([x0, y0], np.float32)).astype(np.float32))
    size = (int(x1 - x0), int(y1 - y0))
    a = cv2.warpPerspective(rounded_mask(h, w, 0.035 * min(h, w)), M, size, flags=cv2.INTER_LINEAR)[:, :, None]
    d = cv2.warpPerspective(doc, M, size, flags=cv2.INTER_CUBIC)
    sub = scene[y0:y1, x0:x1]
    sub *= 1.0 - a
    sub += d * a


def gaussian_blur(img, sigma):
    H, W = img.shape[:2]
    k = max(1, int(sigma / 3))
    small = cv2.resize(img, (W // k, H // k), interpolation=cv2.INTER_AREA) if k > 1 else img
    small = cv2.GaussianBlur(small, (0, 0), sigma / k)
    return cv2.resize(small, (W, H), interpolation=cv2.INTER_CUBIC) if k > 1 else small


def motion_blur(img, length, angle):
    H, W = img.shape[:2]
    k = max(1, int(length / 15))
    small = cv2.resize(img, (W // k, H // k), interpolation=cv2.INTER_AREA) if k > 1 else img
    n = int(length / k) | 1
    ker = np.zeros((n, n), np.float32)
    c = n // 2
    dx, dy = math.cos(angle) * c, math.sin(angle) * c
    cv2.line(ker, (int(round(c - dx)), int(round(c - dy))), (int(round(c + dx)), int(round(c + dy))), 1.0, 1)
    ker /= ker.sum()
    small = cv2.filter2D(small, -1, ker)
    return cv2.resize(small, (W, H), interpolation=cv2.INTER_CUBIC) if k > 1 else small


def glare_light(rng, H, W, quad, L, n):
    """Additive specular spots (HxW), centred on the document."""
    h, w = H // 4, W // 4
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    out = np.zeros((h, w), np.float32)
    for _ in range(n):
        u, v = rng.uniform(0.2, 0.8, 2)
        top = quad[0] + u * (quad[1] - quad[0])
        bot = quad[3] + u * (quad[2] - quad[3])
        cx, cy = (top + v * (bot - top)) / 4
        r = rng.uniform(0.035, 0.07) * L / 4
        rx, ry = r, r * rng.uniform(0.5, 1.0)
        phi = rng.uniform(0, math.pi)
        X = (xx - cx) * math.cos(phi) + (yy - cy) * math.sin(phi)
        Y = -(xx - cx) * math.sin(phi) + (yy - cy) * math.cos(phi)
        out += rng.uniform(1.1, 1.6) * np.exp(-0.5 * ((X / rx) ** 2 + (Y / ry) ** 2))
    return cv2.resize(out, (W, H), interpolation=cv2.INTER_LINEAR)


def camera(rng, scene, exposure=None, glare=None, grey=False):
    """What a phone makes of the scene: a little optical softness, uneven
    light, a white-balance cast, sensor noise, clipping. Returns uint8 RGB."""
    H, W = scene.shape[:2]
    img = cv2.GaussianBlur(scene, (0, 0), rng.uniform(0.5, 1.0))
    e = rng.uniform(0.78, 1.0) if exposure is None else exposure
    field = 1.0 + 0.05 * smooth_noise(rng, H // 16, W // 16, 3)
    field = cv2.resize(field, (W, H), interpolation=cv2.INTER_LINEAR)
    cast = (e * rng.uniform(0.96, 1.04, 3)).astype(np.float32)
    img *= cv2.merge([field * c for c in cast])
    if glare is not None:
        img += cv2.merge([glare * c for c in (1.0, 0.99, 0.97)])
    noise = np.empty((H, W), np.float32)       # luminance noise; phones smooth the chroma noise away
    cv2.randn(noise, 0.0, rng.uniform(1.2, 2.5) / 255.0)
    img += cv2.merge([noise, noise, noise])
    np.maximum(img, 0, out=img)
    img = cv2.convertScaleAbs(img, alpha=255.0, beta=0.5)    # x 255, rounded, saturated to uint8
    if grey:
        img = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    return img


def jpeg_bytes(arr, quality=90, orientation=None):
    if orientation in (3, 6, 8):
        arr = np.rot90(arr, {3: 2, 6: 1, 8: -1}[orientation])
    im = Image.fromarray(np.ascontiguousarray(arr))
    buf = io.BytesIO()
    kw = {}
    if orientation:
        ex = Image.Exif()
        ex[0x0112] = orientation
        kw['exif'] = ex.tobytes()
    im.save(buf, 'JPEG', quality=quality, **kw)
    return buf.getvalue()


def png_bytes(arr, level=3):
    ok, enc = cv2.imencode('.png', arr if arr.ndim == 2 else cv2.cvtColor(arr, cv2.COLOR_RGBA2BGRA if arr.shape[2] == 4 else cv2.COLOR_RGB2BGR),
                           [cv2.IMWRITE_PNG_COMPRESSION, level])
    assert ok
    return enc.tobytes()


def resize_to(arr, W):
    H = int(round(arr.shape[0] * W / arr.shape[1]))
    return cv2.resize(arr, (W, H), interpolation=cv2.INTER_AREA)


# ---------------------------------------------------------------- jobs

SEED = 0   # --seed: another corpus of the same kinds, to check bounds on unseen data


def seeded(n):
    """The generator of item n (numpy's and OpenCV's, both fixed)."""
    cv2.setRNGSeed(n + SEED)
    return np.random.default_rng(n + SEED)


def pick(rng, names=None):
    names = names or NAMES
    return names[rng.integers(len(names))]


def job_good(i):
    rng = seeded(1000 + i)
    name = NAMES[i % len(NAMES)]
    scene, L, _ = compose(rng, name, PHONE_W, PHONE_H, rng.uniform(0.6, 0.78))
    orient = {3: 6, 8: 8, 13: 3, 18: 6, 23: 8}.get(i)
    data = jpeg_bytes(camera(rng, scene), int(rng.integers(88, 93)), orient)
    note = f'phone photo, document long side {L:.0f} px' + (f', EXIF orientation {orient}' if orient else '')
    return [(f'good-{i:02d}.jpg', data, COMPOSABLE[name], 'accepted', [], note)]


def job_blur(i):
    rng = seeded(2000 + i)
    name = pick(rng)
    scene, L, _ = compose(rng, name, PHONE_W, PHONE_H, rng.uniform(0.6, 0.78))
    if i < 5:
        s = [0.45, 0.6, 0.75, 0.9, 1.0][i] / 100 * L
        scene = gaussian_blur(scene, s)
        note = f'gaussian blur sigma {s:.1f} px ({s / L * 100:.2f}% of the document)'
    else:
        ln = [1.5, 2.0, 2.5, 3.0, 3.5][i - 5] / 100 * L
        scene = motion_blur(scene, ln, rng.uniform(0, math.pi))
        note = f'motion blur {ln:.0f} px ({ln / L * 100:.1f}% of the document)'
    return [(f'blurred-{i:02d}.jpg', jpeg_bytes(camera(rng, scene)), COMPOSABLE[name], 'rejected', ['blurred'], note)]


def job_glare(i):
    rng = seeded(3000 + i)
    name = pick(rng)
    scene, L, quad = compose(rng, name, PHONE_W, PHONE_H, rng.uniform(0.6, 0.78))
    n = 1 + (i % 3 == 0)
    g = glare_light(rng, PHONE_H, PHONE_W, quad, L, n)
    return [(f'glare-{i:02d}.jpg', jpeg_bytes(camera(rng, scene, glare=g)), COMPOSABLE[name], 'rejected', ['glare'],
             f'{n} specular spot(s)')]


def job_grey(i):
    rng = seeded(4000 + i)
    name = pick(rng)
    whole = i >= 7
    scene, L, _ = compose(rng, name, PHONE_W, PHONE_H, rng.uniform(0.6, 0.78), grey_doc=not whole)
    img = camera(rng, scene, grey=whole)
    if whole and i == 9:
        img = np.repeat(img[:, :, None], 3, axis=2)   # grey pixels in a colour JPEG
    note = 'whole photo greyscale' + (' (3-band JPEG)' if i == 9 else ' (1-band JPEG)') if whole \
        else 'grey photocopy photographed in colour'
    return [(f'grey-{i:02d}.jpg', jpeg_bytes(img), COMPOSABLE[name], 'rejected', ['greyscale'], note)]


def job_lowres(i):
    rng = seeded(5000 + i)
    name = pick(rng)
    kind = COMPOSABLE[name]
    scene, L, _ = compose(rng, name, PHONE_W, PHONE_H, rng.uniform(0.6, 0.78))
    target = rng.uniform(0.35, 0.7) * MIN_LONG[kind]
    img = resize_to(camera(rng, scene), int(PHONE_W * target / L))
    return [(f'lowres-{i:02d}.jpg', jpeg_bytes(img), kind, 'rejected', ['too_small_resolution'],
             f'document long side {target:.0f} px in a {img.shape[1]}x{img.shape[0]} photo')]


def job_lowres_flat(i):
    name = sorted(FLAT_SMALL)[i]
    with open(os.path.join(SPECIMENS, name), 'rb') as f:
        data = f.read()
    out = []
    eoi = data.rfind(b'\xff\xd9') + 2
    if eoi < len(data):
        # nld carries 4 kB of junk after its end-of-image marker: as it is, it
        # is not cleanly one image; cut at the marker, it is a small scan.
        out.append(('realworld-junk-after-image.jpg', data, FLAT_SMALL[name], 'rejected',
                    ['unsupported_format'], f'the specimen {name} as published, junk after the image'))
        data = data[:eoi]
    out.append((f'lowres-flat-{i}.jpg', data, FLAT_SMALL[name], 'rejected', ['too_small_resolution'],
                f'the specimen {name}, a small flat scan'))
    return out


def job_exposure(i):
    rng = seeded(6000 + i)
    name = pick(rng)
    scene, L, _ = compose(rng, name, PHONE_W, PHONE_H, rng.uniform(0.6, 0.78))
    if i < 10:
        e = 0.15 + 0.13 * i / 9
        return [(f'dark-{i:02d}.jpg', jpeg_bytes(camera(rng, scene, exposure=e)), COMPOSABLE[name], 'rejected',
                 ['too_dark'], f'exposure x{e:.2f}')]
    e = 1.7 + 0.7 * (i - 10) / 9
    return [(f'over-{i - 10:02d}.jpg', jpeg_bytes(camera(rng, scene, exposure=e)), COMPOSABLE[name], 'rejected',
             ['overexposed'], f'exposure x{e:.2f}')]


def job_frame(i):
    rng = seeded(7000 + i)
    name = pick(rng)
    kind = COMPOSABLE[name]
    if i < 10:
        scene, L, _ = compose(rng, name, PHONE_W, PHONE_H, rng.uniform(0.6, 0.78), mode='cut')
        note = 'document cut off at an edge'
        fname = f'cut-{i:02d}.jpg'
    else:
        lo = 1.15 * MIN_LONG[kind] / PHONE_W
        frac = rng.uniform(max(lo, 0.28), 0.40)
        scene, L, _ = compose(rng, name, PHONE_W, PHONE_H, frac)
        note = f'document long side {L:.0f} px, small in the frame: wholly inside with enough pixels, in frame'
        fname = f'small-{i - 10:02d}.jpg'
        return [(fname, jpeg_bytes(camera(rng, scene)), kind, 'accepted', [], note)]
    return [(fname, jpeg_bytes(camera(rng, scene)), kind, 'rejected', ['not_in_frame'], note)]


def run_vips(args):
    subprocess.run(['vips'] + args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def job_formats(i):
    """Positives in the other accepted encodings."""
    rng = seeded(8000 + i)
    out = []
    if i in (0, 1):       # PNG 2400x1800
        name = pick(rng)
        scene, L, _ = compose(rng, name, 2400, 1800, rng.uniform(0.72, 0.8))
        out.append((f'format-png-{i}.png', png_bytes(camera(rng, scene)), COMPOSABLE[name], 'accepted', [],
                    'PNG photo'))
    elif i == 2:          # 16-bit PNG
        name = pick(rng, ID_NAMES)
        scene, L, _ = compose(rng, name, 2000, 1500, rng.uniform(0.7, 0.8))
        img16 = camera(rng, scene).astype(np.uint16) * 257
        out.append(('format-png16.png', png_bytes(img16), 'id_card', 'accepted', [], '16-bit PNG'))
    elif i == 3:          # PNG with alpha
        name = pick(rng, ID_NAMES)
        scene, L, _ = compose(rng, name, 2000, 1500, rng.uniform(0.7, 0.8))
        img = camera(rng, scene)
        alpha = np.full(img.shape[:2] + (1,), 255, np.uint8)
        alpha[:8, :] = 0      # a transparent strip along the top, as screenshots leave
        out.append(('format-alpha.png', png_bytes(np.concatenate([img, alpha], axis=2)), 'id_card', 'accepted', [],
                    'RGBA PNG'))
    elif i in (4, 5):     # CMYK JPEG with a profile, through libvips (3000x2250: 4 bands weigh)
        name = pick(rng)
        scene, L, _ = compose(rng, name, 3000, 2250, rng.uniform(0.6, 0.78))
        with tempfile.TemporaryDirectory() as d:
            src, dst = os.path.join(d, 'rgb.jpg'), os.path.join(d, 'cmyk.jpg')
            with open(src, 'wb') as f:
                f.write(jpeg_bytes(camera(rng, scene), 95))
            run_vips(['icc_transform', src, dst + '[Q=90]', 'cmyk'])
            with open(dst, 'rb') as f:
                out.append((f'format-cmyk-{i - 4}.jpg', f.read(), COMPOSABLE[name], 'accepted', [], 'CMYK JPEG'))
    elif i in (6, 7):     # HEIC from a phone, ID cards at 1600x1200 (x265 is slow)
        name = ID_NAMES[i - 6]
        scene, L, _ = compose(rng, name, 1600, 1200, rng.uniform(0.72, 0.8))
        with tempfile.TemporaryDirectory() as d:
            src, dst = os.path.join(d, 'p.png'), os.path.join(d, 'p.heic')
            with open(src, 'wb') as f:
                f.write(png_bytes(camera(rng, scene), 1))
            run_vips(['heifsave', src, dst, '--compression', 'hevc', '--Q', '60'])
            with open(dst, 'rb') as f:
                out.append((f'format-heic-{i - 6}.heic', f.read(), COMPOSABLE[name], 'accepted', [], 'HEIC'))
    elif i in (8, 9):     # a flatbed scan at 300 dpi on A4, in a one-page PDF
        name = NAMES[(3, 11)[i - 8]]
        out.append((f'format-scan-{i - 8}.pdf', scan_pdf(rng, name), COMPOSABLE[name], 'accepted', [],
                    'one-page scanner PDF with a JPEG'))
    return out


# ---------------------------------------------------------------- harder layouts
# Documents filling 10-25% of a 12 MP photo, light-coloured documents
# (synthetic cards and passport pages with white and light-grey print areas
# and a white MRZ band, and specimens washed out to light ones) on light and
# on dark tables, specular spots of several sizes on dark and on light
# areas, and the failure classes on these layouts. Labels follow what the
# checks promise: a document wholly inside the picture with enough pixels is
# in frame however much table surrounds it; white print is not glare.

def layout_document(rng, i):
    """Reflectances of a document for layout item i, its kind, whether it is
    a light one, and a note: a synthetic white card (i % 4 == 0), a synthetic
    passport page or light-grey card (1), a washed-out specimen (2), a
    specimen as it is (3)."""
    v = i % 4
    if v in (0, 1):
        kind = 'id_card' if v == 0 or rng.random() < 0.5 else 'passport'
        grey_base = v == 1 and kind == 'id_card'
        doc = ld.synthetic_card(rng, kind, ld.portrait_crop(rng, load_specimen(pick(rng))), grey_base)
        note = f'synthetic light {"grey " if grey_base else ""}{kind.replace("_", " ")}'
    elif v == 2:
        name = pick(rng)
        kind = COMPOSABLE[name]
        doc = ld.washed(load_specimen(name), rng)
        note = f'{name} washed out to a light document'
    else:
        name = pick(rng)
        kind = COMPOSABLE[name]
        return load_specimen(name) * PAPER, kind, False, name
    # Light paper photographed as phones do, its white near the top of the
    # range (the camera's light field and cast put some of it at the ceiling).
    return doc * rng.uniform(0.90, 0.95), kind, True, note


def layout_scene(rng, i, share=None, mode='inside', light_bg=None, doc_kw=None, **kw):
    """A 12 MP scene with the document of layout item i covering `share` of
    it (10-25%, and at least 1.15x the resolution bound) on a light table
    (even i) or a dark one. Returns scene, L, quad, kind, exposure, note."""
    doc, kind, light, note = layout_document(rng, i)
    h, w = doc.shape[:2]
    lo = max(0.10, (1.15 * MIN_LONG[kind]) ** 2 * h / w / (PHONE_W * PHONE_H))
    s = rng.uniform(lo, max(lo, 0.25)) if share is None else share
    L = math.sqrt(s * PHONE_W * PHONE_H * w / h)
    light_bg = i % 2 == 0 if light_bg is None else light_bg
    bg = background(rng, PHONE_H, PHONE_W, palette=ld.LIGHT_PALETTE if light_bg else PALETTE)
    scene, L, quad = compose(rng, None, PHONE_W, PHONE_H, L / PHONE_W, mode=mode, bg=bg, doc=doc, **kw)
    e = rng.uniform(0.95, 1.02) if light else None
    note += f', {s * 100:.0f}% of the photo, long side {L:.0f} px, {"light" if light_bg else "dark"} table'
    return scene, L, quad, kind, e, note


def job_layout_good(i):
    rng = seeded(10000 + i)
    margin = 0.02 if i % 5 == 4 else 0.04
    scene, L, _, kind, e, note = layout_scene(rng, i, margin=margin)
    orient = 6 if i % 10 == 7 else None
    data = jpeg_bytes(camera(rng, scene, exposure=e), int(rng.integers(88, 93)), orient)
    if margin < 0.04:
        note += f', {margin * 100:.0f}% from the border'
    return [(f'layout-good-{i:02d}.jpg', data, kind, 'accepted', [], note)]


def job_layout_glare(i):
    """A spot whose burnt-out core covers 1.2-8% of the document, centred on
    the document's darkest (even i) or lightest (odd i) of a few candidate
    places; its soft halo spreads further."""
    rng = seeded(11000 + i)
    scene, L, quad, kind, e, note = layout_scene(rng, i + 1)
    ee = rng.uniform(0.78, 1.0) if e is None else e
    aspect_area = np.linalg.norm(quad[1] - quad[0]) * np.linalg.norm(quad[3] - quad[0])
    luma = cv2.GaussianBlur(scene[::8, ::8] @ np.array([0.299, 0.587, 0.114], np.float32), (0, 0), 3)
    cands = []
    for u, v in rng.uniform(0.15, 0.85, (40, 2)):
        top = quad[0] + u * (quad[1] - quad[0])
        bot = quad[3] + u * (quad[2] - quad[3])
        c = top + v * (bot - top)
        cands.append((float(luma[int(c[1]) // 8, int(c[0]) // 8]), c))
    cands.sort(key=lambda t: t[0])
    b, c = cands[0] if i % 2 == 0 else cands[-1]
    core = [0.012, 0.02, 0.035, 0.055, 0.08][i % 5]
    amp = rng.uniform(1.2, 1.8)
    squash = rng.uniform(0.5, 1.0)
    rc = math.sqrt(core * aspect_area / (math.pi * squash))
    r = rc / math.sqrt(2 * math.log(amp / max(1 - b * ee, 0.05)))
    g = ld.spot_field(PHONE_H, PHONE_W, c[0], c[1], r, amp, squash, rng.uniform(0, math.pi))
    img = camera(rng, scene, exposure=e, glare=g)
    burnt = int(((img.min(axis=2) >= 250) & (g > 0.05)).sum())
    note += (f', specular spot on a {"dark" if i % 2 == 0 else "light"} area (reflectance {b:.2f}),'
             f' burnt-out core {burnt / aspect_area * 100:.1f}% of the document')
    return [(f'layout-glare-{i:02d}.jpg', jpeg_bytes(img), kind, 'rejected', ['glare'], note)]


def job_layout_blur(i):
    rng = seeded(12000 + i)
    scene, L, _, kind, e, note = layout_scene(rng, i)
    if i < 5:
        s = [0.5, 0.6, 0.75, 0.9, 1.0][i] / 100 * L
        scene = gaussian_blur(scene, s)
        note += f', gaussian blur sigma {s:.1f} px'
    else:
        ln = [1.5, 2.0, 2.5, 3.0, 3.5][i - 5] / 100 * L
        scene = motion_blur(scene, ln, rng.uniform(0, math.pi))
        note += f', motion blur {ln:.0f} px'
    return [(f'layout-blurred-{i:02d}.jpg', jpeg_bytes(camera(rng, scene, exposure=e)), kind, 'rejected',
             ['blurred'], note)]


def job_layout_cut(i):
    rng = seeded(13000 + i)
    scene, L, _, kind, e, note = layout_scene(rng, i, mode='cut', cut=(0.08, 0.30))
    return [(f'layout-cut-{i:02d}.jpg', jpeg_bytes(camera(rng, scene, exposure=e)), kind, 'rejected',
             ['not_in_frame'], note + ', cut off at an edge')]


def job_layout_lowres(i):
    """Too few pixels on the document: the photo itself small (i < 5), or a
    tiny document on a 12 MP photo."""
    rng = seeded(14000 + i)
    doc, kind, light, note = layout_document(rng, i)
    target = rng.uniform(0.45, 0.7) * MIN_LONG[kind]
    if i < 5:
        scene, L, _, kind, e, note = layout_scene(rng, i)
        img = resize_to(camera(rng, scene, exposure=e), int(PHONE_W * target / L))
        note += f', photo reduced to {img.shape[1]}x{img.shape[0]}'
    else:
        bg = background(rng, PHONE_H, PHONE_W, palette=ld.LIGHT_PALETTE if i % 2 else PALETTE)
        scene, L, _ = compose(rng, None, PHONE_W, PHONE_H, target / PHONE_W, bg=bg, doc=doc)
        img = camera(rng, scene, exposure=rng.uniform(0.95, 1.02) if light else None)
        note += ', alone on a 12 MP photo'
    return [(f'layout-lowres-{i:02d}.jpg', jpeg_bytes(img), kind, 'rejected', ['too_small_resolution'],
             note + f', document long side {target:.0f} px')]


def job_layout_grey(i):
    rng = seeded(15000 + i)
    whole = i >= 7
    scene, L, _, kind, e, note = layout_scene(rng, i, grey_doc=not whole)
    img = camera(rng, scene, exposure=e, grey=whole)
    note += ', whole photo greyscale' if whole else ', grey copy photographed in colour'
    return [(f'layout-grey-{i:02d}.jpg', jpeg_bytes(img), kind, 'rejected', ['greyscale'], note)]


# ---------------------------------------------------------------- PDF

def pdf_file(objects, root=1, version=b'1.4'):
    """A classic PDF with a cross-reference table; objects are bodies of
    objects 1..n."""
    out = bytearray(b'%PDF-' + version + b'\n%\xe2\xe3\xcf\xd3\n')
    offs = []
    for i, body in enumerate(objects):
        offs.append(len(out))
        out += b'%d 0 obj\n' % (i + 1) + body + b'\nendobj\n'
    x = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objects) + 1)
    for o in offs:
        out += b'%010d 00000 n \n' % o
    out += b'trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objects) + 1, root, x)
    return bytes(out)


def image_page_objects(jpg, w, h, pw, ph, first_obj, parent):
    """A page object and its content and image objects."""
    img = first_obj + 2
    content = b'q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q' % (pw, ph)
    return [
        b'<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 %d 0 R >> >> '
        b'/Contents %d 0 R >>' % (parent, pw, ph, img, first_obj + 1),
        b'<< /Length %d >>\nstream\n' % len(content) + content + b'\nendstream',
        b'<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 '
        b'/Filter /DCTDecode /Length %d >>\nstream\n' % (w, h, len(jpg)) + jpg + b'\nendstream',
    ]


def scan_image(rng, name):
    """A4 at 300 dpi: the document flat on the glass, a near-white lid."""
    W, H = 2480, 3508
    lid = np.full((H, W, 3), 0.95, np.float32)
    kind = COMPOSABLE[name]
    L = (125 if kind == 'passport' else 85.6) / 25.4 * 300
    doc = load_specimen(name) * 0.92
    h, w = doc.shape[:2]
    S = L * h / w
    x0, y0 = rng.uniform(60, 200), rng.uniform(60, 200)
    quad = np.array([[x0, y0], [x0 + L, y0], [x0 + L, y0 + S], [x0, y0 + S]], np.float32)
    paste(lid, doc, quad)
    img = lid
    noise = np.empty((H, W), np.float32)
    cv2.randn(noise, 0.0, 1.0 / 255)
    img += noise[:, :, None]
    return np.clip(img * 255 + 0.5, 0, 255).astype(np.uint8)


def scan_pdf(rng, name, extra_catalog=b'', extra_objects=(), pages=1, img=None):
    img = scan_image(rng, name) if img is None else img
    jpg = jpeg_bytes(img, 85)
    H, W = img.shape[:2]
    pw, ph = W * 72 / 300, H * 72 / 300
    n_extra = len(extra_objects)
    objs = [None, None] + list(extra_objects)
    kids = []
    for p in range(pages):
        first = 3 + n_extra + 3 * p
        kids.append(b'%d 0 R' % first)
        objs += image_page_objects(jpg, W, H, pw, ph, first, 2)
    objs[0] = b'<< /Type /Catalog /Pages 2 0 R' + extra_catalog + b' >>'
    objs[1] = b'<< /Type /Pages /Kids [' + b' '.join(kids) + b'] /Count %d >>' % pages
    return pdf_file(objs)


def pdf_js_in_objstm(img):
    """JavaScript hidden in a compressed object stream of a PDF 1.5 with a
    cross-reference stream."""
    jpg = jpeg_bytes(img, 85)
    H, W = img.shape[:2]
    pw, ph = W * 72 / 300, H * 72 / 300
    action = b'<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>'
    header = b'6 0 '
    objstm_data = zlib.compress(header + action)
    objs = [b'<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>',
            b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>']
    objs += image_page_objects(jpg, W, H, pw, ph, 3, 2)
    objs.append(None)  # 6 lives in the object stream 7
    objs.append(b'<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n'
                % (len(header), len(objstm_data)) + objstm_data + b'\nendstream')
    out = bytearray(b'%PDF-1.5\n%\xe2\xe3\xcf\xd3\n')
    offs = {}
    for i, body in enumerate(objs):
        if body is None:
            continue
        offs[i + 1] = len(out)
        out += b'%d 0 obj\n' % (i + 1) + body + b'\nendobj\n'
    xref_obj = len(objs) + 1
    offs[xref_obj] = len(out)
    rows = [b'\x00' + struct.pack('>I', 0) + b'\xff\xff']
    for n in range(1, xref_obj + 1):
        if n == 6:
            rows.append(b'\x02' + struct.pack('>I', 7) + struct.pack('>H', 0))
        else:
            rows.append(b'\x01' + struct.pack('>I', offs[n]) + b'\x00\x00')
    data = zlib.compress(b''.join(rows))
    out += (b'%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n'
            % (xref_obj, xref_obj + 1, len(data)) + data + b'\nendstream\nendobj\n')
    out += b'startxref\n%d\n%%%%EOF\n' % offs[xref_obj]
    return bytes(out)


# ---------------------------------------------------------------- hostile files

def small_good_jpeg(seed):
    """A 2000x1500 photo of an ID card that passes every check on its own."""
    rng = seeded(seed)
    scene, L, _ = compose(rng, pick(rng, ID_NAMES), 2000, 1500, rng.uniform(0.7, 0.8))
    return camera(rng, scene)


def png_chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)


def job_hostile(i):
    rng = seeded(9000 + i)
    P, U, C, T = 'passport', 'unsupported_format', 'corrupt', 'too_many_pixels'
    if i == 0:
        jpg = jpeg_bytes(small_good_jpeg(9100), 90)
        return [('hostile-truncated.jpg', jpg[:len(jpg) * 55 // 100], 'id_card', 'rejected', [C], 'JPEG cut at 55%'),
                ('hostile-truncated-header.jpg', jpg[:jpg.index(b'\xff\xda') + 14], 'id_card', 'rejected', [C],
                 'JPEG cut right after its scan header'),
                ('hostile-polyglot-zip.jpg', jpg + zip_bytes(), 'id_card', 'rejected', [U], 'JPEG followed by a ZIP'),
                ('hostile-script-comment.jpg', jpg[:2] + b'\xff\xfe' + struct.pack('>H', 2 + len(SCRIPT))
                 + SCRIPT + jpg[2:], 'id_card', 'rejected', [U],
                 'JPEG with a <script> in a comment segment'),
                ('ok-reference.jpg', jpg, 'id_card', 'accepted', [], 'the intact JPEG the hostile ones start from')]
    if i == 1:
        img = small_good_jpeg(9101)
        png = png_bytes(img)
        iend = png.rindex(b'IEND') - 4
        idat = png.index(b'IDAT') + 4
        bad = bytearray(png)
        for k in range(0, 4000, 7):
            bad[idat + 1000 + k] ^= 0x5a
        return [('hostile-truncated.png', png[:len(png) * 6 // 10], 'id_card', 'rejected', [C], 'PNG cut at 60%'),
                ('hostile-corrupt-idat.png', bytes(bad), 'id_card', 'rejected', [C], 'PNG with damaged pixel data'),
                ('hostile-polyglot-zip.png', png + zip_bytes(), 'id_card', 'rejected', [U], 'PNG followed by a ZIP'),
                ('hostile-apng.png', apng_bytes(img), 'id_card', 'rejected', [U], 'animated PNG'),
                ('hostile-text-chunk.png', png[:iend] + png_chunk(b'tEXt', b'Comment\x00<script>alert(1)</script>')
                 + png[iend:], 'id_card', 'rejected', [U], 'PNG with a <script> in a text chunk')]
    if i == 2:
        tiny = jpeg_bytes(np.full((16, 16, 3), 128, np.uint8), 90)
        sof = tiny.index(b'\xff\xc0')
        bomb = tiny[:sof + 5] + struct.pack('>HH', 60000, 60000) + tiny[sof + 9:]
        return [('hostile-bomb-60000.jpg', bomb, P, 'rejected', [T], 'tiny JPEG declaring 60000x60000'),
                ('hostile-bomb.png', png_bomb(20000), P, 'rejected', [T], 'PNG of 20000x20000 zeros')]
    if i == 3:
        name = NAMES[3]
        js = b' /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>'
        hexname = b' /OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>'
        img = scan_image(rng, name)
        return [('hostile-js.pdf', scan_pdf(rng, name, js, img=img), P, 'rejected', [U], 'PDF opening with JavaScript'),
                ('hostile-js-hexname.pdf', scan_pdf(rng, name, hexname, img=img), P, 'rejected', [U],
                 'PDF with JavaScript under #-escaped names'),
                ('hostile-js-objstm.pdf', pdf_js_in_objstm(img), P, 'rejected', [U],
                 'PDF with JavaScript inside a compressed object stream'),
                ('hostile-two-pages.pdf', scan_pdf(rng, name, pages=2, img=img), P, 'rejected', [U], 'two-page PDF')]
    if i == 4:
        img = small_good_jpeg(9104)
        im = Image.fromarray(img).resize((400, 300))
        gif = io.BytesIO()
        frames = [im.quantize(64), im.transpose(Image.FLIP_LEFT_RIGHT).quantize(64)]
        frames[0].save(gif, 'GIF', save_all=True, append_images=frames[1:], duration=200, loop=0)
        tif, webp, bmp = io.BytesIO(), io.BytesIO(), io.BytesIO()
        Image.fromarray(img).save(tif, 'TIFF')
        Image.fromarray(img).save(webp, 'WEBP', quality=90)
        Image.fromarray(img).save(bmp, 'BMP')
        html = b'<!DOCTYPE html>\n<html><body><img src=x onerror="alert(document.cookie)"></body></html>\n'
        svg = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
               b'<script>alert(1)</script><rect width="100" height="100" fill="red"/></svg>\n')
        return [('hostile-animated.gif', gif.getvalue(), P, 'rejected', [U], 'animated GIF'),
                ('hostile-gifjs.gif', gif_js_polyglot(), P, 'rejected', [U], 'GIF that is also JavaScript'),
                ('hostile-html.jpg', html, P, 'rejected', [U], 'HTML named .jpg'),
                ('hostile-svg.jpg', svg, P, 'rejected', [U], 'SVG with a script named .jpg'),
                ('hostile-empty.jpg', b'', P, 'rejected', [U], 'zero bytes'),
                ('hostile-text.png', b'just some text, not an image\n' * 20, P, 'rejected', [U], 'text named .png'),
                ('other-scan.tiff', tif.getvalue(), 'id_card', 'rejected', [U], 'TIFF (not accepted)'),
                ('other-photo.webp', webp.getvalue(), 'id_card', 'rejected', [U], 'WebP (not accepted)'),
                ('other-photo.bmp', bmp.getvalue(), 'id_card', 'rejected', [U], 'BMP (not accepted)')]
    if i == 5:
        noise = seeded(9105).integers(0, 256, (1500, 2600, 3), dtype=np.uint8)
        return [('hostile-too-large.png', png_bytes(noise, 1), P, 'rejected', ['too_large'],
                 'a PNG over 10 MB')]
    return []


SCRIPT = b'<script>alert(document.cookie)</script>'


def zip_bytes():
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo('payload.html', date_time=(2020, 1, 1, 0, 0, 0)),
                   '<html><script>alert(1)</script></html>')
    return b.getvalue()


def apng_bytes(img):
    im = Image.fromarray(img).resize((500, 375))
    b = io.BytesIO()
    im.save(b, 'PNG', save_all=True, append_images=[im.transpose(Image.FLIP_LEFT_RIGHT)], duration=200, loop=0)
    return b.getvalue()


def png_bomb(n):
    """n x n, 1 bit per pixel, all zero: a few hundred kB that decode to n*n pixels."""
    row = b'\x00' * (1 + (n + 7) // 8)
    comp = zlib.compressobj(9)
    block = row * 1000
    idat = b''.join(comp.compress(block) for _ in range(n // 1000)) + comp.compress(row * (n % 1000)) + comp.flush()
    return (b'\x89PNG\r\n\x1a\n' + png_chunk(b'IHDR', struct.pack('>IIBBBBB', n, n, 1, 0, 0, 0, 0))
            + png_chunk(b'IDAT', idat) + png_chunk(b'IEND', b''))


def gif_js_polyglot():
    """GIF89a/*...*/=alert(1);  — a GIF header whose width bytes open a JS comment."""
    head = b'GIF89a' + b'/*' + struct.pack('<H', 10) + b'\x00\x00\x00'
    body = b'\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00'
    return head + body + b'*/=alert(document.domain);//' + b'\x3b'


# ---------------------------------------------------------------- driver

def run(job):
    fn, i = job
    return globals()[fn](i)


# Jobs whose items are a fixed list of cases, indexed by their number.
FIXED_CASE_JOBS = {'job_lowres_flat', 'job_formats', 'job_hostile'}


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--out', default=os.path.join(HERE, '..', '..', 'build', 'corpus'))
    ap.add_argument('--jobs', type=int, default=os.cpu_count() or 2)
    ap.add_argument('--seed', type=int, default=0, help='offset of every seed (0: the reference corpus)')
    ap.add_argument('--only', default='', help='only the jobs whose name starts so (job_layout: the harder layouts)')
    ap.add_argument('--count', type=int, default=0,
                    help='with --only: that many items of each job kept (up to 1000), for a larger draw')
    args = ap.parse_args()
    if args.count and not (args.only and 0 < args.count <= 1000):
        ap.error('--count needs --only and at most 1000 (the next job kind\'s seeds start 1000 further)')
    global SEED
    SEED = args.seed * 100000
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    cv2.setNumThreads(1)
    jobs = ([('job_good', i) for i in range(25)] + [('job_blur', i) for i in range(10)]
            + [('job_glare', i) for i in range(10)] + [('job_grey', i) for i in range(10)]
            + [('job_lowres', i) for i in range(8)] + [('job_lowres_flat', i) for i in range(2)]
            + [('job_exposure', i) for i in range(20)] + [('job_frame', i) for i in range(20)]
            + [('job_formats', i) for i in range(10)] + [('job_hostile', i) for i in range(6)]
            + [('job_layout_good', i) for i in range(40)] + [('job_layout_glare', i) for i in range(20)]
            + [('job_layout_blur', i) for i in range(10)] + [('job_layout_cut', i) for i in range(10)]
            + [('job_layout_lowres', i) for i in range(10)] + [('job_layout_grey', i) for i in range(10)])
    if args.only:
        jobs = [j for j in jobs if j[0].startswith(args.only)]
        if args.count:
            # The jobs that draw each item at random scale to --count; those
            # whose items are a fixed list of cases (specimens as published,
            # formats, hostile files) keep their own number: --only job_lowres
            # takes in job_lowres_flat, which has two specimens.
            own = collections.Counter(n for n, _ in jobs)
            jobs = [(name, i) for name in own
                    for i in range(own[name] if name in FIXED_CASE_JOBS else args.count)]
    labels = {}
    with Pool(args.jobs) as pool:
        for items in pool.imap_unordered(run, jobs):
            for fname, data, kind, verdict, reasons, note in items:
                with open(os.path.join(out, fname), 'wb') as f:
                    f.write(data)
                labels[fname] = {'kind': kind, 'side': 'front', 'verdict': verdict, 'reasons': reasons,
                                 'note': note}
    with open(os.path.join(out, 'labels.json'), 'w') as f:
        json.dump(dict(sorted(labels.items())), f, indent=1)
        f.write('\n')
    print(f'corpus: {len(labels)} files in {out}', file=sys.stderr)


if __name__ == '__main__':
    main()
