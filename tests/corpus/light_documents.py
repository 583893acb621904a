# SPDX-License-Identifier: EUPL-1.2
# light_documents.py — the pieces generate.py's harder layouts are built from:
# synthetic light-coloured cards and passport pages (white and light-grey print
# areas, a white MRZ band, a little colour), specimens washed out to a light
# document, light tables, and a specular spot of a chosen size on a chosen
# area. Pure functions of a numpy generator, no file written here.
import math

import cv2
import numpy as np

# Light tables a document is photographed on (RGB, 0..1): white laminate,
# light grey, light oak, cream paper, pale blue-grey.
# Kept so that the brightest of them, lit by the brightest light the
# corpus draws, stays under the sensor's ceiling.
LIGHT_PALETTE = [(0.72, 0.71, 0.68), (0.68, 0.68, 0.69), (0.70, 0.62, 0.50), (0.73, 0.70, 0.64),
                 (0.65, 0.68, 0.72)]

# Pixels per millimetre the synthetic documents are drawn at.
PX_MM = 16
SIZES_MM = {'id_card': (85.6, 54.0), 'passport': (125.0, 88.0)}

MRZ_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<<'
WORD_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'


def _rect(img, x0, y0, x1, y1, colour):
    img[int(y0):int(y1), int(x0):int(x1)] = colour


def _text(img, xy, s, height, colour, thickness=None, mono=False):
    """Hershey text whose capitals are about `height` pixels tall."""
    font = cv2.FONT_HERSHEY_SIMPLEX
    scale = height / 22.0
    th = thickness or max(1, int(round(height / 9)))
    if not mono:
        cv2.putText(img, s, (int(xy[0]), int(xy[1])), font, scale, colour, th, cv2.LINE_AA)
        return
    pitch = height * 0.78
    for k, ch in enumerate(s):
        cv2.putText(img, ch, (int(xy[0] + k * pitch), int(xy[1])), font, scale, colour, th, cv2.LINE_AA)


def _word(rng, lo, hi):
    return ''.join(WORD_CHARS[j] for j in rng.integers(len(WORD_CHARS), size=int(rng.integers(lo, hi))))


def synthetic_card(rng, kind, portrait, grey_base=False):
    """A light document of the kind (float32 HxWx3, 0..1): a white or light-
    grey ground with a pastel wash and guilloche, light-grey field boxes,
    a white photo area holding `portrait` (a colour crop), dark print, a
    small flag, and a white MRZ band along the bottom."""
    wmm, hmm = SIZES_MM[kind]
    W, H = int(wmm * PX_MM), int(hmm * PX_MM)
    ground = rng.uniform(0.86, 0.91) if grey_base else rng.uniform(0.95, 0.985)
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    img = np.empty((H, W, 3), np.float32)
    # A pastel wash from one corner to the other (blue to pink, or green to
    # beige), a few per cent deep: the colour light cards carry.
    a, b = (np.array(c, np.float32) for c in
            [((0.93, 0.96, 1.0), (1.0, 0.94, 0.96)), ((0.94, 1.0, 0.96), (1.0, 0.97, 0.92))][rng.integers(2)])
    t = (xx / W * 0.7 + yy / H * 0.3)[:, :, None]
    img[:] = ground * (a * (1 - t) + b * t)
    # Guilloche: fine interfering sine lines, a light tint.
    f1, f2 = rng.uniform(0.04, 0.08), rng.uniform(0.03, 0.06)
    g = 0.5 + 0.5 * np.sin(xx * f1 + 6 * np.sin(yy * f2))
    tint = np.array([0.75, 0.85, 1.0] if rng.random() < 0.5 else [1.0, 0.8, 0.85], np.float32)
    img *= 1 - 0.05 * (g[:, :, None] ** 8) * (1 - tint)

    mrz_lines, mrz_len = (3, 30) if kind == 'id_card' else (2, 44)
    band_h = H * (0.27 if kind == 'id_card' else 0.20)
    # Header: the state's name in blue, a flag at the left.
    hh = H * 0.045
    fx0, fy0 = W * 0.04, H * 0.04
    for k, c in enumerate([(0.0, 0.14, 0.58), (1.0, 1.0, 1.0), (0.93, 0.16, 0.22)]):
        _rect(img, fx0 + k * hh, fy0, fx0 + (k + 1) * hh, fy0 + 2 * hh, c)
    _text(img, (fx0 + 4 * hh, fy0 + 1.6 * hh), _word(rng, 8, 14) + ' ' + _word(rng, 6, 10), 1.3 * hh,
          (0.1, 0.2, 0.55))
    # The photo area: white, the portrait inside.
    px0, py0, px1, py1 = W * 0.04, H * 0.18, W * 0.30, H * (0.95 - band_h / H - 0.02)
    _rect(img, px0, py0, px1, py1, (0.99, 0.99, 0.99))
    ph, pw = int((py1 - py0) * 0.92), int((px1 - px0) * 0.92)
    img[int(py0 + (py1 - py0 - ph) / 2):int(py0 + (py1 - py0 - ph) / 2) + ph,
        int(px0 + (px1 - px0 - pw) / 2):int(px0 + (px1 - px0 - pw) / 2) + pw] = \
        cv2.resize(portrait, (pw, ph), interpolation=cv2.INTER_AREA)
    # Fields: light-grey boxes with a small label and dark print.
    y = H * 0.20
    x0 = W * 0.34
    lab = H * 0.028
    val = H * 0.048
    grey = rng.uniform(0.84, 0.90)
    while y + lab + val * 1.4 < H - band_h - H * 0.03:
        width = W * rng.uniform(0.3, 0.6)
        if rng.random() < 0.5:
            _rect(img, x0 - lab * 0.4, y - lab * 0.3, x0 + width, y + lab + val * 1.5, (grey,) * 3)
        _text(img, (x0, y + lab), _word(rng, 4, 9).lower(), lab, (0.35, 0.40, 0.55))
        _text(img, (x0, y + lab + val * 1.2), _word(rng, 5, 12) + ' ' + _word(rng, 3, 8), val,
              (0.12, 0.12, 0.16))
        y += lab + val * 1.9
    # The MRZ band: white, OCR-like monospaced lines.
    by0 = H - band_h
    _rect(img, 0, by0, W, H, (0.995, 0.995, 0.995))
    ch = band_h / (mrz_lines + 0.8) * 0.62
    for k in range(mrz_lines):
        s = ''.join(MRZ_CHARS[j] for j in rng.integers(len(MRZ_CHARS), size=mrz_len))
        _text(img, (W * 0.04, by0 + band_h * (k + 0.85) / (mrz_lines + 0.5)), s,
              ch * min(1.0, (W * 0.92) / (mrz_len * ch * 0.78 * 1.0)), (0.08, 0.08, 0.1), mono=True)
    return np.clip(img, 0, 1)


def portrait_crop(rng, specimen):
    """A colour crop of a specimen (a face, a coat of arms, print) for the
    photo area of a synthetic card."""
    h, w = specimen.shape[:2]
    ch, cw = int(h * rng.uniform(0.35, 0.55)), int(w * rng.uniform(0.2, 0.3))
    y, x = int(rng.uniform(0, h - ch)), int(rng.uniform(0, w - cw))
    return np.ascontiguousarray(specimen[y:y + ch, x:x + cw])


def washed(doc, rng):
    """A specimen turned into a light document: its paper normalised to white
    and its print faded towards it, colours kept (pastel)."""
    y = doc @ np.array([0.299, 0.587, 0.114], np.float32)
    white = float(np.percentile(y, 90))
    d = np.clip(doc / max(white, 0.3), 0, 1)
    k = rng.uniform(0.55, 0.75)
    return 1 - (1 - d) * k


def spot_field(H, W, cx, cy, r, amp, squash, phi):
    """An additive specular spot (HxW float32): a Gaussian of radius r
    (standard deviation), squashed to an ellipse, computed at 1/4 scale."""
    h, w = H // 4, W // 4
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    X = (xx - cx / 4) * math.cos(phi) + (yy - cy / 4) * math.sin(phi)
    Y = -(xx - cx / 4) * math.sin(phi) + (yy - cy / 4) * math.cos(phi)
    rx, ry = r / 4, r * squash / 4
    out = amp * np.exp(-0.5 * ((X / rx) ** 2 + (Y / ry) ** 2))
    return cv2.resize(out.astype(np.float32), (W, H), interpolation=cv2.INTER_LINEAR)
