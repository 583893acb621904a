/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrz.h — the machine-readable zone of a passport, identity card or visa
 * (ICAO Doc 9303 parts 3-7) as text: the lines an OCR read (or a person
 * typed) parsed into the document's facts, every check digit verified, the
 * OCR's usual confusions repaired where a check digit or the field's
 * character class proves them, and the facts compared with what the
 * applicant declared. Pure text, no images: the reader of the MRZ band in a
 * photo calls dk_mrz_parse_lines() on what it read. */
#ifndef DK_MRZ_H
#define DK_MRZ_H

#include "core/dk_calendar.h"

#include <jansson.h>
#include <stddef.h>

typedef enum {
    DK_MRZ_UNKNOWN = 0,
    DK_MRZ_TD1,   /* 3 x 30: identity cards (Doc 9303 part 5) */
    DK_MRZ_TD2,   /* 2 x 36 (part 6) */
    DK_MRZ_TD3,   /* 2 x 44: passports (part 4) */
    DK_MRZ_MRVA,  /* 2 x 44: visa, type 'V' (part 7) */
    DK_MRZ_MRVB,  /* 2 x 36: visa, type 'V' */
    DK_MRZ_FRA_ID /* 2 x 36 in France's own layout: its identity card of 1988-2021 ("IDFRA",
                     surname on line 1; number, given names, birth, sex on line 2; no
                     expiry, no nationality: the card is issued to French nationals) */
} dk_mrz_format;

/* The check digits, in the order they are verified. Not every format has
 * every one: TD3 has all five, TD1 and TD2 have no personal number check,
 * visas have neither that nor the composite. */
typedef enum {
    DK_MRZ_CHECK_NUMBER,    /* "document_number" */
    DK_MRZ_CHECK_BIRTH,     /* "birth_date" */
    DK_MRZ_CHECK_EXPIRY,    /* "expiry_date" */
    DK_MRZ_CHECK_PERSONAL,  /* "personal_number" (TD3's optional data) */
    DK_MRZ_CHECK_COMPOSITE, /* "composite" */
    DK_MRZ_NCHECKS
} dk_mrz_check;

/* One change made to the text as read, to be shown with the result. */
typedef struct {
    const char *field; /* static: "document_number", "birth_date", "check_digit:composite",
                          "names", "line", ... */
    int line, pos;     /* 1-based, in the line after every earlier repair */
    char from, to;     /* from == 0: a filler inserted; to == 0: a character removed */
    const char *why;   /* static: "check_digit" (a check digit proves it, one candidate
                          only), "character_class" (a letter in a digits-only field or the
                          reverse), "filler_run" (a name's trailing fillers), "length" */
} dk_mrz_repair;

#define DK_MRZ_MAX_REPAIRS 32
#define DK_MRZ_LINE_MAX 44

typedef struct {
    int found;       /* 1: the lines have an MRZ's shape and were parsed */
    char reason[96]; /* when not found: why (English, for operators) */
    dk_mrz_format format;
    int nlines;
    char lines[3][DK_MRZ_LINE_MAX + 1]; /* as read, after repairs */

    /* The fields, fillers at the end removed ("P", "UTO", "D" for Germany). */
    char document_type[3];
    char issuing_state[4];
    char document_number[32]; /* a TD1/TD2 long number joined with its rest */
    char birth_date[7];       /* YYMMDD as printed ('<' for an unknown part) */
    char expiry_date[7];      /* the same; "" where the layout has none (FRA_ID) */
    char sex[2];              /* "F", "M", "<" (unspecified) or "X" as printed */
    char nationality[4];
    char surname[DK_MRZ_LINE_MAX + 1];     /* fillers become spaces */
    char given_names[DK_MRZ_LINE_MAX + 1]; /* "ANNA MARIA" */
    char optional_data[16];                /* TD1 line 1 (after a long number's rest), TD2,
                                              TD3 personal number, visas */
    char optional_data_2[16];              /* TD1 line 2 only */
    int name_full;      /* the name field runs to its last position: names may be truncated */
    int names_readable; /* the names hold only letters and fillers */

    /* Dates with their century: birth in the past, expiry at most 20 years
     * ahead of the day given to the parser; 0 when not a calendar date. */
    int birth_valid, expiry_valid;
    dk_date birth, expiry;

    unsigned has_check;           /* bit (1 << dk_mrz_check): the format has it */
    int check_ok[DK_MRZ_NCHECKS]; /* 1 right, 0 wrong (or absent) */
    int valid;                    /* every check digit the format has is right */

    int nrepairs;
    dk_mrz_repair repairs[DK_MRZ_MAX_REPAIRS];
} dk_mrz;

/* The check digit (0..9) of n characters per Doc 9303 part 3 (weights 7, 3,
 * 1; '0'-'9' their value, 'A'-'Z' 10-35, '<' 0); -1 when one is none of
 * those. */
int dk_mrz_check_digit(const char *s, size_t n);

/* Parses n lines (lines[i] of lens[i] bytes, any bytes) as read: spaces
 * dropped, lower case raised, '«' and '‹' read as fillers, a line one or two
 * fillers too long or too short mended, other characters kept as '?' (so
 * that positions stay). today gives the centuries (dk_date of the reader's
 * day). Fills *out (found = 0 and reason when the lines are no MRZ: wrong
 * count, lengths, or a line over 256 bytes). Never fails otherwise. */
void dk_mrz_parse_lines(const char *const *lines, const size_t *lens, int n, dk_date today,
                        dk_mrz *out);

/* The same on text whose lines end with "\n" (or "\r\n"); blank lines are
 * skipped. */
void dk_mrz_parse_text(const char *text, size_t len, dk_date today, dk_mrz *out);

/* "TD1", "TD2", "TD3", "MRV-A", "MRV-B" (NULL for DK_MRZ_UNKNOWN); "TD2"
 * for DK_MRZ_FRA_ID, its size (dk_mrz_json() adds "layout": "FRA-ID"). */
const char *dk_mrz_format_name(dk_mrz_format f);

/* "document_number", "birth_date", "expiry_date", "personal_number",
 * "composite". */
const char *dk_mrz_check_name(dk_mrz_check c);

/* The facts as SPEC.md's `dk document mrz` object wants them (all but
 * `file` and `ms`): found, and when found format, lines, document_type,
 * issuing_state, document_number, birth_date, expiry_date, sex,
 * nationality, surname, given_names, checks {name: bool}, valid; besides:
 * optional_data (+ optional_data_2 for TD1), birth_date_iso and
 * expiry_date_iso ("YYYY-MM-DD" or null), repairs [{field, line, position,
 * from, to, why}]; reason when not found. NULL when memory ran out. */
json_t *dk_mrz_json(const dk_mrz *m);

/* ---- issuing states and nationalities -------------------------------- */

/* The MRZ code of an ISO 3166-1 alpha-2 code ("BE" -> "BEL", "DE" -> "D"),
 * or NULL for an unknown one. */
const char *dk_mrz_state_of_alpha2(const char *alpha2);

/* The alpha-2 code of an MRZ state code ("BEL", "D", "D<<", "DEU" -> "DE"),
 * n characters at s; NULL when it is no country (UTO, XXA, UNO, ...). */
const char *dk_mrz_state_alpha2(const char *s, size_t n);

/* ---- names: ICAO transliteration --------------------------------------- */

/* Folds a UTF-8 name the way Doc 9303 part 3 writes it in an MRZ, taking
 * the first spelling where the tables allow several ("Müller-Lüdenscheidt"
 * -> "MUELLER<LUEDENSCHEIDT", "Ørsted" -> "OERSTED", "Иванов" ->
 * "IVANOV"); out gets at most outlen - 1 characters and a NUL. 0, or -1
 * when the name is not UTF-8, has a character no table folds (digits,
 * scripts other than Latin and Cyrillic) or does not fit. */
int dk_mrz_fold(const char *utf8, char *out, size_t outlen);

/* How a declared name compares with an MRZ name (fillers as '<', no
 * trailing ones). */
typedef enum {
    DK_MRZ_NAME_DIFFERS,
    DK_MRZ_NAME_MATCH,     /* one spelling the tables allow is the MRZ's */
    DK_MRZ_NAME_TRUNCATED, /* the MRZ is a strict prefix of one (when may_truncate) */
    DK_MRZ_NAME_UNFOLDABLE /* the declared name has a character no table folds */
} dk_mrz_name_result;

/* Compares utf8 with the n characters of mrz; every spelling the tables
 * allow counts (Ä as AE, A or AXX; Ü as UE, U or UXX; Ñ as N or NXX; Å as
 * AA or A; Ø as OE or O; a hyphen as '<' or nothing; an apostrophe or a
 * full stop as nothing or '<'). A prefix counts only when may_truncate (the
 * MRZ's name field was full). */
dk_mrz_name_result dk_mrz_name_compare(const char *utf8, const char *mrz, size_t n,
                                       int may_truncate);

/* ---- comparison with the request --------------------------------------- */

/* What the applicant declared; NULL fields were not asked and are not
 * compared. */
typedef struct {
    const char *surname;     /* UTF-8, the request's last_name */
    const char *given_names; /* UTF-8, first_names */
    const char *birth_date;  /* "YYYY-MM-DD" */
    const char *sex;         /* "F", "M", "X" */
    const char *nationality; /* ISO 3166-1 alpha-2 */
    const char *on_date;     /* "YYYY-MM-DD": the interview's day, for the expiry */
} dk_mrz_request;

typedef enum {
    DK_MRZ_NOT_ASKED, /* the request had no such field */
    DK_MRZ_MATCH,
    DK_MRZ_DIFFERS,
    DK_MRZ_NOT_READABLE,  /* the MRZ field is unreadable, or its check digit is wrong */
    DK_MRZ_NOT_COMPARABLE /* a declared name in a script no table folds */
} dk_mrz_verdict;

typedef enum {
    DK_MRZ_EXPIRY_NOT_ASKED,
    DK_MRZ_EXPIRY_VALID,
    DK_MRZ_EXPIRED,
    DK_MRZ_EXPIRY_NOT_READABLE
} dk_mrz_expiry;

typedef struct {
    dk_mrz_verdict surname, given_names, birth_date, sex, nationality;
    int surname_truncated, given_names_truncated; /* a match on a truncated MRZ name */
    dk_mrz_expiry expiry;                         /* valid through the expiry day itself */
} dk_mrz_comparison;

/* Compares a parsed MRZ (found) with the request. A field under a wrong
 * check digit is not_readable, never a match. */
void dk_mrz_compare(const dk_mrz *m, const dk_mrz_request *req, dk_mrz_comparison *out);

/* "match", "differs", "not_readable", "not_comparable" (NULL: not asked);
 * "valid", "expired", "not_readable". */
const char *dk_mrz_verdict_name(dk_mrz_verdict v);
const char *dk_mrz_expiry_name(dk_mrz_expiry e);

/* {"surname": "match", ..., "expiry": "valid", "truncated": ["given_names"]}
 * with only the fields asked. NULL when memory ran out. */
json_t *dk_mrz_comparison_json(const dk_mrz_comparison *c);

/* ---- what the document pipeline decides on ------------------------------ */

/* Parses the "lines" of an MRZ object as dk_mrz_json() writes them (an
 * array of 2 or 3 strings), as another process sent them: anything else
 * (another type, more lines, a line over 256 bytes) gives found 0 with a
 * reason. The facts are the parser's own, whatever else the object says. */
void dk_mrz_parse_json_lines(const json_t *lines, dk_date today, dk_mrz *out);

/* The MRZ vouches for the document number (found, and the number's check
 * digit right): only then is the register asked about it, for a clear
 * answer about a misread number would be worse than none. */
int dk_mrz_number_vouched(const dk_mrz *m);

/* An upload is refused as expired when the comparison says expired and
 * every check digit of the MRZ is right (the composite included): an
 * applicant is never turned away on a misread date. */
int dk_mrz_refuses_expired(const dk_mrz *m, const dk_mrz_comparison *c);

#endif
