/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrz_check.c — the 7-3-1 check digit of Doc 9303 part 3, whether one of
 * a layout's check digits holds on the lines, the OCR confusions the repairs
 * try, and the repair log. */
#include "mrz/dk_mrz_internal.h"

#include <string.h>

static int value_of(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    if (c == '<')
        return 0;
    return -1;
}

int dk_mrz_check_digit(const char *s, size_t n)
{
    static const int weight[3] = {7, 3, 1};
    int sum = 0;
    for (size_t i = 0; i < n; i++) {
        int v = value_of(s[i]);
        if (v < 0)
            return -1;
        sum = (sum + v * weight[i % 3]) % 10;
    }
    return sum;
}

int dk_mrz_check_holds(const dk_mrz_layout *lay, const dk_mrz *m, dk_mrz_check c)
{
    const dk_mrz_checkdef *d = &lay->checks[c];
    if (!d->present)
        return 0;
    char buf[128];
    size_t n = 0;
    int empty = 1;
    for (int i = 0; i < d->nspans; i++) {
        const dk_mrz_span *sp = &d->spans[i];
        for (int k = 0; k < sp->len && n < sizeof buf; k++) {
            char ch = m->lines[sp->line][sp->start + k];
            buf[n++] = ch;
            if (ch != '<')
                empty = 0;
        }
    }
    int want = dk_mrz_check_digit(buf, n);
    char cd = m->lines[d->cd_line][d->cd_pos];
    if (want < 0)
        return 0;
    if (cd >= '0' && cd <= '9')
        return cd - '0' == want;
    /* An empty field may carry '<' for its check digit (Doc 9303 part 4,
     * the personal number; the same reading for any field is harmless: the
     * value is 0 either way). Never for the composite, which always covers
     * the dates. */
    return cd == '<' && empty && c != DK_MRZ_CHECK_COMPOSITE;
}

/* The confusions of an OCR on OCR-B, both ways. Letter -> digit: the round
 * ones (O, Q, D) for 0, the strokes (I, L) for 1, and the glyphs OCR-B draws
 * alike: Z/2, S/5, G/6, B/8. Digit -> letter: the same pairs back, but 0 is
 * only O (a reading of D for 0 is rare; Q never stands in a name's place). */
char dk_mrz_digit_for(char c)
{
    switch (c) {
    case 'O':
    case 'Q':
    case 'D':
        return '0';
    case 'I':
    case 'L':
        return '1';
    case 'Z':
        return '2';
    case 'S':
        return '5';
    case 'G':
        return '6';
    case 'B':
        return '8';
    default:
        return 0;
    }
}

char dk_mrz_letter_for(char c)
{
    switch (c) {
    case '0':
        return 'O';
    case '1':
        return 'I';
    case '2':
        return 'Z';
    case '5':
        return 'S';
    case '6':
        return 'G';
    case '8':
        return 'B';
    default:
        return 0;
    }
}

void dk_mrz_note(dk_mrz *m, const char *field, int line, int pos, char from, char to,
                 const char *why)
{
    if (m->nrepairs >= DK_MRZ_MAX_REPAIRS)
        return;
    dk_mrz_repair *r = &m->repairs[m->nrepairs++];
    r->field = field;
    r->line = line;
    r->pos = pos;
    r->from = from;
    r->to = to;
    r->why = why;
}
