/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_password_check.c — the NIST SP 800-63B-4 rules for a new
 * password: length, text, blocklist, the user's own words, repetition and
 * keyboard runs. No composition rules. */
#include "auth/dk_auth_fold.h"
#include "auth/dk_auth_password.h"

#include "core/dk_utf8.h"

#include <openssl/crypto.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>

/* A blocklist variant or a context piece shorter than this is ignored: "me"
 * stripped from "me4829!!173948#" says nothing about that password. */
#define MIN_PIECE 4

static int is_letter(uint32_t c)
{
    return uc_is_general_category(c, UC_CATEGORY_L);
}

static int is_alnum(uint32_t c)
{
    return uc_is_general_category(c, UC_CATEGORY_L) || uc_is_general_category(c, UC_CATEGORY_N);
}

/* ---- blocklist -------------------------------------------------------- */

/* The letters and digits of cp[0..n) into out; their count. */
static size_t compact(const uint32_t *cp, size_t n, uint32_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (is_alnum(cp[i]))
            out[k++] = cp[i];
    return k;
}

/* Looked up: the whole password; when it has letters, each piece that keeps
 * its letters whole and drops only some of the digits, symbols and spaces
 * around them ("2026 trustno1 !!!" holds "trustno1"); and the letters and
 * digits of the whole and of its letter core ("pass word" is "password"). */
static int blocklisted(const dk_auth_folded *pw)
{
    if (dk_auth_blocklist_has_cp(pw->cp, pw->n))
        return 1;
    size_t a = 0, b = pw->n;
    while (a < b && !is_letter(pw->cp[a]))
        a++;
    while (b > a && !is_letter(pw->cp[b - 1]))
        b--;
    int found = 0;
    for (size_t i = 0; a < b && i <= a && !found; i++)
        for (size_t j = b; j <= pw->n && !found; j++)
            found = j - i >= MIN_PIECE && dk_auth_blocklist_has_cp(pw->cp + i, j - i);
    uint32_t *tmp = malloc((pw->n ? pw->n : 1) * sizeof *tmp);
    if (!tmp)
        return found;
    size_t k = compact(pw->cp, pw->n, tmp);
    found = found || (k >= MIN_PIECE && dk_auth_blocklist_has_cp(tmp, k));
    k = compact(pw->cp + a, b - a, tmp);
    found = found || (k >= MIN_PIECE && dk_auth_blocklist_has_cp(tmp, k));
    OPENSSL_cleanse(tmp, pw->n * sizeof *tmp);
    free(tmp);
    return found;
}

/* ---- the user's own words --------------------------------------------- */

/* 1 when needle[0..m) occurs in hay[0..n). */
static int contains(const uint32_t *hay, size_t n, const uint32_t *needle, size_t m)
{
    for (size_t i = 0; m > 0 && i + m <= n; i++)
        if (memcmp(hay + i, needle, m * sizeof *needle) == 0)
            return 1;
    return 0;
}

/* 1 when one context string's pieces (or all of them run together) are in
 * the password (pw, and its letters and digits pw_compact). */
static int context_hit(const char *word, const dk_auth_folded *pw, const uint32_t *pw_compact,
                       size_t pw_compact_n)
{
    size_t n = strlen(word);
    const char *at = memrchr(word, '@', n);
    if (at)
        n = (size_t)(at - word);
    if (n == 0 || n > 4 * DK_AUTH_PASSWORD_MAX_BYTES || !dk_utf8_valid(word, n) ||
        memchr(word, '\0', n))
        return 0;
    dk_auth_folded w;
    if (dk_auth_fold(word, n, &w) != 0)
        return 0;
    int hit = 0;
    for (size_t i = 0; i < w.n && !hit;) {
        if (!is_alnum(w.cp[i])) {
            i++;
            continue;
        }
        size_t j = i;
        while (j < w.n && is_alnum(w.cp[j]))
            j++;
        hit = j - i >= MIN_PIECE && contains(pw->cp, pw->n, w.cp + i, j - i);
        i = j;
    }
    if (!hit) {
        size_t k = compact(w.cp, w.n, w.cp); /* in place: k <= i always */
        hit = k >= MIN_PIECE && contains(pw_compact, pw_compact_n, w.cp, k);
    }
    dk_auth_fold_free(&w);
    return hit;
}

static int contains_context(const dk_auth_folded *pw, const char *const *context)
{
    if (!context || pw->n == 0)
        return 0;
    uint32_t *pc = malloc(pw->n * sizeof *pc);
    if (!pc)
        return 0;
    size_t pcn = compact(pw->cp, pw->n, pc);
    int hit = 0;
    for (size_t i = 0; context[i] && !hit; i++)
        hit = context_hit(context[i], pw, pc, pcn);
    OPENSSL_cleanse(pc, pw->n * sizeof *pc);
    free(pc);
    return hit;
}

/* ---- repetition and runs ---------------------------------------------- */

/* Rows and columns along which neighbouring keys make a run: the alphabet,
 * the digits (9 wraps to 0), the keyboards Belgians and their neighbours
 * type on (QWERTY, Belgian AZERTY, QWERTZ: rows unshifted and shifted,
 * columns), and the number pad. Folded like the password on first use. */
static const char *const run_texts[] = {
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
    /* QWERTY */
    "`1234567890-=",
    "~!@#$%^&*()_+",
    "qwertyuiop[]\\",
    "asdfghjkl;'",
    "zxcvbnm,./",
    "1qaz",
    "2wsx",
    "3edc",
    "4rfv",
    "5tgb",
    "6yhn",
    "7ujm",
    "8ik,",
    "9ol.",
    "0p;/",
    /* Belgian AZERTY */
    "²&é\"'(§è!çà)-",
    "azertyuiop^$",
    "qsdfghjklmùµ",
    "<wxcvbn,;:=",
    "1aqw",
    "2zsx",
    "7uj,",
    "8ik;",
    "9ol:",
    "0pm=",
    /* QWERTZ */
    "qwertzuiopü",
    "asdfghjklöä",
    "yxcvbnm,.-",
    "1qay",
    "6zhn",
    "0pö-",
    /* the number pad */
    "789",
    "456",
    "123",
    "741",
    "852",
    "963",
    "0.",
};
#define RUN_COUNT (sizeof run_texts / sizeof run_texts[0])

static dk_auth_folded runs[RUN_COUNT];
static pthread_once_t runs_once = PTHREAD_ONCE_INIT;

static void runs_fold(void)
{
    for (size_t i = 0; i < RUN_COUNT; i++)
        if (dk_auth_fold(run_texts[i], strlen(run_texts[i]), &runs[i]) != 0)
            runs[i].n = 0; /* out of memory at start-up: that run is not looked for */
}

/* 1 when a and b are equal or neighbours along a run (either direction). */
static int run_pair(uint32_t a, uint32_t b)
{
    if (a == b)
        return 1;
    for (size_t r = 0; r < RUN_COUNT; r++)
        for (size_t i = 0; i + 1 < runs[r].n; i++)
            if ((runs[r].cp[i] == a && runs[r].cp[i + 1] == b) ||
                (runs[r].cp[i] == b && runs[r].cp[i + 1] == a))
                return 1;
    return 0;
}

static int repetitive(const dk_auth_folded *pw)
{
    const uint32_t *s = pw->cp;
    size_t n = pw->n;
    for (size_t p = 1; p <= n / 2; p++) {
        size_t i = 0;
        while (i + p < n && s[i] == s[i + p])
            i++;
        if (i + p == n)
            return 1;
    }
    if (n < 3)
        return 0;
    pthread_once(&runs_once, runs_fold);
    size_t in_run = 0;
    for (size_t i = 0; i + 1 < n; i++)
        in_run += (size_t)run_pair(s[i], s[i + 1]);
    return 4 * in_run >= 3 * (n - 1);
}

/* ---- the check -------------------------------------------------------- */

dk_auth_pw_reason dk_auth_password_check(const char *password, int min_chars,
                                         const char *const *context)
{
    if (!password)
        return DK_AUTH_PW_NOT_TEXT;
    size_t n = strlen(password);
    if (n > DK_AUTH_PASSWORD_MAX_BYTES)
        return DK_AUTH_PW_TOO_LONG;
    if (!dk_utf8_valid(password, n) || dk_utf8_has_control(password))
        return DK_AUTH_PW_NOT_TEXT;
    size_t normlen = 0;
    char *norm = dk_auth_nfkc(password, n, &normlen);
    if (!norm)
        return DK_AUTH_PW_NOT_TEXT; /* out of memory: refuse rather than pass */
    size_t chars = dk_utf8_count(norm);
    int has_control = dk_utf8_has_control(norm);
    if (min_chars < 1)
        min_chars = 1;
    if (min_chars > DK_AUTH_PASSWORD_MAX_CHARS)
        min_chars = DK_AUTH_PASSWORD_MAX_CHARS;
    dk_auth_pw_reason r = DK_AUTH_PW_OK;
    dk_auth_folded pw = {NULL, 0};
    if (has_control)
        r = DK_AUTH_PW_NOT_TEXT;
    else if (normlen > DK_AUTH_PASSWORD_MAX_BYTES || chars > DK_AUTH_PASSWORD_MAX_CHARS)
        r = DK_AUTH_PW_TOO_LONG;
    else if (chars < (size_t)min_chars)
        r = DK_AUTH_PW_TOO_SHORT;
    else if (dk_auth_fold(norm, normlen, &pw) != 0)
        r = DK_AUTH_PW_NOT_TEXT;
    else if (blocklisted(&pw))
        r = DK_AUTH_PW_BLOCKLISTED;
    else if (contains_context(&pw, context))
        r = DK_AUTH_PW_CONTAINS_CONTEXT;
    else if (repetitive(&pw))
        r = DK_AUTH_PW_REPETITIVE;
    dk_auth_fold_free(&pw);
    dk_auth_free_secret(norm);
    return r;
}
