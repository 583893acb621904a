/* SPDX-License-Identifier: EUPL-1.2 */
/* answer.c — the development register's routes: the check itself (the
 * bearer token when one is set, the question validated as the adapter
 * validates it, the report looked up in register_reports), its health,
 * readiness and counters. */
#include "core/dk_buf.h"
#include "core/dk_crypto.h"
#include "core/dk_log.h"
#include "devregister.h"
#include "register/dk_register.h"
#include "store/dk_pg.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define AUTHORITY "development register of the digital-key project (not Checkdoc)"
#define POOL_WAIT_MS 2000

/* Waits delay_ms in short steps, so that a stopping server does not wait. */
static void delay(const devregister *d)
{
    for (long left = d->delay_ms; left > 0 && !*d->stopping; left -= 50) {
        struct timespec ts = {0, (left < 50 ? left : 50) * 1000000L};
        nanosleep(&ts, NULL);
    }
}

static int token_ok(const devregister *d, const dk_web_request *rq)
{
    if (!d->token[0])
        return 1;
    const char *h = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "Authorization");
    char want[600];
    int n = snprintf(want, sizeof want, "Bearer %s", d->token);
    if (!h || n < 0 || (size_t)n >= sizeof want || strlen(h) != (size_t)n)
        return 0;
    return dk_ct_equal(h, want, (size_t)n);
}

/* The question: a JSON object with the three strings. */
static int question(const dk_web_request *rq, dk_register_query *q, char *err, size_t errlen)
{
    json_error_t jerr;
    json_t *o = json_loadb(rq->body, rq->len, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(o)) {
        snprintf(err, errlen, "the body is not a JSON object");
        json_decref(o);
        return -1;
    }
    int rc =
        dk_register_query_make(q, json_string_value(json_object_get(o, "document_type")),
                               json_string_value(json_object_get(o, "document_number")),
                               json_string_value(json_object_get(o, "issuing_state")), err, errlen);
    json_decref(o);
    return rc;
}

static void check(devregister *d, const dk_web_request *rq, dk_web_reply *r)
{
    dk_metrics_inc(d->requests);
    delay(d);
    if (*d->stopping) {
        dk_metrics_inc(d->failed);
        dk_web_reply_error(r, 503, "stopping");
        return;
    }
    if (!token_ok(d, rq)) {
        dk_metrics_inc(d->refused);
        dk_web_reply_error(r, 401, "a valid bearer token is required");
        return;
    }
    dk_register_query q;
    char err[512];
    if (question(rq, &q, err, sizeof err) != 0) {
        dk_metrics_inc(d->refused);
        dk_web_reply_error(r, 400, err);
        return;
    }
    PGconn *pg = dk_pgpool_get(d->pool, POOL_WAIT_MS, err, sizeof err);
    PGresult *res = NULL;
    if (pg) {
        const char *p[] = {q.document_number, q.issuing_state, q.document_type};
        res = dk_pg_query(pg,
                          "SELECT reason, since::text, note FROM register_reports"
                          " WHERE document_number = $1 AND issuing_state = $2"
                          " AND (document_type IS NULL OR starts_with($3, document_type))"
                          " ORDER BY since, document_type NULLS LAST LIMIT 1",
                          3, p, err, sizeof err);
        dk_pgpool_put(d->pool, pg);
    }
    if (!res) {
        /* The register cannot tell: 503, never a "clear" it does not know. */
        dk_metrics_inc(d->failed);
        dk_log(DK_LOG_ERROR, "register_lookup_failed", "%s", err);
        dk_web_reply_error(r, 503, "the register cannot answer now");
        return;
    }
    json_t *a;
    if (PQntuples(res) == 0) {
        dk_metrics_inc(d->clear);
        a = json_pack("{s:s, s:s, s:s}", "status", "clear", "document_number", q.document_number,
                      "issuing_state", q.issuing_state);
    } else {
        dk_metrics_inc(d->reported);
        a = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "status", "reported", "reason",
                      PQgetvalue(res, 0, 0), "since", PQgetvalue(res, 0, 1), "authority", AUTHORITY,
                      "document_number", q.document_number, "issuing_state", q.issuing_state);
    }
    PQclear(res);
    dk_web_reply_json(r, 200, a);
}

static void ready(devregister *d, dk_web_reply *r)
{
    char err[256];
    PGconn *pg = dk_pgpool_get(d->pool, POOL_WAIT_MS, err, sizeof err);
    PGresult *res =
        pg ? dk_pg_query(pg, "SELECT 1 FROM register_reports LIMIT 1", 0, NULL, err, sizeof err)
           : NULL;
    if (pg)
        dk_pgpool_put(d->pool, pg);
    if (res)
        PQclear(res);
    if (res)
        dk_web_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
    else
        dk_web_reply_json(r, 503, json_pack("{s:s, s:s}", "status", "unavailable", "why", err));
}

const char *const devregister_routes[] = {"/v1/documents/check", "/healthz", "/readyz", "/metrics",
                                          NULL};

void devregister_metrics(devregister *d)
{
    d->requests = dk_metrics_with(
        dk_metrics_counter("dk_register_requests_total", "Check requests received.", NULL));
    dk_metrics_family *answers = dk_metrics_counter(
        "dk_register_answers_total", "Check requests answered, by answer.", "answer");
    d->clear = dk_metrics_with(answers, "clear");
    d->reported = dk_metrics_with(answers, "reported");
    d->refused = dk_metrics_with(answers, "refused");
    d->failed = dk_metrics_with(answers, "unavailable");
}

/* The process's metrics, as on its metrics port. */
static void metrics(dk_web_reply *r)
{
    r->status = 200;
    r->content_type = DK_METRICS_CONTENT_TYPE;
    dk_metrics_expose(&r->body);
}

void devregister_handle(void *cls, const dk_web_request *rq, dk_web_reply *r)
{
    devregister *d = cls;
    int get = !strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD");
    int post = !strcmp(rq->method, "POST");
    if (!strcmp(rq->url, "/v1/documents/check")) {
        if (post)
            check(d, rq, r);
        else
            dk_web_reply_error(r, 405, "method not allowed");
    } else if (!strcmp(rq->url, "/healthz") && get) {
        dk_web_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
    } else if (!strcmp(rq->url, "/readyz") && get) {
        ready(d, r);
    } else if (!strcmp(rq->url, "/metrics") && get) {
        metrics(r);
    } else {
        dk_web_reply_error(r, 404, "not found");
    }
}
