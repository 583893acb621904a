#!/usr/bin/python3
# SPDX-License-Identifier: EUPL-1.2
# accuracy.py — compares `dk document check` verdicts (JSON lines) with the
# corpus labels: per check, precision and recall of the first reason given
# (or "accepted"), and beside them of any reason listed; exits 1 below the
# goal (95%, or --goal) on the first reason for any check (for a check no
# file is labelled with: when it flags more than the rest of the goal's
# share of the files), when a hostile file is accepted, or when a file has
# no verdict.
#   /usr/bin/python3 tests/corpus/accuracy.py labels.json results.jsonl [--goal 0.9]
import json
import statistics
import sys

GOAL = 0.95
HOSTILE = {'too_large', 'unsupported_format', 'corrupt', 'too_many_pixels'}
ORDER = ['accepted', 'too_large', 'unsupported_format', 'corrupt', 'too_many_pixels',
         'too_small_resolution', 'greyscale', 'blurred', 'glare', 'too_dark', 'overexposed',
         'not_in_frame']


# Each bound next to the corpus values on both sides of it: the closest a
# file that should pass came, and the closest a file this figure rejects
# came. Passing files: every judged file with another label, except the
# low-resolution ones (too few pixels spoil every other measure).
# (figure, check it decides, True when larger passes, bound, per-file bound)
FIGURES = [
    (('resolution', 'document_long_side'), 'too_small_resolution', True, ('resolution', 'bound'), True),
    (('colour', 'chroma_p99'), 'greyscale', True, ('colour', 'bound'), False),
    (('sharpness', 'sharpness'), 'blurred', True, ('sharpness', 'bound'), False),
    (('glare', 'share'), 'glare', False, ('glare', 'bound'), False),
    (('exposure', 'luma_p95'), 'too_dark', True, ('exposure', 'min_luma_p95'), False),
    (('exposure', 'clipped_share'), 'overexposed', False, ('exposure', 'max_clipped_share'), False),
    (('frame', 'margin_min'), 'not_in_frame', True, ('frame', 'margin_bound'), False),
    (('frame', 'border_contact'), 'not_in_frame', False, ('frame', 'border_contact_bound'), False),
]


def get(d, path):
    for k in path:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def margins(pairs):
    print('each bound and the corpus values nearest to it (resolution: as a share of its bound):')
    for path, check, larger_passes, bound_path, per_file in FIGURES:
        ok, caught, bound = [], [], None
        for f, want, _, r in pairs:
            v, b = get(r['figures'], path), get(r['figures'], bound_path)
            if v is None or b is None or want in HOSTILE:
                continue      # not measured, or not judged (a scanner's frame share)
            if per_file:
                v, b = v / b, 1.0
            bound = b
            beyond = v < b if larger_passes else v > b
            if want == check and beyond:
                caught.append(v)
            elif want != check and (want != 'too_small_resolution' or check == want):
                ok.append(v)
        if not ok or bound is None:
            continue
        near_ok = min(ok) if larger_passes else max(ok)
        near_bad = (max(caught) if larger_passes else min(caught)) if caught else None
        print(f'  {".".join(path):<34} bound {bound:<8g} nearest passing {near_ok:<8.4g} '
              f'nearest rejected {"-" if near_bad is None else f"{near_bad:.4g}"}')


def main():
    global GOAL
    args = sys.argv[1:]
    if len(args) == 4 and args[2] == '--goal':
        GOAL = float(args[3])
        args = args[:2]
    if len(args) != 2 or not 0 < GOAL <= 1:
        print('usage: accuracy.py labels.json results.jsonl [--goal SHARE]', file=sys.stderr)
        return 2
    labels = json.load(open(args[0]))
    results = {}
    for line in open(args[1]):
        r = json.loads(line)
        results[r['file']] = r
    failures = []
    pairs = []
    for f, lab in labels.items():
        want = lab['reasons'][0] if lab['reasons'] else 'accepted'
        r = results.get(f)
        if r is None or 'verdict' not in r:
            failures.append(f'{f}: no verdict ({r.get("error") if r else "missing"})')
            continue
        got = r['reasons'][0] if r['reasons'] else 'accepted'
        if (r['verdict'] == 'accepted') != (got == 'accepted'):
            failures.append(f'{f}: verdict {r["verdict"]} with reasons {r["reasons"]}')
        if want in HOSTILE and r['verdict'] == 'accepted':
            failures.append(f'{f}: hostile file ACCEPTED')
        pairs.append((f, want, got, r))

    # The goal is on the first reason; "any reason" counts a check wherever
    # it is listed (a further reason that is wrong lowers its precision).
    print(f'{"check":<22}{"labelled":>9}{"flagged":>9}{"correct":>9}{"precision":>11}{"recall":>8}'
          f'{"any reason: precision":>23}{"recall":>8}')
    listed = [(w, r['reasons'] or ['accepted']) for _, w, _, r in pairs]
    for c in ORDER:
        n_lab = sum(1 for _, w, _, _ in pairs if w == c)
        n_got = sum(1 for _, _, g, _ in pairs if g == c)
        tp = sum(1 for _, w, g, _ in pairs if w == c and g == c)
        if not n_lab and not n_got:
            continue
        prec = tp / n_got if n_got else 0.0
        rec = tp / n_lab if n_lab else 0.0
        any_got = sum(1 for _, rs in listed if c in rs)
        any_tp = sum(1 for w, rs in listed if w == c and c in rs)
        any_prec = any_tp / any_got if any_got else 0.0
        any_rec = any_tp / n_lab if n_lab else 0.0
        if n_lab:
            mark = '' if prec >= GOAL and rec >= GOAL else f'   < {GOAL:.0%}'
        else:
            # A check no file is labelled with (a corpus of good and glared
            # photos only) has no precision to measure: it may flag at most
            # the share of the files the goal leaves.
            mark = '' if n_got <= (1 - GOAL) * len(pairs) else f'   flags over {1 - GOAL:.0%} of the files'
        print(f'{c:<22}{n_lab:>9}{n_got:>9}{tp:>9}{prec:>10.1%}{rec:>8.1%}'
              f'{any_prec:>22.1%}{any_rec:>8.1%}{mark}')
        if mark:
            failures.append(f'{c}: precision {prec:.1%}, recall {rec:.1%}, {n_got} of {len(pairs)} files flagged')
    wrong = [(f, w, g, r) for f, w, g, r in pairs if w != g]
    for f, w, g, r in wrong:
        print(f'  {f}: labelled {w}, judged {g} {r["reasons"]} ({labels[f]["note"]})')
    extra = sum(1 for _, w, g, r in pairs if w == g and len(r['reasons']) > 1)
    print(f'{len(pairs)} files, {len(pairs) - len(wrong)} judged as labelled; '
          f'{extra} correct verdicts list further reasons after the first')
    ms = [r['ms'] for f, _, _, r in pairs if f.startswith('good-')]
    if ms:
        print(f'validation time of the 12 MP phone JPEGs: median {statistics.median(ms):.1f} ms '
              f'over {len(ms)} (first-call warm-up included)')
    margins(pairs)
    for msg in failures:
        print(f'FAIL: {msg}', file=sys.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
