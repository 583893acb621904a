/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_password.h — passwords, once for the whole service: the staff
 * sign-in of the console and the applicant's digital keys both store, verify
 * and judge passwords here, so the two cannot drift apart.
 *
 * Storing: Argon2id (libargon2) at DK_AUTH_ARGON2_T passes over
 * DK_AUTH_ARGON2_M_KIB KiB with DK_AUTH_ARGON2_P lane, a 16-byte salt from
 * OpenSSL's CSPRNG and a 32-byte tag, kept as the PHC string
 * "$argon2id$v=19$m=65536,t=3,p=1$<salt>$<tag>" (at most
 * DK_AUTH_PASSWORD_HASH_MAX bytes with its NUL) in one text column.
 * Every password is brought to Unicode NFKC before it is hashed or judged
 * (NIST SP 800-63B-4 §3.1.1.2), so "é" typed as one code point or as "e" +
 * combining accent, or a full-width "Ａ", verifies against the same hash.
 *
 * Judging (NIST SP 800-63B-4 §3.1.1.2, no composition rules): length in code
 * points after NFKC, text only, not in the blocklist (common and
 * breached-style passwords shipped in common/auth/blocklist/, embedded at
 * build time), not the user's own name or e-mail, not repetitive or a
 * keyboard/number run. Each refusal has a reason code whose sentence, in the
 * reader's language, is in the message catalogue (po/, keys password.*).
 *
 * Cost: one hash or verify takes 64 MiB and about 0.2 s of one core here
 * (README, "Passwords and authenticator codes"). At most
 * dk_auth_password_concurrency() of them run at once in a process; more
 * callers wait their turn, so a burst of sign-ins cannot exhaust memory. All
 * functions are thread-safe. Nothing here logs a password. */
#ifndef DK_AUTH_PASSWORD_H
#define DK_AUTH_PASSWORD_H

#include "core/dk_buf.h"

#include <stddef.h>

/* Today's Argon2id parameters (RFC 9106 §4's second recommended option's
 * time and memory, with one lane per hash). A stored hash with other
 * parameters still verifies; dk_auth_password_needs_rehash() then says so. */
#define DK_AUTH_ARGON2_T 3
#define DK_AUTH_ARGON2_M_KIB 65536
#define DK_AUTH_ARGON2_P 1
#define DK_AUTH_ARGON2_SALT_BYTES 16
#define DK_AUTH_ARGON2_TAG_BYTES 32

/* Room for a PHC string of today's parameters, NUL included (it is 97). */
#define DK_AUTH_PASSWORD_HASH_MAX 128

/* The length rules, in code points after NFKC. The minimum is the caller's
 * (a parameter of dk_auth_password_check): */
#define DK_AUTH_PASSWORD_MIN_SINGLE_FACTOR 15 /* staff, and a password-only key */
#define DK_AUTH_PASSWORD_MIN_WITH_SECOND 8    /* a key with a second factor */
/* The maximum, the same for all: NIST asks that at least 64 be accepted. */
#define DK_AUTH_PASSWORD_MAX_CHARS 128
/* And in bytes, before and after NFKC (4 bytes per code point at most):
 * input beyond it is refused before any work is spent on it. */
#define DK_AUTH_PASSWORD_MAX_BYTES (4 * DK_AUTH_PASSWORD_MAX_CHARS)

/* ---- storing and verifying -------------------------------------------- */

/* Hashes password (NUL-terminated UTF-8) with today's parameters and a new
 * salt into out (DK_AUTH_PASSWORD_HASH_MAX bytes): the PHC string to store.
 * Returns 0, or -1 (out set to "") when the password is not valid UTF-8
 * text of at most DK_AUTH_PASSWORD_MAX_BYTES bytes, the CSPRNG failed or
 * memory ran out; err (may be NULL) then says which, never the password.
 * Judging the password is dk_auth_password_check's job, not this one's. */
int dk_auth_password_hash(const char *password, char out[DK_AUTH_PASSWORD_HASH_MAX], char *err,
                          size_t errlen);

/* Compares a typed password with a stored PHC string (any Argon2id
 * parameters within sane bounds: m <= 1 GiB, t <= 16, p <= 8).
 * Returns 1 when they match, 0 when they do not — a typed password that is
 * not valid UTF-8 or longer than DK_AUTH_PASSWORD_MAX_BYTES included — and
 * -1 when stored is not an Argon2id PHC string within those bounds or memory
 * ran out.
 * stored == NULL is the account that does not exist: the same work is done
 * against a fixed dummy hash and 0 returned, so that the time taken does not
 * tell whether an account exists. */
int dk_auth_password_verify(const char *stored, const char *password);

/* 1 when stored was made with parameters other than today's (or is not a
 * well-formed Argon2id PHC string), else 0. After a successful verify, a
 * caller that sees 1 hashes the password again and stores the new string. */
int dk_auth_password_needs_rehash(const char *stored);

/* How many hashes or verifies may run at once in this process (default 2;
 * each holds DK_AUTH_ARGON2_M_KIB KiB). Set it once at start-up, before the
 * first hash; n < 1 is taken as 1. */
void dk_auth_password_set_concurrency(int n);
int dk_auth_password_concurrency(void);

/* ---- judging a new password ------------------------------------------- */

typedef enum {
    DK_AUTH_PW_OK = 0,
    DK_AUTH_PW_TOO_SHORT,        /* fewer code points than the minimum asked */
    DK_AUTH_PW_TOO_LONG,         /* > DK_AUTH_PASSWORD_MAX_CHARS or _BYTES */
    DK_AUTH_PW_NOT_TEXT,         /* NULL, invalid UTF-8 or a control character */
    DK_AUTH_PW_BLOCKLISTED,      /* a common or breached-style password */
    DK_AUTH_PW_CONTAINS_CONTEXT, /* holds the user's name or e-mail local part */
    DK_AUTH_PW_REPETITIVE,       /* a repeated piece, or keyboard/number runs */
} dk_auth_pw_reason;

/* Judges a new password. min_chars is the minimum length in code points
 * after NFKC (DK_AUTH_PASSWORD_MIN_*; values below 1 are taken as 1, above
 * the maximum as the maximum). context is a NULL-terminated list of the
 * user's own words (their e-mail address, their name, ...), or NULL: an
 * e-mail address counts by its local part (before the last '@'); each
 * string is cut into pieces at characters that are neither letters nor
 * digits; a piece of at least 4 code points found anywhere in the password,
 * or all the pieces of one string run together (at least 4 code points:
 * "jan.de.vos" is "jandevos") found in the password's letters and digits,
 * refuses it (case-insensitively, after NFKC).
 * The rules are tried in this order and the first that fails is returned:
 * more than DK_AUTH_PASSWORD_MAX_BYTES bytes (too long, before any other
 * work), not text, the length in code points after NFKC (too short, too
 * long), blocklisted, contains context, repetitive.
 * The blocklist is looked up case-insensitively (Unicode case folding after
 * NFKC) for the whole password; when it holds letters, for each piece of at
 * least 4 code points that keeps the letters whole and drops some or all of
 * the digits, symbols and spaces before and after them ("Password2024!",
 * "2026 trustno1 !!!"); and for the letters and digits alone of the whole
 * and of its letter core ("pass word" is "password").
 * "Repetitive" is: the password is a piece of at most half its length
 * repeated ("abcabcabc", "aaaa…", "hunter2hunter2"), or three quarters or
 * more of its neighbouring characters are equal or neighbours in a run
 * (the alphabet, the digits, a row or column of a QWERTY, AZERTY or QWERTZ
 * keyboard or of the number pad, either direction: "qwerty123456",
 * "azertyuiop", "9876543210", "147258369"); checked from 3 code points. */
dk_auth_pw_reason dk_auth_password_check(const char *password, int min_chars,
                                         const char *const *context);

/* The reason's code: "ok", "too_short", "too_long", "not_text",
 * "blocklisted", "contains_context", "repetitive" (for APIs and logs);
 * "unknown" for a value outside the enum. */
const char *dk_auth_password_reason_code(dk_auth_pw_reason r);

/* The reason's key in the message catalogue, "password.<code>" (NULL for
 * DK_AUTH_PW_OK and values outside the enum). */
const char *dk_auth_password_reason_key(dk_auth_pw_reason r);

/* Appends the sentence that tells the user why, in lang (a language the
 * catalogue lacks gives English), with the limits filled in (min_chars as
 * given to dk_auth_password_check). Plain text: escape it where it lands.
 * Returns 0, or -1 when r has no sentence (DK_AUTH_PW_OK, out of range) or
 * the buffer failed. */
int dk_auth_password_reason_append(dk_buf *b, const char *lang, dk_auth_pw_reason r, int min_chars);

/* ---- the pieces the rules are made of (exported for tests and tools) -- */

/* The NFKC form of s (n bytes of valid UTF-8 without NUL) as a malloc'd,
 * NUL-terminated string the caller frees with dk_auth_free_secret() (which
 * wipes it); *outlen (may be NULL) gets its length in bytes. NULL when s is
 * not valid UTF-8, holds a NUL, or memory ran out. */
char *dk_auth_nfkc(const char *s, size_t n, size_t *outlen);

/* Wipes the NUL-terminated string p, then frees it. NULL is fine. */
void dk_auth_free_secret(char *p);

/* 1 when the text s, in the table's own form (NFKC, case-folded), is in the
 * blocklist, else 0. */
int dk_auth_blocklist_has(const char *s);

/* The embedded blocklist: sorted (strcmp), NFKC and case-folded, no
 * duplicates (common/auth/blocklist/, infra/gen_blocklist.sh). */
extern const char *const dk_auth_blocklist[];
extern const size_t dk_auth_blocklist_count;

#endif
