/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrz_layout.c — where Doc 9303 puts each field and check digit in the
 * five formats (part 4 TD3, part 5 TD1, part 6 TD2, part 7 MRV-A/MRV-B),
 * and France's identity card of 1988-2021 its own way, as data the parser,
 * the repairs and the checks all read. The one decision
 * taken on the text: a TD1 or TD2 document number longer than 9 characters
 * shows '<' where its check digit would be, and continues at the start of
 * the optional data, followed by its check digit (Belgian identity cards). */
#include "mrz/dk_mrz_internal.h"

#include <string.h>

static void set(dk_mrz_layout *lay, int line, int start, int len, dk_mrz_class cls,
                const char *field)
{
    for (int i = start; i < start + len && i < DK_MRZ_LINE_MAX; i++) {
        lay->cls[line][i] = cls;
        lay->field[line][i] = field;
    }
}

static dk_mrz_span span(int line, int start, int len)
{
    dk_mrz_span s = {line, start, len};
    return s;
}

/* set() over a field the parser reads by its span: the span. */
static dk_mrz_span field(dk_mrz_layout *lay, int line, int start, int len, dk_mrz_class cls,
                         const char *name)
{
    set(lay, line, start, len, cls, name);
    return span(line, start, len);
}

static void check(dk_mrz_layout *lay, dk_mrz_check c, int cd_line, int cd_pos, int nspans,
                  const dk_mrz_span *spans)
{
    dk_mrz_checkdef *d = &lay->checks[c];
    d->present = 1;
    d->nspans = nspans;
    for (int i = 0; i < nspans; i++)
        d->spans[i] = spans[i];
    d->cd_line = cd_line;
    d->cd_pos = cd_pos;
}

/* Line 0 of TD2, TD3 and the visas: type, issuing state, names. */
static void first_line_with_names(dk_mrz_layout *lay)
{
    set(lay, 0, 0, 2, CL_ALPHA, "document_type");
    set(lay, 0, 2, 3, CL_ALPHA, "issuing_state");
    lay->name = field(lay, 0, 5, lay->width - 5, CL_ALPHA, "names");
}

/* The second line of TD2, TD3 and the visas up to the expiry's check digit
 * (they share it: number, nationality, birth, sex, expiry). */
static void second_line(dk_mrz_layout *lay)
{
    lay->number = field(lay, 1, 0, 9, CL_ALNUM, "document_number");
    set(lay, 1, 9, 1, CL_CD, "check_digit:document_number");
    lay->nationality = field(lay, 1, 10, 3, CL_ALPHA, "nationality");
    lay->birth = field(lay, 1, 13, 6, CL_DIGIT, "birth_date");
    set(lay, 1, 19, 1, CL_CD, "check_digit:birth_date");
    lay->sex = field(lay, 1, 20, 1, CL_SEX, "sex");
    lay->expiry = field(lay, 1, 21, 6, CL_DIGIT, "expiry_date");
    set(lay, 1, 27, 1, CL_CD, "check_digit:expiry_date");
    check(lay, DK_MRZ_CHECK_NUMBER, 1, 9, 1, &lay->number);
    check(lay, DK_MRZ_CHECK_BIRTH, 1, 19, 1, &lay->birth);
    check(lay, DK_MRZ_CHECK_EXPIRY, 1, 27, 1, &lay->expiry);
}

/* The long-number rule on the optional data at opt (whose class is already
 * CL_ALNUM): when the number's check digit position holds '<' and the
 * optional data starts with at least one character and a check digit before
 * its first filler, those are the number's rest and its check digit. */
static void long_number(dk_mrz_layout *lay, const dk_mrz *m, int cd_line, int cd_pos,
                        dk_mrz_span opt, const char *opt_field)
{
    if (m->lines[cd_line][cd_pos] != '<')
        return;
    const char *l = m->lines[opt.line];
    int k = opt.start;
    while (k < opt.start + opt.len && l[k] != '<')
        k++;
    if (k - opt.start < 2)
        return;
    lay->long_number = 1;
    lay->number_rest = span(opt.line, opt.start, k - 1 - opt.start);
    set(lay, opt.line, opt.start, k - 1 - opt.start, CL_ALNUM, "document_number");
    set(lay, opt.line, k - 1, 1, CL_CD, "check_digit:document_number");
    set(lay, opt.line, k, opt.start + opt.len - k, CL_ALNUM, opt_field);
    dk_mrz_span s[2] = {lay->number, lay->number_rest};
    check(lay, DK_MRZ_CHECK_NUMBER, opt.line, k - 1, 2, s);
    lay->optional = span(opt.line, k, opt.start + opt.len - k);
}

static void td1(dk_mrz_layout *lay, const dk_mrz *m)
{
    set(lay, 0, 0, 2, CL_ALPHA, "document_type");
    set(lay, 0, 2, 3, CL_ALPHA, "issuing_state");
    lay->number = field(lay, 0, 5, 9, CL_ALNUM, "document_number");
    set(lay, 0, 14, 1, CL_CD, "check_digit:document_number");
    lay->optional = field(lay, 0, 15, 15, CL_ALNUM, "optional_data");
    lay->birth = field(lay, 1, 0, 6, CL_DIGIT, "birth_date");
    set(lay, 1, 6, 1, CL_CD, "check_digit:birth_date");
    lay->sex = field(lay, 1, 7, 1, CL_SEX, "sex");
    lay->expiry = field(lay, 1, 8, 6, CL_DIGIT, "expiry_date");
    set(lay, 1, 14, 1, CL_CD, "check_digit:expiry_date");
    lay->nationality = field(lay, 1, 15, 3, CL_ALPHA, "nationality");
    lay->optional2 = field(lay, 1, 18, 11, CL_ALNUM, "optional_data_2");
    set(lay, 1, 29, 1, CL_CD, "check_digit:composite");
    lay->name = field(lay, 2, 0, 30, CL_ALPHA, "names");
    check(lay, DK_MRZ_CHECK_NUMBER, 0, 14, 1, &lay->number);
    check(lay, DK_MRZ_CHECK_BIRTH, 1, 6, 1, &lay->birth);
    check(lay, DK_MRZ_CHECK_EXPIRY, 1, 14, 1, &lay->expiry);
    dk_mrz_span c[4] = {span(0, 5, 25), span(1, 0, 7), span(1, 8, 7), span(1, 18, 11)};
    check(lay, DK_MRZ_CHECK_COMPOSITE, 1, 29, 4, c);
    long_number(lay, m, 0, 14, span(0, 15, 15), "optional_data");
}

static void td2(dk_mrz_layout *lay, const dk_mrz *m, int visa)
{
    first_line_with_names(lay);
    second_line(lay);
    int optlen = visa ? 8 : 7;
    lay->optional = field(lay, 1, 28, optlen, CL_ALNUM, "optional_data");
    if (visa)
        return;
    set(lay, 1, 35, 1, CL_CD, "check_digit:composite");
    dk_mrz_span c[3] = {span(1, 0, 10), span(1, 13, 7), span(1, 21, 14)};
    check(lay, DK_MRZ_CHECK_COMPOSITE, 1, 35, 3, c);
    long_number(lay, m, 1, 9, span(1, 28, 7), "optional_data");
}

static void td3(dk_mrz_layout *lay, int visa)
{
    first_line_with_names(lay);
    second_line(lay);
    if (visa) {
        lay->optional = field(lay, 1, 28, 16, CL_ALNUM, "optional_data");
        return;
    }
    lay->optional = field(lay, 1, 28, 14, CL_ALNUM, "personal_number");
    set(lay, 1, 42, 1, CL_CD, "check_digit:personal_number");
    set(lay, 1, 43, 1, CL_CD, "check_digit:composite");
    check(lay, DK_MRZ_CHECK_PERSONAL, 1, 42, 1, &lay->optional);
    dk_mrz_span c[3] = {span(1, 0, 10), span(1, 13, 7), span(1, 21, 22)};
    check(lay, DK_MRZ_CHECK_COMPOSITE, 1, 43, 3, c);
}

/* France's identity card (1988-2021), 2 x 36: line 1 "ID", "FRA", the
 * surname (25), the issuing department and office (6); line 2 the card's
 * number (12: year and month of issue, department, serial) and its check
 * digit, the given names (14, "<<" between two), the birth date and its
 * check digit, the sex, and a check digit over both lines before it. */
static void fra_id(dk_mrz_layout *lay)
{
    set(lay, 0, 0, 2, CL_ALPHA, "document_type");
    set(lay, 0, 2, 3, CL_ALPHA, "issuing_state");
    lay->name = field(lay, 0, 5, 25, CL_ALPHA, "names");
    lay->optional = field(lay, 0, 30, 6, CL_ALNUM, "optional_data");
    lay->number = field(lay, 1, 0, 12, CL_ALNUM, "document_number");
    set(lay, 1, 12, 1, CL_CD, "check_digit:document_number");
    lay->given = field(lay, 1, 13, 14, CL_ALPHA, "names");
    lay->birth = field(lay, 1, 27, 6, CL_DIGIT, "birth_date");
    set(lay, 1, 33, 1, CL_CD, "check_digit:birth_date");
    lay->sex = field(lay, 1, 34, 1, CL_SEX, "sex");
    set(lay, 1, 35, 1, CL_CD, "check_digit:composite");
    check(lay, DK_MRZ_CHECK_NUMBER, 1, 12, 1, &lay->number);
    check(lay, DK_MRZ_CHECK_BIRTH, 1, 33, 1, &lay->birth);
    dk_mrz_span c[2] = {span(0, 0, 36), span(1, 0, 35)};
    check(lay, DK_MRZ_CHECK_COMPOSITE, 1, 35, 2, c);
}

void dk_mrz_layout_build(dk_mrz_layout *lay, dk_mrz_format f, const dk_mrz *m)
{
    memset(lay, 0, sizeof *lay);
    lay->format = f;
    switch (f) {
    case DK_MRZ_TD1:
        lay->nlines = 3;
        lay->width = 30;
        td1(lay, m);
        break;
    case DK_MRZ_TD2:
    case DK_MRZ_MRVB:
        lay->nlines = 2;
        lay->width = 36;
        td2(lay, m, f == DK_MRZ_MRVB);
        break;
    case DK_MRZ_FRA_ID:
        lay->nlines = 2;
        lay->width = 36;
        fra_id(lay);
        break;
    case DK_MRZ_TD3:
    case DK_MRZ_MRVA:
        lay->nlines = 2;
        lay->width = 44;
        td3(lay, f == DK_MRZ_MRVA);
        break;
    default:
        break;
    }
}
