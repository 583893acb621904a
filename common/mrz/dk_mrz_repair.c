/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrz_repair.c — undoes an OCR's misreadings where something proves them:
 *   - the field's character class: a letter where only digits may stand
 *     (dates, check digits) is the digit OCR-B draws alike, a digit where
 *     only letters may stand (states, names, type) the letter;
 *   - the names' structure: after three fillers in a row a name field holds
 *     only fillers (one '<' parts words, two part surname and given names),
 *     so any letter there (often 'K' for '<') is a filler;
 *   - a check digit: in an alphanumeric field (document number, optional
 *     data) a letter may be a digit or the reverse, and 'K' a filler; a
 *     check that fails is mended by the one change (a single confusion, or
 *     the 'K's of a field's trailing fillers) that makes it hold without
 *     breaking a check that held, and by nothing when no change or more than
 *     one would do.
 * Confusions whose values differ by a multiple of 10 (L/1 = 21/1, G/6 =
 * 16/6) leave every 7-3-1 sum unchanged: no check digit can tell them
 * apart, so they are repaired only where the class decides. */
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

static void name_fillers(const dk_mrz_layout *lay, dk_mrz *m)
{
    char *s = m->lines[lay->name.line] + lay->name.start;
    int n = lay->name.len;
    for (int i = 0; i + 2 < n; i++)
        if (s[i] == '<' && s[i + 1] == '<' && s[i + 2] == '<') {
            for (int j = i + 3; j < n; j++)
                if (s[j] != '<') {
                    dk_mrz_note(m, "names", lay->name.line + 1, lay->name.start + j + 1, s[j], '<',
                                "filler_run");
                    s[j] = '<';
                }
            return;
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

/* A candidate: up to 14 positions changed together. */
typedef struct {
    int n;
    int line[16], pos[16];
    char to[16];
} change;

static void apply(dk_mrz *m, const change *ch, char *from)
{
    for (int i = 0; i < ch->n; i++) {
        from[i] = m->lines[ch->line[i]][ch->pos[i]];
        m->lines[ch->line[i]][ch->pos[i]] = ch->to[i];
    }
}

static void undo(dk_mrz *m, const change *ch, const char *from)
{
    for (int i = ch->n - 1; i >= 0; i--)
        m->lines[ch->line[i]][ch->pos[i]] = from[i];
}

typedef struct {
    const dk_mrz_layout *lay;
    dk_mrz *m;
    dk_mrz_check c;
    unsigned held; /* the checks that held before */
    int found;     /* candidates that work */
    change best;
} search;

static void try_change(search *s, const change *ch)
{
    char from[16];
    apply(s->m, ch, from);
    unsigned now = holding(s->lay, s->m);
    if ((now & (1u << s->c)) && (now & s->held) == s->held) {
        if (s->found++ == 0)
            s->best = *ch;
    }
    undo(s->m, ch, from);
}

/* The single confusions at one position of an alphanumeric field. */
static void try_position(search *s, int l, int p)
{
    char c = s->m->lines[l][p];
    char alt[3] = {dk_mrz_digit_for(c), dk_mrz_letter_for(c), c == 'K' ? '<' : 0};
    for (int i = 0; i < 3; i++)
        if (alt[i]) {
            change ch = {1, {l}, {p}, {alt[i]}};
            try_change(s, &ch);
        }
}

/* The 'K's of a span's trailing fillers read as fillers together (two or
 * more: a single one is a confusion try_position tries). */
static void try_trailing_k(search *s, const dk_mrz_span *sp)
{
    const char *line = s->m->lines[sp->line];
    int end = sp->start + sp->len, last = sp->start - 1;
    for (int p = sp->start; p < end; p++)
        if (s->lay->cls[sp->line][p] == CL_ALNUM && line[p] != '<' && line[p] != 'K')
            last = p;
    change ch = {0, {0}, {0}, {0}};
    for (int p = last + 1; p < end && ch.n < 16; p++)
        if (s->lay->cls[sp->line][p] == CL_ALNUM && line[p] == 'K') {
            ch.line[ch.n] = sp->line;
            ch.pos[ch.n] = p;
            ch.to[ch.n++] = '<';
        }
    if (ch.n >= 2)
        try_change(s, &ch);
}

static void mend_check(const dk_mrz_layout *lay, dk_mrz *m, dk_mrz_check c)
{
    const dk_mrz_checkdef *d = &lay->checks[c];
    search s = {lay, m, c, holding(lay, m), 0, {0, {0}, {0}, {0}}};
    for (int i = 0; i < d->nspans; i++) {
        const dk_mrz_span *sp = &d->spans[i];
        for (int p = sp->start; p < sp->start + sp->len; p++)
            if (lay->cls[sp->line][p] == CL_ALNUM)
                try_position(&s, sp->line, p);
        try_trailing_k(&s, sp);
    }
    if (s.found != 1)
        return;
    for (int i = 0; i < s.best.n; i++) {
        int l = s.best.line[i], p = s.best.pos[i];
        dk_mrz_note(m, lay->field[l][p], l + 1, p + 1, m->lines[l][p], s.best.to[i], "check_digit");
        m->lines[l][p] = s.best.to[i];
    }
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
    name_fillers(&lay, m);
    long_number_k(&lay, m);
    for (int c = 0; c < DK_MRZ_NCHECKS; c++)
        if (lay.checks[c].present && !dk_mrz_check_holds(&lay, m, (dk_mrz_check)c))
            mend_check(&lay, m, (dk_mrz_check)c);
}
