/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_register_check.c — asks the register over HTTP (libcurl): one POST per
 * attempt, each bounded in time and in the size of what comes back, a
 * failure that may pass tried again after a doubling wait, https verified.
 * Whatever goes wrong ends as an unavailable result, never as clear. */
#include "register/dk_register.h"

#include "core/dk_buf.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"

#include <curl/curl.h>
#include <openssl/crypto.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BACKOFF_CAP_MS 10000

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc;
static void global_init(void)
{
    global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

void dk_register_config_load(dk_register_config *c)
{
    c->url = dk_config_str("DK_REGISTER_URL");
    c->token = dk_config_str("DK_REGISTER_TOKEN");
    c->ca_file = dk_config_str("DK_REGISTER_CA_FILE");
    c->timeout_ms = dk_config_int("DK_REGISTER_TIMEOUT_MS");
    c->retries = (int)dk_config_int("DK_REGISTER_RETRIES");
    c->backoff_ms = dk_config_int("DK_REGISTER_BACKOFF_MS");
    c->allow_http = (int)dk_config_int("DK_REGISTER_ALLOW_HTTP");
}

/* The answer's body, cut one byte past the most we read. */
static size_t on_body(char *p, size_t size, size_t n, void *userdata)
{
    dk_buf *b = userdata;
    size_t bytes = size * n;
    if (b->len + bytes > DK_REGISTER_ANSWER_MAX)
        return 0; /* curl stops with CURLE_WRITE_ERROR */
    return dk_buf_append(b, p, bytes) == 0 ? bytes : 0;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

static int http_may_pass(long code)
{
    return code == 408 || code == 429 || (code >= 500 && code <= 599);
}

/* One attempt: fills out; returns 1 when another attempt may do better. */
static int attempt(CURL *h, const char *endpoint, int https, const dk_register_config *c,
                   struct curl_slist *headers, const char *body, const dk_register_query *q,
                   dk_register_result *out)
{
    dk_buf answer = DK_BUF_INIT;
    char curl_err[CURL_ERROR_SIZE] = "";
    curl_easy_reset(h);
    CURLcode rc = CURLE_OK;
#define SET(opt, val)                                                                              \
    do {                                                                                           \
        if (rc == CURLE_OK)                                                                        \
            rc = curl_easy_setopt(h, opt, val);                                                    \
    } while (0)
    SET(CURLOPT_ERRORBUFFER, curl_err);
    SET(CURLOPT_URL, endpoint);
    SET(CURLOPT_PROTOCOLS_STR, https ? "https" : "http");
    SET(CURLOPT_FOLLOWLOCATION, 0L); /* a redirect is no answer */
    SET(CURLOPT_PROXY, "");          /* straight to the register, whatever *_proxy says */
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_TIMEOUT_MS, c->timeout_ms);
    SET(CURLOPT_CONNECTTIMEOUT_MS, c->timeout_ms);
    SET(CURLOPT_SSL_VERIFYPEER, 1L);
    SET(CURLOPT_SSL_VERIFYHOST, 2L);
    SET(CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
    if (c->ca_file && *c->ca_file)
        SET(CURLOPT_CAINFO, c->ca_file);
    SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)DK_REGISTER_ANSWER_MAX);
    SET(CURLOPT_HTTPHEADER, headers);
    SET(CURLOPT_POSTFIELDS, body);
    SET(CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    SET(CURLOPT_USERAGENT, "digital-key-register-check/1");
    SET(CURLOPT_WRITEFUNCTION, on_body);
    SET(CURLOPT_WRITEDATA, &answer);
#undef SET
    if (rc == CURLE_OK)
        rc = curl_easy_perform(h);
    int attempts = out->attempts + 1;
    dk_register_result_clear(out);
    long code = 0;
    char *ct = NULL;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct);
    int again = 0;
    const char *why = curl_err[0] ? curl_err : curl_easy_strerror(rc);
    if (rc == CURLE_OK) {
        /* ct belongs to the handle: judged before the next attempt resets it. */
        dk_register_parse_answer(code, ct, answer.data, answer.len, q, out);
        again = http_may_pass(code);
    } else {
        out->http_status = code;
        const char *reason = "transport";
        switch (rc) {
        case CURLE_OPERATION_TIMEDOUT:
            reason = "timeout";
            again = 1;
            break;
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
            reason = "connect";
            again = 1;
            break;
        case CURLE_SEND_ERROR:
        case CURLE_RECV_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
            again = 1;
            break;
        case CURLE_WRITE_ERROR:
        case CURLE_FILESIZE_EXCEEDED:
            reason = "too_large";
            why = "an answer of more than 8192 bytes";
            break;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
        case CURLE_SSL_CRL_BADFILE:
        case CURLE_USE_SSL_FAILED:
            reason = "tls";
            break;
        default:
            break;
        }
        out->status = DK_REGISTER_UNAVAILABLE;
        snprintf(out->reason, sizeof out->reason, "%s", reason);
        snprintf(out->detail, sizeof out->detail, "%s", why);
    }
    out->attempts = attempts;
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, NULL);
    dk_buf_free(&answer);
    return again;
}

/* Appends s to l; on failure keeps l (to be freed) and sets *failed. */
static struct curl_slist *add(struct curl_slist *l, const char *s, int *failed)
{
    struct curl_slist *n = curl_slist_append(l, s);
    if (!n)
        *failed = 1;
    return n ? n : l;
}

static void refuse(dk_register_result *out, const char *reason, const char *detail)
{
    out->status = DK_REGISTER_UNAVAILABLE;
    snprintf(out->reason, sizeof out->reason, "%s", reason);
    snprintf(out->detail, sizeof out->detail, "%s", detail);
}

void dk_register_check(const dk_register_config *c, const dk_register_query *q,
                       dk_register_result *out)
{
    dk_register_result_clear(out);
    int64_t start = dk_mono_ms();
    char endpoint[1100], err[256];
    int https = 0, has_token = c->token && *c->token;
    if (dk_register_endpoint(c->url, c->allow_http, has_token, endpoint, sizeof endpoint, &https,
                             err, sizeof err) != 0) {
        refuse(out, c->url && *c->url ? "url_refused" : "not_configured", err);
        return;
    }
    pthread_once(&global_once, global_init);
    json_t *ask = json_pack("{s:s, s:s, s:s}", "document_type", q->document_type, "document_number",
                            q->document_number, "issuing_state", q->issuing_state);
    char *body = ask ? json_dumps(ask, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(ask);
    dk_buf auth = DK_BUF_INIT;
    struct curl_slist *headers = NULL;
    int failed = 0;
    headers = add(headers, "Content-Type: application/json", &failed);
    headers = add(headers, "Accept: application/json", &failed);
    headers = add(headers, "Expect:", &failed);
    if (has_token) {
        dk_buf_appendf(&auth, "Authorization: Bearer %s", c->token);
        failed |= dk_buf_failed(&auth);
        if (!failed)
            headers = add(headers, auth.data, &failed);
    }
    CURL *h = global_rc == CURLE_OK ? curl_easy_init() : NULL;
    if (!body || failed || !h) {
        refuse(out, "transport", "out of memory, or libcurl did not start");
    } else {
        long wait = c->backoff_ms;
        for (int i = 0; i <= c->retries; i++) {
            if (i > 0) {
                sleep_ms(wait);
                wait = wait * 2 > BACKOFF_CAP_MS ? BACKOFF_CAP_MS : wait * 2;
            }
            if (!attempt(h, endpoint, https, c, headers, body, q, out))
                break;
        }
    }
    if (h)
        curl_easy_cleanup(h);
    /* The token's copies: the header list and our buffer. */
    for (struct curl_slist *l = headers; l; l = l->next)
        OPENSSL_cleanse(l->data, strlen(l->data));
    curl_slist_free_all(headers);
    if (auth.data)
        OPENSSL_cleanse(auth.data, auth.len);
    dk_buf_free(&auth);
    free(body);
    out->ms = (long)(dk_mono_ms() - start);
}
