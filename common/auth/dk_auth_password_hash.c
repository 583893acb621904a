/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_password_hash.c — storing and verifying passwords with Argon2id
 * (libargon2), after NFKC, with a process-wide bound on how many 64 MiB
 * hashes run at once. */
#include "auth/dk_auth_password.h"

#include "core/dk_crypto.h"
#include "core/dk_err.h"
#include "core/dk_utf8.h"

#include <argon2.h>
#include <openssl/crypto.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uninorm.h>

/* Bounds on a stored string's parameters: what verify will spend at most. */
#define STORED_M_MAX (1024u * 1024u) /* KiB: 1 GiB */
#define STORED_T_MAX 16u
#define STORED_P_MAX 8u

/* ---- NFKC ------------------------------------------------------------- */

char *dk_auth_nfkc(const char *s, size_t n, size_t *outlen)
{
    if (!s || memchr(s, '\0', n) || !dk_utf8_valid(s, n))
        return NULL;
    size_t len = 0;
    uint8_t *norm = NULL;
    if (n > 0) {
        norm = u8_normalize(UNINORM_NFKC, (const uint8_t *)s, n, NULL, &len);
        if (!norm)
            return NULL;
    }
    char *out = malloc(len + 1);
    if (out) {
        if (len)
            memcpy(out, norm, len);
        out[len] = '\0';
        if (outlen)
            *outlen = len;
    }
    if (norm) {
        OPENSSL_cleanse(norm, len);
        free(norm);
    }
    return out;
}

void dk_auth_free_secret(char *p)
{
    if (!p)
        return;
    OPENSSL_cleanse(p, strlen(p));
    free(p);
}

/* ---- at most `limit` hashes at once ----------------------------------- */

static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slots_free = PTHREAD_COND_INITIALIZER;
static int slots_limit = 2, slots_busy;

void dk_auth_password_set_concurrency(int n)
{
    pthread_mutex_lock(&slots_lock);
    slots_limit = n < 1 ? 1 : n;
    pthread_cond_broadcast(&slots_free);
    pthread_mutex_unlock(&slots_lock);
}

int dk_auth_password_concurrency(void)
{
    pthread_mutex_lock(&slots_lock);
    int n = slots_limit;
    pthread_mutex_unlock(&slots_lock);
    return n;
}

static void slot_take(void)
{
    pthread_mutex_lock(&slots_lock);
    while (slots_busy >= slots_limit)
        pthread_cond_wait(&slots_free, &slots_lock);
    slots_busy++;
    pthread_mutex_unlock(&slots_lock);
}

static void slot_give(void)
{
    pthread_mutex_lock(&slots_lock);
    slots_busy--;
    pthread_cond_signal(&slots_free);
    pthread_mutex_unlock(&slots_lock);
}

/* ---- the PHC string --------------------------------------------------- */

typedef struct {
    unsigned v, m, t, p;
    size_t salt_chars, tag_chars; /* unpadded base64 */
} phc;

/* An unsigned decimal (no sign, no leading zero but "0", < 2^32) at *s. */
static int read_number(const char **s, unsigned *out)
{
    const char *c = *s;
    uint64_t v = 0;
    if (*c < '0' || *c > '9' || (*c == '0' && c[1] >= '0' && c[1] <= '9'))
        return -1;
    for (; *c >= '0' && *c <= '9'; c++) {
        v = v * 10 + (uint64_t)(*c - '0');
        if (v > UINT32_MAX)
            return -1;
    }
    *out = (unsigned)v;
    *s = c;
    return 0;
}

static int read_literal(const char **s, const char *lit)
{
    size_t n = strlen(lit);
    if (strncmp(*s, lit, n) != 0)
        return -1;
    *s += n;
    return 0;
}

/* The length of a run of base64 symbols (RFC 4648 §4, no padding) at *s. */
static size_t read_b64(const char **s)
{
    const char *c = *s;
    while ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
           *c == '+' || *c == '/')
        c++;
    size_t n = (size_t)(c - *s);
    *s = c;
    return n;
}

/* Parses "$argon2id$v=V$m=M,t=T,p=P$SALT$TAG"; 0, or -1 when it is not one. */
static int phc_parse(const char *s, phc *out)
{
    if (!s || strlen(s) > 512)
        return -1;
    if (read_literal(&s, "$argon2id$v=") || read_number(&s, &out->v) || read_literal(&s, "$m=") ||
        read_number(&s, &out->m) || read_literal(&s, ",t=") || read_number(&s, &out->t) ||
        read_literal(&s, ",p=") || read_number(&s, &out->p) || read_literal(&s, "$"))
        return -1;
    out->salt_chars = read_b64(&s);
    if (read_literal(&s, "$"))
        return -1;
    out->tag_chars = read_b64(&s);
    return *s == '\0' && out->salt_chars > 0 && out->tag_chars > 0 ? 0 : -1;
}

/* Unpadded base64 length of n bytes. */
static size_t b64_chars(size_t n)
{
    return (n * 4 + 2) / 3;
}

int dk_auth_password_needs_rehash(const char *stored)
{
    phc h;
    if (phc_parse(stored, &h) != 0)
        return 1;
    return !(h.v == ARGON2_VERSION_13 && h.m == DK_AUTH_ARGON2_M_KIB && h.t == DK_AUTH_ARGON2_T &&
             h.p == DK_AUTH_ARGON2_P && h.salt_chars == b64_chars(DK_AUTH_ARGON2_SALT_BYTES) &&
             h.tag_chars == b64_chars(DK_AUTH_ARGON2_TAG_BYTES));
}

/* ---- hash and verify -------------------------------------------------- */

int dk_auth_password_hash(const char *password, char out[DK_AUTH_PASSWORD_HASH_MAX], char *err,
                          size_t errlen)
{
    out[0] = '\0';
    size_t n = password ? strlen(password) : 0;
    if (!password || n > DK_AUTH_PASSWORD_MAX_BYTES) {
        dk_errf(err, errlen, "password missing or longer than %d bytes",
                DK_AUTH_PASSWORD_MAX_BYTES);
        return -1;
    }
    size_t normlen = 0;
    char *norm = dk_auth_nfkc(password, n, &normlen);
    if (!norm) {
        dk_errf(err, errlen, "password is not valid UTF-8 text (or out of memory)");
        return -1;
    }
    unsigned char salt[DK_AUTH_ARGON2_SALT_BYTES];
    if (dk_random_bytes(salt, sizeof salt) != 0) {
        dk_auth_free_secret(norm);
        dk_errf(err, errlen, "the CSPRNG failed");
        return -1;
    }
    slot_take();
    int rc = argon2id_hash_encoded(DK_AUTH_ARGON2_T, DK_AUTH_ARGON2_M_KIB, DK_AUTH_ARGON2_P, norm,
                                   normlen, salt, sizeof salt, DK_AUTH_ARGON2_TAG_BYTES, out,
                                   DK_AUTH_PASSWORD_HASH_MAX);
    slot_give();
    dk_auth_free_secret(norm);
    if (rc != ARGON2_OK) {
        out[0] = '\0';
        dk_errf(err, errlen, "argon2id: %s", argon2_error_message(rc));
        return -1;
    }
    return 0;
}

/* A hash of today's parameters (zero salt, zero tag) that no password
 * matches in practice: the work done for an account that does not exist. */
#define STR_(x) #x
#define STR(x) STR_(x)
_Static_assert(DK_AUTH_ARGON2_SALT_BYTES == 16 && DK_AUTH_ARGON2_TAG_BYTES == 32,
               "the dummy hash spells a 16-byte salt and a 32-byte tag");
static const char dummy_hash[] =
    "$argon2id$v=19$m=" STR(DK_AUTH_ARGON2_M_KIB) ",t=" STR(DK_AUTH_ARGON2_T) ",p=" STR(
        DK_AUTH_ARGON2_P) "$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

int dk_auth_password_verify(const char *stored, const char *password)
{
    int exists = stored != NULL;
    const char *against = exists ? stored : dummy_hash;
    phc h;
    if (phc_parse(against, &h) != 0 || h.v != ARGON2_VERSION_13 || h.m > STORED_M_MAX ||
        h.t > STORED_T_MAX || h.p > STORED_P_MAX)
        return -1;
    size_t n = password ? strlen(password) : 0;
    if (!password || n > DK_AUTH_PASSWORD_MAX_BYTES)
        return 0;
    size_t normlen = 0;
    char *norm = dk_auth_nfkc(password, n, &normlen);
    if (!norm)
        return 0;
    slot_take();
    int rc = argon2id_verify(against, norm, normlen);
    slot_give();
    dk_auth_free_secret(norm);
    if (rc == ARGON2_OK)
        return exists;
    return rc == ARGON2_VERIFY_MISMATCH ? 0 : -1;
}
