#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
# doc_cv_baseline.py — the naive blur check the document bench compares
# against: OpenCV decodes each JPEG at full resolution and takes the variance
# of the Laplacian; prints one JSON line per file with the in-process time
# (interpreter start-up excluded).
#   /usr/bin/python3 tests/bench/doc_cv_baseline.py FILE...
import json
import sys
import time

import cv2

for path in sys.argv[1:]:
    t0 = time.perf_counter()
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    focus = cv2.Laplacian(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY), cv2.CV_64F).var()
    ms = (time.perf_counter() - t0) * 1000
    print(json.dumps({'file': path, 'ms': round(ms, 2), 'laplacian_var': round(float(focus), 1)}))
