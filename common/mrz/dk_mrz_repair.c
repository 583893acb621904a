/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrz_repair.c — undoes an OCR's misreadings where something proves them:
 *   - the field's character class: a letter where only digits may stand
 *     (dates, check digits) is the digit OCR-B draws alike, a digit where
 *     only letters may stand (states, names, type) the letter;
 *   - the fields' structure: after three fillers in a row a name field holds
 *     only fillers (one '<' parts words, two part surname and given names),
 *     and a number or optional data ends in fillers once two stand in its
 *     tail, so any 'K' there is a filler;
 *   - a check digit: in an alphanumeric field (document number, optional
 *     data) a letter may be a digit or the reverse; a check that fails is
 *     mended by the one confusion that makes it hold without breaking a
 *     check that held, and by nothing when none or more than one would do.
 * A check digit cannot prove what it cannot see: characters whose values
 * differ by a multiple of 10 (K and '<' = 20 and 0, L and 1 = 21 and 1, G
 * and 6 = 16 and 6, U and 0 = 30 and 0) leave every 7-3-1 sum unchanged.
 * So 'K' for '<' is repaired only where the structure decides, and L/1,
 * G/6 only where the class does. */
#include "mrz/dk_mrz_internal.h"

#include <string.h>

static void class_repairs(const dk_mrz_layout *lay, dk_mrz *m)
{
    for (int l = 0; l < lay->nlines; l++)
        for (int p = 0; p < lay->width; p++) {
            char c = m->lines[l][p], to = 0;
            dk_mrz_class cls = lay->cls[l][p];
            if ((cls == CL_DIGIT || cls == CL_CD) && c >= 'A' && c <= 'Z')
                to = dk_mrz_digit_for(c);
            else if (cls == CL_ALPHA && c >= '0' && c <= '9')
                to = dk_mrz_letter_for(c);
            if (to) {
                m->lines[l][p] = to;
                dk_mrz_note(m, lay->field[l][p], l + 1, p + 1, c, to, "character_class");
            }
        }
}

static void name_fillers(dk_mrz *m, dk_mrz_span name)
{
    char *s = m->lines[name.line] + name.start;
    int n = name.len;
    for (int i = 0; i + 2 < n; i++)
        if (s[i] == '<' && s[i + 1] == '<' && s[i + 2] == '<') {
            for (int j = i + 3; j < n; j++)
                if (s[j] != '<') {
                    dk_mrz_note(m, "names", name.line + 1, name.start + j + 1, s[j], '<',
                                "filler_run");
                    s[j] = '<';
                }
            return;
        }
}

/* The 'K's of an alphanumeric field (number, optional data) after the
 * first two fillers in its tail (the part after its last character that is
 * neither 'K' nor '<') read as fillers: such fields are written from the
 * left and padded, a single '<' may part their items but two only pad, and
 * no issuer pads with a letter. A 'K' right after the data ("...B K<<<")
 * may be data: it stays (no check digit can tell K from '<'). */
static void alnum_fillers(const dk_mrz_layout *lay, dk_mrz *m, dk_mrz_span sp)
{
    if (sp.len <= 0)
        return;
    char *s = m->lines[sp.line];
    int end = sp.start + sp.len, last = sp.start - 1;
    for (int p = sp.start; p < end; p++)
        if (s[p] != '<' && s[p] != 'K')
            last = p;
    int p = last + 1;
    while (p + 1 < end && !(s[p] == '<' && s[p + 1] == '<'))
        p++;
    for (; p < end; p++)
        if (s[p] == 'K') {
            dk_mrz_note(m, lay->field[sp.line][p], sp.line + 1, p + 1, 'K', '<', "filler_run");
            s[p] = '<';
        }
}

/* The checks that hold now, as bits. */
static unsigned holding(const dk_mrz_layout *lay, const dk_mrz *m)
{
    unsigned h = 0;
    for (int c = 0; c < DK_MRZ_NCHECKS; c++)
        if (dk_mrz_check_holds(lay, m, (dk_mrz_check)c))
            h |= 1u << c;
    return h;
}

typedef struct {
    const dk_mrz_layout *lay;
    dk_mrz *m;
    dk_mrz_check c;
    unsigned held; /* the checks that held before */
    int found;     /* candidates that work */
    int line, pos; /* the first that worked */
    char to;
} search;

/* Whether reading position (l, p) as `to` mends the check and keeps every
 * check that held. */
static void try_change(search *s, int l, int p, char to)
{
    char from = s->m->lines[l][p];
    s->m->lines[l][p] = to;
    unsigned now = holding(s->lay, s->m);
    if ((now & (1u << s->c)) && (now & s->held) == s->held && s->found++ == 0) {
        s->line = l;
        s->pos = p;
        s->to = to;
    }
    s->m->lines[l][p] = from;
}

/* Whether position (l, p) has a digit (digit != 0) or a letter beside it in
 * the same field: a confusion is sought only where it would join its
 * neighbours' kind ("L8989O2C3": the O among digits), which keeps a lone
 * check digit from being met by chance elsewhere (an 8 in a run of digits
 * taken for a B). */
static int next_to_class(const dk_mrz_layout *lay, const dk_mrz *m, int l, int p, int digit)
{
    for (int q = p - 1; q <= p + 1; q += 2) {
        if (q < 0 || q >= lay->width || lay->field[l][q] != lay->field[l][p])
            continue;
        char c = m->lines[l][q];
        if (digit ? (c >= '0' && c <= '9') : (c >= 'A' && c <= 'Z'))
            return 1;
    }
    return 0;
}

static void mend_check(const dk_mrz_layout *lay, dk_mrz *m, dk_mrz_check c)
{
    const dk_mrz_checkdef *d = &lay->checks[c];
    search s = {lay, m, c, holding(lay, m), 0, 0, 0, 0};
    for (int i = 0; i < d->nspans; i++) {
        const dk_mrz_span *sp = &d->spans[i];
        for (int p = sp->start; p < sp->start + sp->len; p++) {
            if (lay->cls[sp->line][p] != CL_ALNUM)
                continue;
            char ch = m->lines[sp->line][p];
            char alt[2] = {dk_mrz_digit_for(ch), dk_mrz_letter_for(ch)};
            for (int k = 0; k < 2; k++)
                if (alt[k] && next_to_class(lay, m, sp->line, p, k == 0))
                    try_change(&s, sp->line, p, alt[k]);
        }
    }
    if (s.found != 1)
        return;
    dk_mrz_note(m, lay->field[s.line][s.pos], s.line + 1, s.pos + 1, m->lines[s.line][s.pos], s.to,
                "check_digit");
    m->lines[s.line][s.pos] = s.to;
}

/* A TD1 or TD2 long number whose '<' was read as 'K': taken as '<' when the
 * number's check digit then holds. */
static void long_number_k(dk_mrz_layout *lay, dk_mrz *m)
{
    const dk_mrz_checkdef *d = &lay->checks[DK_MRZ_CHECK_NUMBER];
    if ((lay->format != DK_MRZ_TD1 && lay->format != DK_MRZ_TD2) || lay->long_number ||
        !d->present || m->lines[d->cd_line][d->cd_pos] != 'K')
        return;
    int l = d->cd_line, p = d->cd_pos;
    m->lines[l][p] = '<';
    dk_mrz_layout alt;
    dk_mrz_layout_build(&alt, lay->format, m);
    if (alt.long_number && dk_mrz_check_holds(&alt, m, DK_MRZ_CHECK_NUMBER)) {
        dk_mrz_note(m, "check_digit:document_number", l + 1, p + 1, 'K', '<', "check_digit");
        *lay = alt;
        return;
    }
    m->lines[l][p] = 'K';
}

void dk_mrz_repair_all(const dk_mrz_layout *lay0, dk_mrz *m)
{
    dk_mrz_layout lay = *lay0;
    class_repairs(&lay, m);
    name_fillers(m, lay.name);
    if (lay.given.len > 0)
        name_fillers(m, lay.given);
    long_number_k(&lay, m);
    alnum_fillers(&lay, m, lay.number);
    alnum_fillers(&lay, m, lay.optional);
    alnum_fillers(&lay, m, lay.optional2);
    for (int c = 0; c < DK_MRZ_NCHECKS; c++)
        if (lay.checks[c].present && !dk_mrz_check_holds(&lay, m, (dk_mrz_check)c))
            mend_check(&lay, m, (dk_mrz_check)c);
}
