/* SPDX-License-Identifier: EUPL-1.2 */
/* test_deadletter.c — what a dead letter shows (store/dk_deadletter.h): no
 * secret, no personal value in clear, no e-mail address, what was sealed
 * left sealed, an original with nothing to hide kept byte for byte; a
 * dead-letter message read back from the topic, and refused when it is not
 * one; the --since argument; hostile bytes never crash either. */
#include "dk_test.h"
#include "store/dk_deadletter.h"

#include <stdlib.h>
#include <string.h>

static void masks(const char *in, size_t cap, const char *want, int count)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", in);
    CHECK_INT(dk_deadletter_mask_emails(buf, cap), count);
    CHECK_STR(buf, want);
}

static void test_mask_emails(void)
{
    masks("mail to a.b+c@example.be.", 512, "mail to [redacted].", 1);
    masks("x@y.z", 512, "[redacted]", 1);
    masks("two: an@ex.be,bo@ex.be", 512, "two: [redacted],[redacted]", 2);
    masks("josé@exämple.be refused", 512, "[redacted] refused", 1);
    masks("O'Neil@example.co.uk", 512, "[redacted]", 1);
    /* Not addresses: nothing before the @, no dot after it, a dot first. */
    masks("@example.be", 512, "@example.be", 0);
    masks("root@localhost", 512, "root@localhost", 0);
    masks("a@.be", 512, "a@.be", 0);
    masks("a @ b.c and @@", 512, "a @ b.c and @@", 0);
    masks("", 512, "", 0);
    /* No room for the mask: the text ends before the address. */
    masks("to a@b.c", 9, "to ", 1);
    masks("to a@b.c", 14, "to [redacted]", 1);
}

static void redacts(const char *in, const char *want, int count)
{
    int n = -1;
    char *out = dk_deadletter_redact(in, strlen(in), &n);
    CHECK_STR(out, want);
    CHECK_INT(n, count);
    free(out);
}

static void test_redact(void)
{
    /* A producer that did not seal: its personal fields in clear go, its
     * secrets go, an address inside another value goes; ids stay. */
    redacts("{\"id\":\"7f01f5f8-5342-4092-ad3e-550e8d64c670\",\"type\":\"mail.requested\","
            "\"data\":{\"to\":\"quirina@example.be\",\"dedupe_key\":\"k:1\",\"vars\":{"
            "\"first_names\":\"Quirina\",\"code\":\"1234-5678\",\"note\":\"ask q@ex.be\"}}}",
            "{\"id\":\"7f01f5f8-5342-4092-ad3e-550e8d64c670\",\"type\":\"mail.requested\","
            "\"data\":{\"to\":\"[redacted]\",\"dedupe_key\":\"k:1\",\"vars\":{\"first_names\":"
            "\"[redacted]\",\"code\":\"[redacted]\",\"note\":\"ask [redacted]\"}}}",
            4);
    /* An application in clear: every personal field. */
    redacts("{\"type\":\"application.submitted\",\"data\":{\"last_name\":\"Zeta\",\"insz\":"
            "\"79022812345\",\"language\":\"fr\"}}",
            "{\"type\":\"application.submitted\",\"data\":{\"last_name\":\"[redacted]\",\"insz\":"
            "\"[redacted]\",\"language\":\"fr\"}}",
            2);
    /* Sealed stays sealed, and nothing to hide keeps the bytes as they were. */
    const char *sealed = "{ \"type\": \"mail.requested\", \"data\": {\"personal\": {\"alg\":"
                         "\"A256GCM\",\"kid\":\"00ff\",\"iv\":\"aXY=\",\"ct\":\"Y3Q=\",\"tag\":"
                         "\"dGFn\"}, \"template\": \"proposal\"} }";
    redacts(sealed, sealed, 0);
    redacts("not json, for x@y.be", "not json, for [redacted]", 1);
    redacts("not json at all", "not json at all", 0);
    redacts("{\"a\":[\"p@q.be\",{\"b\":\"r@s.be\"}]}",
            "{\"a\":[\"[redacted]\",{\"b\":\"[redacted]\"}]}", 2);
    int n = 5;
    CHECK(dk_deadletter_redact("\xff\xfe", 2, &n) == NULL);
    CHECK_INT(n, 0);
    CHECK(dk_deadletter_redact("a\0b", 3, &n) == NULL);
    /* Counted once: masks already there are not counted again. */
    redacts("{\"type\":\"mail.requested\",\"data\":{\"vars\":{\"security_code\":"
            "\"[redacted]\",\"note\":\"n@o.be\"}}}",
            "{\"type\":\"mail.requested\",\"data\":{\"vars\":{\"security_code\":"
            "\"[redacted]\",\"note\":\"[redacted]\"}}}",
            1);
    /* Redacting twice changes nothing more. */
    redacts("{\"data\":{\"to\":\"[redacted]\"},\"type\":\"mail.requested\"}",
            "{\"data\":{\"to\":\"[redacted]\"},\"type\":\"mail.requested\"}", 0);
}

static const char *const LETTER =
    "{\"id\":\"11111111-2222-4333-8444-555555555555\",\"type\":\"deadletter\",\"version\":1,"
    "\"time\":\"2026-12-02T10:00:00Z\",\"application_id\":\"7f01f5f8-5342-4092-ad3e-550e8d64c670\","
    "\"data\":{\"reason\":\"permanent SMTP failure: 550 <lea@example.be> no such user\","
    "\"group\":\"dk-mailer\",\"service\":\"mailer\",\"source\":{\"topic\":\"dk.mail.jobs\","
    "\"partition\":3,\"offset\":42,\"key\":\"7f01f5f8-5342-4092-ad3e-550e8d64c670\","
    "\"message_id\":\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\"},"
    "\"original\":\"{\\\"type\\\":\\\"mail.requested\\\",\\\"data\\\":{\\\"to\\\":"
    "\\\"lea@example.be\\\",\\\"code\\\":\\\"[redacted]\\\"}}\",\"redacted\":1}}";

static void test_parse(void)
{
    dk_deadletter d;
    char err[256];
    CHECK_INT(dk_deadletter_parse(LETTER, strlen(LETTER), &d, err, sizeof err), 0);
    CHECK_STR(d.id, "11111111-2222-4333-8444-555555555555");
    CHECK_STR(d.message_id, "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
    CHECK_STR(d.group, "dk-mailer");
    CHECK_STR(d.topic, "dk.mail.jobs");
    CHECK_INT(d.partition, 3);
    CHECK_INT(d.offset, 42);
    CHECK_STR(d.at, "2026-12-02T10:00:00Z");
    /* A letter of before: the address in its reason and original goes now. */
    CHECK_STR(d.reason, "permanent SMTP failure: 550 <[redacted]> no such user");
    CHECK(strstr(d.original, "lea@") == NULL);
    CHECK_INT(d.redacted, 2);
    CHECK_INT(d.replayable, 0);
    json_t *j = dk_deadletter_json(&d);
    char *text = json_dumps(j, JSON_COMPACT);
    CHECK(text && strstr(text, "\"replayed_at\":null") && strstr(text, "\"replayable\":false"));
    CHECK(text && strstr(text, "\"application_id\":\"7f01f5f8-5342-4092-ad3e-550e8d64c670\""));
    CHECK(text && !strstr(text, "example.be"));
    free(text);
    json_decref(j);
    dk_deadletter_clear(&d);

    /* Not dead letters. */
    const char *bad[] = {
        "",
        "null",
        "{}",
        "{\"id\":\"x\",\"type\":\"deadletter\"}",
        "{\"id\":\"11111111-2222-4333-8444-555555555555\",\"type\":\"mail.requested\",\"version\""
        ":1,\"time\":\"t\",\"application_id\":\"7f01f5f8-5342-4092-ad3e-550e8d64c670\",\"data\":"
        "{\"reason\":\"r\",\"group\":\"g\",\"service\":\"s\",\"source\":{\"topic\":\"t\","
        "\"partition\":0,\"offset\":0,\"key\":\"\",\"message_id\":"
        "\"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\"},\"original\":\"o\"}}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT(dk_deadletter_parse(bad[i], strlen(bad[i]), &d, err, sizeof err), -1);
        CHECK(d.group == NULL && d.original == NULL);
        dk_deadletter_clear(&d);
    }
    /* Each field changed to something wrong. */
    const char *swaps[][2] = {
        {"\"version\":1", "\"version\":2"},         {"\"partition\":3", "\"partition\":-1"},
        {"\"partition\":3", "\"partition\":\"3\""}, {"aaaaaaaa-bbbb", "not-a-uuid-bbbb"},
        {"\"redacted\":1", "\"redacted\":-4"},      {"\"group\":\"dk-mailer\",", ""},
    };
    for (size_t i = 0; i < sizeof swaps / sizeof swaps[0]; i++) {
        char buf[2048];
        const char *at = strstr(LETTER, swaps[i][0]);
        CHECK(at != NULL);
        if (!at)
            continue;
        snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - LETTER), LETTER, swaps[i][1],
                 at + strlen(swaps[i][0]));
        CHECK_INT(dk_deadletter_parse(buf, strlen(buf), &d, err, sizeof err), -1);
        dk_deadletter_clear(&d);
    }
    /* Every truncation of a good letter is refused. */
    for (size_t len = 0; len < strlen(LETTER); len++) {
        CHECK_INT(dk_deadletter_parse(LETTER, len, &d, err, sizeof err), -1);
        dk_deadletter_clear(&d);
    }
}

static void since(const char *text, int ok, long long at, long long back)
{
    int64_t a = -1, b = -1;
    CHECK_INT(dk_deadletter_since_parse(text, &a, &b), ok ? 0 : -1);
    if (ok) {
        CHECK_INT(a, at);
        CHECK_INT(b, back);
    }
}

static void test_since(void)
{
    since("2026-12-02T10:00:00Z", 1, 1796205600000LL, 0);
    since("2026-12-02T11:00:00+01:00", 1, 1796205600000LL, 0);
    since("90s", 1, 0, 90);
    since("30m", 1, 0, 1800);
    since("12h", 1, 0, 43200);
    since("7d", 1, 0, 604800);
    since("3650d", 1, 0, 3650LL * 86400);
    const char *bad[] = {"",
                         "3651d",
                         "0m",
                         "05m",
                         "m",
                         "10",
                         "10x",
                         "-5m",
                         "1.5h",
                         "1e3s",
                         "99999999d",
                         "2026-12-02",
                         "yesterday",
                         " 5m",
                         "5m ",
                         "5M",
                         "2026-13-02T10:00:00Z"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        since(bad[i], 0, 0, 0);
    CHECK_INT(dk_deadletter_since_parse(NULL, &(int64_t){0}, &(int64_t){0}), -1);
}

/* Random bytes and random cuts of a real letter: no crash, no leak. */
static void test_hostile(void)
{
    char buf[600], err[256];
    for (int round = 0; round < 3000; round++) {
        size_t len = (size_t)dk_test_rnd((int)sizeof buf);
        if (round % 2) {
            memcpy(buf, LETTER, len < strlen(LETTER) ? len : strlen(LETTER));
            for (int k = 0; k < 4; k++)
                buf[dk_test_rnd((int)len + 1) % (len ? len : 1)] = (char)dk_test_rnd(256);
        } else {
            for (size_t i = 0; i < len; i++)
                buf[i] = (char)dk_test_rnd(256);
        }
        dk_deadletter d;
        if (dk_deadletter_parse(buf, len, &d, err, sizeof err) == 0) {
            CHECK(d.original != NULL && d.reason != NULL);
        }
        dk_deadletter_clear(&d);
        int n;
        free(dk_deadletter_redact(buf, len, &n));
        char text[sizeof buf + 1];
        memcpy(text, buf, len);
        text[len] = '\0';
        dk_deadletter_mask_emails(text, len + 1);
    }
}

int main(void)
{
    setenv("DK_MESSAGE_KEY", "unit-test-message-key", 1);
    dk_test_rng_state = 0x5eed0014u;
    test_mask_emails();
    test_redact();
    test_parse();
    test_since();
    test_hostile();
    DK_TEST_DONE();
}
