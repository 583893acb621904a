/* SPDX-License-Identifier: EUPL-1.2 */
/* test_register_answer.c — the register adapter's judgement without a
 * network: the answer parser (hostile answers: huge, not JSON, wrong types,
 * unknown status, duplicate keys, another document — unavailable, never
 * clear; a "reported" always reported), the URL and TLS policy, the query's
 * checks and the number's keyed hash. */
#include "dk_test.h"
#include "register/dk_register.h"

#include <stdlib.h>

static dk_register_query q;

/* The status of body answered with 200 application/json. */
static dk_register_status judge(const char *body, dk_register_result *r)
{
    dk_register_parse_answer(200, "application/json", body, strlen(body), &q, r);
    return r->status;
}

static void never_clear(const char *body, const char *reason)
{
    dk_register_result r = {0};
    dk_register_status s = judge(body, &r);
    if (s != DK_REGISTER_UNAVAILABLE || strcmp(r.reason, reason) != 0)
        fprintf(stderr, "answer %.80s: %s/%s, want unavailable/%s\n", body,
                dk_register_status_name(s), r.reason, reason);
    CHECK_INT(s, DK_REGISTER_UNAVAILABLE);
    CHECK_STR(r.reason, reason);
    CHECK(r.detail[0] != '\0');
    CHECK(r.said == NULL);
    dk_register_result_clear(&r);
}

static void answers(void)
{
    dk_register_result r = {0};
    CHECK_INT(judge("{\"status\":\"clear\"}", &r), DK_REGISTER_CLEAR);
    CHECK_STR(r.reason, "");
    CHECK(json_is_object(r.said));
    CHECK_INT(judge("{\"status\":\"clear\",\"document_number\":\"B12345678\","
                    "\"issuing_state\":\"BEL\",\"reason\":null,\"extra\":[1,2]}",
                    &r),
              DK_REGISTER_CLEAR);
    CHECK_INT(judge(" \n{\"status\" : \"clear\"}\n", &r), DK_REGISTER_CLEAR);

    const char *reasons[] = {"stolen", "lost", "cancelled", "invalidated"};
    for (int i = 0; i < 4; i++) {
        char body[256];
        snprintf(body, sizeof body,
                 "{\"status\":\"reported\",\"reason\":\"%s\",\"since\":\"2026-11-30\","
                 "\"authority\":\"FOD Binnenlandse Zaken\"}",
                 reasons[i]);
        CHECK_INT(judge(body, &r), DK_REGISTER_REPORTED);
        CHECK_STR(r.reason, reasons[i]);
        CHECK_STR(r.since, "2026-11-30");
        CHECK_STR(r.authority, "FOD Binnenlandse Zaken");
        CHECK_STR(json_string_value(json_object_get(r.said, "reason")), reasons[i]);
    }
    /* Reported, however poor the rest: the interviewer must see it. */
    CHECK_INT(judge("{\"status\":\"reported\"}", &r), DK_REGISTER_REPORTED);
    CHECK_STR(r.reason, "unspecified");
    CHECK_INT(
        judge("{\"status\":\"reported\",\"reason\":\"confiscated\",\"since\":\"yesterday\"}", &r),
        DK_REGISTER_REPORTED);
    CHECK_STR(r.reason, "unspecified");
    CHECK_STR(r.since, "");
    CHECK_INT(judge("{\"status\":\"reported\",\"reason\":7,\"since\":\"2026-02-30\","
                    "\"authority\":\"a\\nb\"}",
                    &r),
              DK_REGISTER_REPORTED);
    CHECK_STR(r.reason, "unspecified");
    CHECK_STR(r.since, "");
    CHECK_STR(r.authority, "");
    dk_register_result_clear(&r);
    CHECK(r.said == NULL && r.status == DK_REGISTER_UNAVAILABLE);

    /* Not JSON, or not one JSON object. */
    never_clear("", "not_json");
    never_clear("clear", "not_json");
    never_clear("<html>clear</html>", "not_json");
    never_clear("{\"status\":\"clear\"", "not_json");
    never_clear("{\"status\":\"clear\"} {\"status\":\"clear\"}", "not_json");
    never_clear("{\"status\":\"clear\"}x", "not_json");
    never_clear("{'status':'clear'}", "not_json");
    never_clear("{\"status\":\"clear\",}", "not_json");
    never_clear("{\"status\":\"cl\\u0000ear\"}", "not_json");
    never_clear("{\"status\":\"\xc3\x28lear\"}", "not_json"); /* not UTF-8 */
    /* A duplicate key: which one would a proxy or the register mean? */
    never_clear("{\"status\":\"reported\",\"status\":\"clear\"}", "not_json");
    never_clear("[\"clear\"]", "bad_answer");
    never_clear("\"clear\"", "not_json"); /* a bare value is no answer */
    never_clear("null", "not_json");
    never_clear("true", "not_json");
    /* Wrong types, unknown or missing status. */
    never_clear("{}", "bad_answer");
    never_clear("{\"status\":true}", "bad_answer");
    never_clear("{\"status\":1}", "bad_answer");
    never_clear("{\"status\":null}", "bad_answer");
    never_clear("{\"status\":[\"clear\"]}", "bad_answer");
    never_clear("{\"status\":{\"clear\":true}}", "bad_answer");
    never_clear("{\"status\":\"CLEAR\"}", "bad_answer");
    never_clear("{\"status\":\"clear \"}", "bad_answer");
    never_clear("{\"status\":\"ok\"}", "bad_answer");
    never_clear("{\"status\":\"not_found\"}", "bad_answer");
    never_clear("{\"status\":\"unknown\"}", "bad_answer");
    never_clear("{\"Status\":\"clear\"}", "bad_answer");
    never_clear("{\"result\":{\"status\":\"clear\"}}", "bad_answer");
    /* Contradictions, and an answer about another document. */
    never_clear("{\"status\":\"clear\",\"reason\":\"stolen\"}", "bad_answer");
    never_clear("{\"status\":\"clear\",\"reason\":\"\"}", "bad_answer");
    never_clear("{\"status\":\"clear\",\"document_number\":\"B12345679\"}", "bad_answer");
    never_clear("{\"status\":\"clear\",\"document_number\":12345678}", "bad_answer");
    never_clear("{\"status\":\"clear\",\"issuing_state\":\"NLD\"}", "bad_answer");
    never_clear("{\"status\":\"reported\",\"reason\":\"stolen\",\"document_number\":\"X\"}",
                "bad_answer");

    /* Huge: one byte past the bound, whatever it holds. */
    size_t big = DK_REGISTER_ANSWER_MAX + 1;
    char *huge = malloc(big + 1);
    memset(huge, ' ', big);
    memcpy(huge, "{\"status\":\"clear\"}", 18);
    huge[big] = '\0';
    never_clear(huge, "too_large");
    /* At the bound, padding is fine. */
    huge[big - 1] = '\0';
    CHECK_INT(judge(huge, &r), DK_REGISTER_CLEAR);
    dk_register_result_clear(&r);
    free(huge);
    /* Deep nesting within the bound. */
    char deep[4200] = "{\"status\":\"clear\",\"x\":";
    size_t n = strlen(deep);
    for (int i = 0; i < 2000; i++)
        deep[n++] = '[';
    deep[n] = '\0';
    never_clear(deep, "not_json");

    /* HTTP status and Content-Type: only 200 application/json. */
    const char *ok = "{\"status\":\"clear\"}";
    long statuses[] = {0, 100, 201, 202, 204, 206, 301, 302, 304, 400, 401, 403, 404, 500, 503};
    for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++) {
        dk_register_parse_answer(statuses[i], "application/json", ok, strlen(ok), &q, &r);
        CHECK_INT(r.status, DK_REGISTER_UNAVAILABLE);
        CHECK_STR(r.reason, "http_status");
        CHECK_INT(r.http_status, statuses[i]);
    }
    const char *types[] = {NULL,
                           "",
                           "text/html",
                           "text/plain",
                           "application/jsonp",
                           "application/json-seq",
                           "application/xml",
                           "json"};
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        dk_register_parse_answer(200, types[i], ok, strlen(ok), &q, &r);
        CHECK_INT(r.status, DK_REGISTER_UNAVAILABLE);
        CHECK_STR(r.reason, "bad_answer");
    }
    const char *fine[] = {"application/json", "Application/JSON", "application/json; charset=utf-8",
                          "application/json;charset=UTF-8"};
    for (size_t i = 0; i < sizeof fine / sizeof *fine; i++) {
        dk_register_parse_answer(200, fine[i], ok, strlen(ok), &q, &r);
        CHECK_INT(r.status, DK_REGISTER_CLEAR);
    }
    dk_register_result_clear(&r);

    /* Random bytes, and one-byte mutations of a clear answer that break
     * it, are never clear. */
    for (int i = 0; i < 3000; i++) {
        char buf[64];
        size_t len = (size_t)dk_test_rnd(63) + 1;
        for (size_t j = 0; j < len; j++)
            buf[j] = (char)dk_test_rnd(256);
        dk_register_parse_answer(200, "application/json", buf, len, &q, &r);
        CHECK(r.status != DK_REGISTER_CLEAR);
        dk_register_result_clear(&r);
    }
    const char *base = "{\"status\":\"clear\"}";
    int clear = 0;
    for (size_t pos = 0; pos < strlen(base); pos++)
        for (int c = 1; c < 256; c++) {
            char buf[32];
            snprintf(buf, sizeof buf, "%s", base);
            if ((unsigned char)buf[pos] == c)
                continue;
            buf[pos] = (char)c;
            dk_register_parse_answer(200, "application/json", buf, strlen(buf), &q, &r);
            clear += r.status == DK_REGISTER_CLEAR;
            dk_register_result_clear(&r);
        }
    /* Only white space before or after the object is harmless: the byte
     * before the first '{' does not exist, so no mutation stays clear. */
    CHECK_INT(clear, 0);
}

static void endpoint_ok(const char *base, int allow, int token, const char *want, int want_https)
{
    char ep[1200], err[256] = "";
    int https = -1;
    int rc = dk_register_endpoint(base, allow, token, ep, sizeof ep, &https, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "%s refused: %s\n", base, err);
    CHECK_INT(rc, 0);
    CHECK_STR(ep, want);
    CHECK_INT(https, want_https);
}

static void endpoint_refused(const char *base, int allow, int token)
{
    char ep[1200], err[256] = "";
    int https = -1;
    int rc = dk_register_endpoint(base, allow, token, ep, sizeof ep, &https, err, sizeof err);
    if (rc == 0)
        fprintf(stderr, "%s allowed (allow_http %d, token %d)\n", base ? base : "(null)", allow,
                token);
    CHECK_INT(rc, -1);
    CHECK(err[0] != '\0');
}

static void policy(void)
{
    endpoint_ok("https://checkdoc.example.be", 0, 1,
                "https://checkdoc.example.be/v1/documents/check", 1);
    endpoint_ok("https://register.example:8443/api/", 0, 1,
                "https://register.example:8443/api/v1/documents/check", 1);
    endpoint_ok("HTTPS://register.example", 0, 0, "HTTPS://register.example/v1/documents/check", 1);
    /* Plain http: to this machine only. */
    endpoint_ok("http://127.0.0.1:8089", 0, 1, "http://127.0.0.1:8089/v1/documents/check", 0);
    endpoint_ok("http://127.3.2.1:8089/", 0, 0, "http://127.3.2.1:8089/v1/documents/check", 0);
    endpoint_ok("http://localhost:8089", 0, 1, "http://localhost:8089/v1/documents/check", 0);
    endpoint_ok("http://[::1]:8089", 0, 1, "http://[::1]:8089/v1/documents/check", 0);
    endpoint_refused("http://10.0.0.1:8089", 0, 0);
    endpoint_refused("http://register.example", 0, 0);
    endpoint_refused("http://127.0.0.1.nip.io", 0, 0);
    endpoint_refused("http://localhost.example", 0, 0);
    endpoint_refused("http://127.0.0.1.", 0, 0);
    endpoint_refused("http://0.0.0.0:8089", 0, 0);
    endpoint_refused("http://[::ffff:10.0.0.1]:80", 0, 0);
    /* Allowed by the setting, but never with the token. */
    endpoint_ok("http://register.internal:8080", 1, 0,
                "http://register.internal:8080/v1/documents/check", 0);
    endpoint_refused("http://register.internal:8080", 1, 1);
    /* No other scheme, nothing a base URL must not carry. */
    endpoint_refused(NULL, 0, 0);
    endpoint_refused("", 0, 0);
    endpoint_refused("register.example", 0, 0);
    endpoint_refused("//register.example", 0, 0);
    endpoint_refused("ftp://register.example", 0, 0);
    endpoint_refused("file:///etc/passwd", 1, 0);
    endpoint_refused("gopher://127.0.0.1", 1, 0);
    endpoint_refused("https://user:pw@register.example", 0, 0);
    endpoint_refused("https://register.example/?number=1", 0, 0);
    endpoint_refused("https://register.example/#x", 0, 0);
    endpoint_refused("https://register.example /x", 0, 0);
    endpoint_refused("https://register.example/\n", 0, 0);
    endpoint_refused("https://r\xc3\xa9gister.example", 0, 0);
    endpoint_refused("https://", 0, 0);
    char longurl[1100] = "https://register.example/";
    memset(longurl + strlen(longurl), 'a', 1030);
    longurl[1099] = '\0';
    endpoint_refused(longurl, 0, 0);

    /* The check refuses before any request, and says why. */
    dk_register_config c = {.url = "http://10.0.0.1",
                            .token = "",
                            .ca_file = "",
                            .timeout_ms = 100,
                            .retries = 3,
                            .backoff_ms = 10};
    dk_register_result r = {0};
    dk_register_check(&c, &q, &r);
    CHECK_INT(r.status, DK_REGISTER_UNAVAILABLE);
    CHECK_STR(r.reason, "url_refused");
    CHECK_INT(r.attempts, 0);
    c.url = "";
    dk_register_check(&c, &q, &r);
    CHECK_INT(r.status, DK_REGISTER_UNAVAILABLE);
    CHECK_STR(r.reason, "not_configured");
    CHECK_INT(r.attempts, 0);
    /* The token is in no message. */
    c.url = "http://register.internal";
    c.allow_http = 1;
    c.token = "s3cret-token-value";
    dk_register_check(&c, &q, &r);
    CHECK_STR(r.reason, "url_refused");
    CHECK(strstr(r.detail, "s3cret") == NULL);
    json_t *j = dk_register_result_json(&r);
    char *text = json_dumps(j, 0);
    CHECK(text && strstr(text, "s3cret") == NULL && strstr(text, "\"unavailable\""));
    free(text);
    json_decref(j);
    dk_register_result_clear(&r);
}

static void queries(void)
{
    dk_register_query x;
    char err[128];
    CHECK_INT(dk_register_query_make(&x, "id", "b1234567<<", "bel<", err, sizeof err), 0);
    CHECK_STR(x.document_type, "ID");
    CHECK_STR(x.document_number, "B1234567");
    CHECK_STR(x.issuing_state, "BEL");
    CHECK_INT(dk_register_query_make(&x, "P", "L898902C3", "D<<", err, sizeof err), 0);
    CHECK_STR(x.issuing_state, "D");
    CHECK_INT(
        dk_register_query_make(&x, "P", "123456789012345678901234567890A", "BEL", err, sizeof err),
        0);
    CHECK_INT(
        dk_register_query_make(&x, "P", "123456789012345678901234567890AB", "BEL", err, sizeof err),
        -1);
    CHECK(strstr(err, "document_number") != NULL);
    CHECK_INT(dk_register_query_make(&x, "P", "", "BEL", err, sizeof err), -1);
    CHECK_INT(dk_register_query_make(&x, "P", "<<<", "BEL", err, sizeof err), -1);
    CHECK_INT(dk_register_query_make(&x, "P", "AB-123", "BEL", err, sizeof err), -1);
    CHECK_INT(dk_register_query_make(&x, "P", "AB 123", "BEL", err, sizeof err), -1);
    CHECK_INT(dk_register_query_make(&x, "P", "AB\xc3\xa9", "BEL", err, sizeof err), -1);
    CHECK_INT(dk_register_query_make(&x, "P", NULL, "BEL", err, sizeof err), -1);
    CHECK_INT(dk_register_query_make(&x, "P1", "AB1", "BEL", err, sizeof err), -1);
    CHECK(strstr(err, "document_type") != NULL);
    CHECK_INT(dk_register_query_make(&x, "PAS", "AB1", "BEL", err, sizeof err), -1);
    CHECK_INT(dk_register_query_make(&x, "", "AB1", "BEL", err, sizeof err), -1);
    CHECK_INT(dk_register_query_make(&x, "P", "AB1", "BELG", err, sizeof err), -1);
    CHECK(strstr(err, "issuing_state") != NULL);
    CHECK_INT(dk_register_query_make(&x, "P", "AB1", "B3L", err, sizeof err), -1);
    CHECK_INT(dk_register_query_make(&x, "P", "AB1", NULL, err, sizeof err), -1);

    char h1[65], h2[65], h3[65];
    dk_register_query a, b;
    dk_register_query_make(&a, "I", "B12345678", "BEL", err, sizeof err);
    dk_register_query_make(&b, "P", "B12345678", "BEL", err, sizeof err);
    dk_register_number_hash(&a, h1);
    dk_register_number_hash(&b, h2);
    CHECK_STR(h1, h2); /* the type is no part of the number */
    CHECK_INT(strlen(h1), 64);
    CHECK_INT(strspn(h1, "0123456789abcdef"), 64);
    CHECK(strstr(h1, "B12345678") == NULL);
    dk_register_query_make(&b, "I", "B12345678", "NLD", err, sizeof err);
    dk_register_number_hash(&b, h3);
    CHECK(strcmp(h1, h3) != 0);
}

int main(void)
{
    char err[64];
    if (dk_register_query_make(&q, "ID", "B12345678", "BEL", err, sizeof err) != 0)
        return 1;
    answers();
    policy();
    queries();
    DK_TEST_DONE();
}
