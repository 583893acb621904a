/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrz_internal.h — what the MRZ library's files share: the layout of each
 * format (where each field and check digit sits, which characters a
 * position may hold), the OCR confusions, and the state table. */
#ifndef DK_MRZ_INTERNAL_H
#define DK_MRZ_INTERNAL_H

#include "mrz/dk_mrz.h"

#include <stddef.h>

/* What a position may hold. */
typedef enum {
    CL_NONE,  /* outside every field */
    CL_ALPHA, /* letters and fillers: document type, states, names */
    CL_DIGIT, /* digits and fillers: dates */
    CL_CD,    /* a check digit: a digit, or '<' */
    CL_ALNUM, /* letters, digits and fillers: numbers, optional data */
    CL_SEX    /* F, M, X or '<' */
} dk_mrz_class;

/* A run of positions on one line (0-based). */
typedef struct {
    int line, start, len;
} dk_mrz_span;

/* A check digit and the spans it covers. */
typedef struct {
    int present;
    int nspans;
    dk_mrz_span spans[4];
    int cd_line, cd_pos;
} dk_mrz_checkdef;

/* One format's layout for the lines at hand (a TD1 or TD2 long document
 * number moves the number's check digit into the optional data). */
typedef struct {
    dk_mrz_format format;
    int nlines, width;
    dk_mrz_class cls[3][DK_MRZ_LINE_MAX];
    const char *field[3][DK_MRZ_LINE_MAX]; /* the field's name at each position */
    dk_mrz_checkdef checks[DK_MRZ_NCHECKS];
    int long_number; /* the number's rest and check digit sit in the optional data */
    dk_mrz_span number, number_rest, optional, optional2, name;
    dk_mrz_span given; /* given names apart from the surname (FRA_ID), else len 0 */
    dk_mrz_span birth, expiry, sex, nationality; /* expiry, nationality: len 0 when none */
} dk_mrz_layout;

/* Cleans n raw lines into m->lines, m->nlines and m->format (repairs of
 * length noted); 0, or -1 with m->reason. */
int dk_mrz_clean(const char *const *lines, const size_t *lens, int n, dk_mrz *m);

/* Builds the layout of format f for the (already cleaned) lines of m; the
 * long-number rule is decided on m->lines. */
void dk_mrz_layout_build(dk_mrz_layout *lay, dk_mrz_format f, const dk_mrz *m);

/* 1 when check c of lay holds on the lines of m. */
int dk_mrz_check_holds(const dk_mrz_layout *lay, const dk_mrz *m, dk_mrz_check c);

/* The digit an OCR takes letter c for ('O' -> '0'), or 0. */
char dk_mrz_digit_for(char c);
/* The letter an OCR takes digit c for ('0' -> 'O'), or 0. */
char dk_mrz_letter_for(char c);

/* Records a repair on m (silently dropped past DK_MRZ_MAX_REPAIRS; the lines
 * still carry it). */
void dk_mrz_note(dk_mrz *m, const char *field, int line, int pos, char from, char to,
                 const char *why);

/* The repairs that need the layout: character classes, names' filler runs,
 * then each failing check digit in turn. */
void dk_mrz_repair_all(const dk_mrz_layout *lay, dk_mrz *m);

/* The fields of m from its lines and lay; dates with centuries from today. */
void dk_mrz_fields(const dk_mrz_layout *lay, dk_mrz *m, dk_date today);

/* The two-letter code's MRZ code. */
typedef struct {
    char alpha2[3];
    char mrz[4];
} dk_mrz_state;

extern const dk_mrz_state dk_mrz_state_table[];
extern const size_t dk_mrz_state_table_len;

#endif
