/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrz_parse.c — the parser's steps in order (clean the lines, lay out
 * the format, repair, read the fields, verify every check digit; two lines
 * of 36 opening "IDFRA" are tried in France's layout too) and the
 * fields themselves: fillers trimmed, names split at "<<", dates given
 * their century. */
#include "mrz/dk_mrz_internal.h"

#include <stdio.h>
#include <string.h>

/* Copies a span, trailing fillers dropped, at most cap - 1 characters. */
static void copy_trimmed(const dk_mrz *m, dk_mrz_span sp, char *out, size_t cap)
{
    size_t n = (size_t)sp.len;
    const char *s = m->lines[sp.line] + sp.start;
    while (n > 0 && s[n - 1] == '<')
        n--;
    if (n >= cap)
        n = cap - 1;
    memcpy(out, s, n);
    out[n] = '\0';
}

static void fillers_to_spaces(char *s)
{
    for (; *s; s++)
        if (*s == '<')
            *s = ' ';
}

static dk_mrz_span span_at(int line, int start, int len)
{
    dk_mrz_span s = {line, start, len};
    return s;
}

/* YYMMDD into a date whose year is the latest one not after max_year with
 * those last two digits (and not after max, when max is given); 0 when the
 * text is no calendar date. */
static int date_of(const char *yymmdd, int max_year, const dk_date *max, dk_date *out)
{
    int yy, mm, dd;
    if (dk_date_parse_digits(yymmdd, 2, &yy) != 0 ||
        dk_date_parse_digits(yymmdd + 2, 2, &mm) != 0 ||
        dk_date_parse_digits(yymmdd + 4, 2, &dd) != 0)
        return 0;
    int y = max_year - ((max_year - yy) % 100 + 100) % 100;
    if (max && dk_date_valid(y, mm, dd) && dk_date_cmp((dk_date){y, mm, dd}, *max) > 0)
        y -= 100;
    if (!dk_date_valid(y, mm, dd))
        return 0;
    *out = (dk_date){y, mm, dd};
    return 1;
}

/* Whether the name field sp runs to its last position, and whether what it
 * holds (into out, trailing fillers dropped) is letters and fillers only. */
static int name_field(const dk_mrz *m, dk_mrz_span sp, char *out, size_t cap, int *readable)
{
    copy_trimmed(m, sp, out, cap);
    for (const char *p = out; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || *p == '<'))
            *readable = 0;
    return m->lines[sp.line][sp.start + sp.len - 1] != '<';
}

/* "<<" and '<' between words as one space. */
static void words(char *s)
{
    char *o = s;
    for (const char *p = s; *p; p++)
        if (*p != '<')
            *o++ = *p;
        else if (o > s && o[-1] != ' ')
            *o++ = ' ';
    *o = '\0';
}

static void names(const dk_mrz_layout *lay, dk_mrz *m)
{
    char all[DK_MRZ_LINE_MAX + 1];
    m->names_readable = 1;
    m->name_full = name_field(m, lay->name, all, sizeof all, &m->names_readable);
    m->names_readable &= all[0] != '\0';
    if (lay->given.len > 0) { /* a field of their own, "<<" between two */
        m->name_full |=
            name_field(m, lay->given, m->given_names, sizeof m->given_names, &m->names_readable);
        words(m->given_names);
    } else {
        char *sep = strstr(all, "<<");
        if (sep) {
            *sep = '\0';
            snprintf(m->given_names, sizeof m->given_names, "%s", sep + 2);
        }
    }
    snprintf(m->surname, sizeof m->surname, "%s", all);
    fillers_to_spaces(m->surname);
    fillers_to_spaces(m->given_names);
}

/* A field of the layout as printed (len 0: the layout has none, ""). */
static void printed(const dk_mrz *m, dk_mrz_span sp, char *out)
{
    memcpy(out, m->lines[sp.line] + sp.start, (size_t)sp.len);
    out[sp.len] = '\0';
}

void dk_mrz_fields(const dk_mrz_layout *lay, dk_mrz *m, dk_date today)
{
    copy_trimmed(m, span_at(0, 0, 2), m->document_type, sizeof m->document_type);
    copy_trimmed(m, span_at(0, 2, 3), m->issuing_state, sizeof m->issuing_state);
    if (lay->long_number) {
        memcpy(m->document_number, m->lines[lay->number.line] + lay->number.start, 9);
        memcpy(m->document_number + 9, m->lines[lay->number_rest.line] + lay->number_rest.start,
               (size_t)lay->number_rest.len);
        m->document_number[9 + lay->number_rest.len] = '\0';
    } else {
        copy_trimmed(m, lay->number, m->document_number, sizeof m->document_number);
    }
    printed(m, lay->birth, m->birth_date);
    printed(m, lay->expiry, m->expiry_date);
    printed(m, lay->sex, m->sex);
    if (lay->nationality.len > 0)
        copy_trimmed(m, lay->nationality, m->nationality, sizeof m->nationality);
    else if (lay->format == DK_MRZ_FRA_ID) /* issued to French nationals only */
        snprintf(m->nationality, sizeof m->nationality, "FRA");
    copy_trimmed(m, lay->optional, m->optional_data, sizeof m->optional_data);
    if (lay->optional2.len > 0)
        copy_trimmed(m, lay->optional2, m->optional_data_2, sizeof m->optional_data_2);
    names(lay, m);
    m->birth_valid = date_of(m->birth_date, today.y, &today, &m->birth);
    m->expiry_valid =
        lay->expiry.len > 0 && date_of(m->expiry_date, today.y + 20, NULL, &m->expiry);
}

/* The cleaned lines of out laid out as format f, repaired, read and
 * checked; the count of check digits right. */
static int parse_as(dk_mrz *out, dk_mrz_format f, dk_date today)
{
    dk_mrz_layout lay;
    out->format = f;
    dk_mrz_layout_build(&lay, f, out);
    dk_mrz_repair_all(&lay, out);
    dk_mrz_layout_build(&lay, f, out); /* a repair may have made a long number */
    dk_mrz_fields(&lay, out, today);
    out->valid = 1;
    int right = 0;
    for (int c = 0; c < DK_MRZ_NCHECKS; c++) {
        if (!lay.checks[c].present)
            continue;
        out->has_check |= 1u << c;
        out->check_ok[c] = dk_mrz_check_holds(&lay, out, (dk_mrz_check)c);
        out->valid &= out->check_ok[c];
        right += out->check_ok[c];
    }
    out->found = 1;
    return right;
}

void dk_mrz_parse_lines(const char *const *lines, const size_t *lens, int n, dk_date today,
                        dk_mrz *out)
{
    memset(out, 0, sizeof *out);
    if (n < 0 || (n > 0 && (lines == NULL || lens == NULL)) ||
        dk_mrz_clean(lines, lens, n, out) != 0) {
        if (!out->reason[0])
            snprintf(out->reason, sizeof out->reason, "no lines");
        return;
    }
    /* Two lines of 36 opening with "IDFRA" are France's identity card in
     * its own layout, unless Doc 9303's TD2 makes more check digits right. */
    if (out->format == DK_MRZ_TD2 && strncmp(out->lines[0], "IDFRA", 5) == 0) {
        dk_mrz td2 = *out;
        if (parse_as(out, DK_MRZ_FRA_ID, today) >= parse_as(&td2, DK_MRZ_TD2, today))
            return;
        *out = td2;
        return;
    }
    parse_as(out, out->format, today);
}

void dk_mrz_parse_text(const char *text, size_t len, dk_date today, dk_mrz *out)
{
    /* Up to 4 non-blank lines are kept: a fourth makes the text no MRZ. */
    const char *lines[4];
    size_t lens[4];
    int n = 0;
    size_t i = 0;
    while (i < len && n < 4) {
        size_t j = i;
        while (j < len && text[j] != '\n')
            j++;
        size_t k = j;
        int blank = 1;
        for (size_t p = i; p < k; p++)
            if (text[p] != ' ' && text[p] != '\t' && text[p] != '\r')
                blank = 0;
        if (!blank) {
            lines[n] = text + i;
            lens[n++] = k - i;
        }
        i = j + 1;
    }
    dk_mrz_parse_lines(lines, lens, n, today, out);
}

const char *dk_mrz_format_name(dk_mrz_format f)
{
    static const char *const names_of[] = {NULL, "TD1", "TD2", "TD3", "MRV-A", "MRV-B", "TD2"};
    return (unsigned)f < sizeof names_of / sizeof names_of[0] ? names_of[f] : NULL;
}

const char *dk_mrz_check_name(dk_mrz_check c)
{
    static const char *const names_of[] = {"document_number", "birth_date", "expiry_date",
                                           "personal_number", "composite"};
    return (unsigned)c < DK_MRZ_NCHECKS ? names_of[c] : NULL;
}
