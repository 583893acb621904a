/* SPDX-License-Identifier: EUPL-1.2 */
/* test_front_door.c — the checks at the edges: CSRF tokens, the per-address
 * rate limit, configuration bounds, and message envelopes that are malformed,
 * oversized or hostile. */
#include "core/dk_config.h"
#include "core/dk_crypto.h"
#include "dk_test.h"
#include "store/dk_envelope.h"
#include "web/dk_csrf.h"
#include "web/dk_ratelimit.h"

#include <ctype.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>

/* HMAC-SHA256 written out here, so the binding is checked against the
 * documented formula and not against the code under test. */
static void hmac_hex(const char *key, const char *msg, char out[65])
{
    unsigned char md[32];
    unsigned int n = 0;
    HMAC(EVP_sha256(), key, (int)strlen(key), (const unsigned char *)msg, strlen(msg), md, &n);
    for (int i = 0; i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static void csrf(void)
{
    char c1[65], f1[65], c2[65], f2[65];
    CHECK_INT(dk_csrf_issue("k1", c1, f1), 0);
    CHECK_INT(dk_csrf_issue("k1", c2, f2), 0);
    CHECK_INT(strlen(c1), 64);
    CHECK_INT(strlen(f1), 64);
    CHECK(strcmp(c1, c2) != 0);
    CHECK(strcmp(c1, f1) != 0); /* the field does not repeat the cookie */
    /* The field is bound to its cookie: HMAC(key, "csrf-form:" cookie). */
    char msg[128], want[65];
    snprintf(msg, sizeof msg, "csrf-form:%s", c1);
    hmac_hex("k1", msg, want);
    CHECK_STR(f1, want);
    CHECK(dk_csrf_valid("k1", c1, f1));
    CHECK(dk_csrf_valid("k1", c2, f2));
    CHECK(!dk_csrf_valid("k2", c1, f1)); /* another key */
    CHECK(!dk_csrf_valid("k1", c1, f2)); /* a field of another cookie */
    CHECK(!dk_csrf_valid("k1", c2, f1));
    CHECK(!dk_csrf_valid("k1", c1, c1)); /* the old double submit: cookie == field */
    CHECK(!dk_csrf_valid("k1", NULL, f1));
    CHECK(!dk_csrf_valid("k1", c1, NULL));
    CHECK(!dk_csrf_valid("k1", "", ""));
    char upper[65];
    for (int i = 0; i < 65; i++)
        upper[i] = (char)toupper((unsigned char)c1[i]);
    CHECK(strcmp(upper, c1) == 0 || !dk_csrf_valid("k1", upper, f1));
    char longer[80];
    snprintf(longer, sizeof longer, "%s00", c1);
    CHECK(!dk_csrf_valid("k1", longer, f1));
    /* An all-zero cookie (what a failed CSPRNG leaves) is never valid, even
     * with the field computed for it. */
    char zero[65];
    memset(zero, '0', 64);
    zero[64] = '\0';
    snprintf(msg, sizeof msg, "csrf-form:%s", zero);
    hmac_hex("k1", msg, want);
    CHECK(!dk_csrf_valid("k1", zero, want));
    /* The old token shape is refused. */
    char old[128];
    snprintf(old, sizeof old, "%032d.%064d", 0, 0);
    CHECK(!dk_csrf_valid("k1", old, old));

    /* With a session: HMAC(key, "csrf-session:" SHA-256(session)). */
    const char *s1 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    const char *s2 = "1123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    char t1[65], t2[65], hash[65];
    dk_csrf_for_session("k1", s1, t1);
    dk_csrf_for_session("k1", s2, t2);
    dk_sha256_hex(s1, strlen(s1), hash);
    snprintf(msg, sizeof msg, "csrf-session:%s", hash);
    hmac_hex("k1", msg, want);
    CHECK_STR(t1, want);
    CHECK(strcmp(t1, t2) != 0);
    CHECK(dk_csrf_session_valid("k1", s1, t1));
    CHECK(!dk_csrf_session_valid("k1", s2, t1)); /* one session's field with another session */
    CHECK(!dk_csrf_session_valid("k2", s1, t1));
    CHECK(!dk_csrf_session_valid("k1", NULL, t1));
    CHECK(!dk_csrf_session_valid("k1", "", t1));
    CHECK(!dk_csrf_session_valid("k1", s1, NULL));
    CHECK(!dk_csrf_session_valid("k1", s1, ""));
    /* A form field is not a session field, and the other way round. */
    CHECK(!dk_csrf_session_valid("k1", c1, f1));
    dk_csrf_for_session("k1", c1, t2);
    CHECK(!dk_csrf_valid("k1", c1, t2));
}

static void ratelimit(void)
{
    dk_ratelimit *rl = dk_ratelimit_new(60);
    int wait = 0, ok = 0;
    for (int i = 0; i < 60; i++)
        ok += dk_ratelimit_take(rl, "192.0.2.1", &wait);
    CHECK_INT(ok, 60);
    CHECK_INT(dk_ratelimit_take(rl, "192.0.2.1", &wait), 0);
    CHECK(wait >= 1 && wait <= 2);
    CHECK_INT(dk_ratelimit_take(rl, "192.0.2.2", &wait), 1); /* another address */
    /* Many addresses: memory stays bounded and nothing crashes; a flood of
     * new addresses evicts old ones rather than growing. */
    char addr[64];
    for (int i = 0; i < 100000; i++) {
        snprintf(addr, sizeof addr, "10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255);
        dk_ratelimit_take(rl, addr, &wait);
    }
    dk_ratelimit_free(rl);
    dk_ratelimit *off = dk_ratelimit_new(0);
    for (int i = 0; i < 1000; i++)
        CHECK_INT(dk_ratelimit_take(off, "192.0.2.1", &wait), 1);
    dk_ratelimit_free(off);
}

static void config(void)
{
    char err[256];
    unsetenv("DK_BATCH_MAX");
    CHECK_INT(dk_config_int("DK_BATCH_MAX"), 500);
    setenv("DK_BATCH_MAX", "20", 1);
    CHECK_INT(dk_config_check(err, sizeof err), 0);
    CHECK_INT(dk_config_int("DK_BATCH_MAX"), 20);
    setenv("DK_BATCH_MAX", "0", 1);
    CHECK_INT(dk_config_check(err, sizeof err), -1);
    CHECK(strstr(err, "DK_BATCH_MAX") && strstr(err, "out of range"));
    setenv("DK_BATCH_MAX", "12abc", 1);
    CHECK_INT(dk_config_check(err, sizeof err), -1);
    CHECK(strstr(err, "not a whole number") != NULL);
    CHECK_INT(dk_config_int("DK_BATCH_MAX"), 500); /* invalid → default */
    unsetenv("DK_BATCH_MAX");
    CHECK_STR(dk_config_str("DK_OFFICE_HOURS"), "09:00-17:00");
    CHECK(dk_config_secret_is_default("DK_CODE_KEY"));
    setenv("DK_CODE_KEY", "a real secret", 1);
    CHECK(!dk_config_secret_is_default("DK_CODE_KEY"));
    unsetenv("DK_CODE_KEY");
    /* Every entry is well formed: a name, a description, integer bounds. */
    for (const dk_cfg_entry *e = dk_cfg_table; e->name; e++) {
        CHECK(strncmp(e->name, "DK_", 3) == 0);
        CHECK(e->description && e->description[0]);
        if (e->type == DK_CFG_INT) {
            long d = strtol(e->def, NULL, 10);
            CHECK(d >= e->min && d <= e->max);
        }
    }
}

static void envelopes(void)
{
    char err[256];
    dk_envelope env;
    json_t *made = dk_envelope_new("application.submitted", 1,
                                   "7f01f5f8-5342-4092-ad3e-550e8d64c670", json_object(), NULL);
    char *text = dk_json_text(made);
    CHECK_INT(dk_envelope_parse(text, strlen(text), &env, err, sizeof err), 0);
    CHECK_STR(env.type, "application.submitted");
    CHECK_STR(env.application_id, "7f01f5f8-5342-4092-ad3e-550e8d64c670");
    dk_envelope_free(&env);
    free(text);
    json_decref(made);

    static const char *const bad[] = {
        "",
        "{",
        "null",
        "[]",
        "\"x\"",
        "{\"id\":1}",
        "{\"id\":\"x\",\"type\":\"t\",\"version\":1,\"time\":\"2026-12-02T10:00:00Z\","
        "\"application_id\":\"7f01f5f8-5342-4092-ad3e-550e8d64c670\",\"data\":{}}",
        "{\"id\":\"7f01f5f8-5342-4092-ad3e-550e8d64c670\",\"type\":\"t\",\"version\":-1,"
        "\"time\":\"2026-12-02T10:00:00Z\",\"application_id\":\"7f01f5f8-5342-4092-ad3e-"
        "550e8d64c670\","
        "\"data\":{}}",
        "{\"id\":\"7f01f5f8-5342-4092-ad3e-550e8d64c670\",\"type\":\"t\",\"version\":1,"
        "\"time\":\"yesterday\",\"application_id\":\"7f01f5f8-5342-4092-ad3e-550e8d64c670\","
        "\"data\":{}}",
        "{\"id\":\"7f01f5f8-5342-4092-ad3e-550e8d64c670\",\"type\":\"t\",\"version\":1,"
        "\"time\":\"2026-12-02T10:00:00Z\",\"application_id\":\"7f01f5f8-5342-4092-ad3e-"
        "550e8d64c670\","
        "\"data\":[]}",
        "{\"id\":\"7f01f5f8-5342-4092-ad3e-550e8d64c670\",\"id\":\"7f01f5f8-5342-4092-ad3e-"
        "550e8d64c670\"}",
        NULL};
    for (int i = 0; bad[i]; i++) {
        CHECK_INT(dk_envelope_parse(bad[i], strlen(bad[i]), &env, err, sizeof err), -1);
        CHECK(err[0] != '\0');
    }
    /* Oversized: refused by length before parsing. */
    size_t big = 2u << 20;
    char *huge = malloc(big);
    memset(huge, '[', big);
    CHECK_INT(dk_envelope_parse(huge, big, &env, err, sizeof err), -1);
    CHECK(strstr(err, "exceeds") != NULL);
    /* Deeply nested: jansson's depth limit, not a stack overflow. */
    CHECK_INT(dk_envelope_parse(huge, 1u << 20, &env, err, sizeof err), -1);
    free(huge);
    /* Bytes that are not UTF-8. */
    CHECK_INT(dk_envelope_parse("{\"id\":\"\xff\"}", 10, &env, err, sizeof err), -1);
}

int main(void)
{
    csrf();
    ratelimit();
    config();
    envelopes();
    DK_TEST_DONE();
}
