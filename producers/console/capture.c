/* SPDX-License-Identifier: EUPL-1.2 */
/* capture.c — POST /api/v1/interviews/{id}/captures?subject=person|
 * document_front|document_back[&source=upload|screen]: an image taken
 * during the call (Content-Type image/jpeg or image/png, the raw bytes as
 * the body, at most DK_UPLOAD_MAX) stored encrypted like the documents and
 * linked to the interview (common/interview), → 201 {"capture_id"}. The one
 * body of the console that is not held to DK_CONSOLE_MAX_BODY: it streams
 * (dk_web_stream) after the session and its CSRF header were checked, so an
 * unauthenticated client cannot make the console hold megabytes. A body
 * declared or grown too large is 413, another type 415. */
#include "console.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    dk_buf body;
    size_t max;
    int too_large; /* declared or grown past max */
    int wrong_type;
} capture_stream;

static int is_capture(const char *url)
{
    static const char prefix[] = "/api/v1/interviews/", suffix[] = "/captures";
    size_t n = strlen(url);
    return !strncmp(url, prefix, sizeof prefix - 1) && n == sizeof prefix - 1 + 36 + 9 &&
           !strcmp(url + n - (sizeof suffix - 1), suffix);
}

static int wants(void *cls, const char *url, const char *method)
{
    (void)cls;
    return !strcmp(method, "POST") && is_capture(url);
}

static void *open_stream(void *cls, struct MHD_Connection *c)
{
    (void)cls;
    capture_stream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->max = (size_t)dk_config_int("DK_UPLOAD_MAX");
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    s->wrong_type = !ct || (strncasecmp(ct, "image/jpeg", 10) && strncasecmp(ct, "image/png", 9));
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    s->too_large = cl && strtoull(cl, NULL, 10) > s->max;
    return s;
}

static int refused(void *stream)
{
    capture_stream *s = stream;
    return s->too_large || s->wrong_type;
}

static int start(void *stream, struct MHD_Connection *c, const char *addr)
{
    (void)stream, (void)c, (void)addr;
    return 0;
}

static int feed(void *stream, const char *data, size_t n)
{
    capture_stream *s = stream;
    if (s->body.len + n > s->max) {
        s->too_large = 1;
        return -1;
    }
    return dk_buf_append(&s->body, data, n);
}

static void finish(void *stream)
{
    (void)stream;
}

static void free_stream(void *stream)
{
    capture_stream *s = stream;
    if (!s)
        return;
    if (s->body.data)
        memset(s->body.data, 0, s->body.len);
    dk_buf_free(&s->body);
    free(s);
}

const dk_web_stream dk_capture_stream = {wants, open_stream, refused,    start,
                                         feed,  finish,      free_stream};

void dk_action_capture(dk_req *q, const char *appt)
{
    capture_stream *s = q->rq->stream;
    q->api = 1;
    if (!s) { /* not streamed: the URL is not a capture's (a malformed id) */
        dk_req_fail(q, 404, "appointment_unknown");
        return;
    }
    if (q->rq->phase == DK_WEB_REFUSE) { /* on the event loop: no database */
        if (s->wrong_type)
            dk_web_reply_error(q->r, 415, "send the image as image/jpeg or image/png");
        else
            dk_web_reply_error(q->r, 413, "the image is larger than DK_UPLOAD_MAX");
        return;
    }
    if (!dk_req_session(q, NULL) || q->rq->phase == DK_WEB_PRECHECK)
        return; /* refused, or let the body come */
    const char *subject = dk_req_arg(q, "subject"), *source = dk_req_arg(q, "source");
    dk_interview_actor who = {q->s.staff_id, q->addr};
    char id[37], err[512];
    const char *refusal = NULL;
    int rc = dk_interview_capture_add(q->pg, &who, appt, subject, source ? source : "upload",
                                      s->body.data, s->body.len, dk_now_ms(), id, &refusal, err,
                                      sizeof err);
    if (rc < 0) {
        dk_log(DK_LOG_ERROR, "capture_failed", "%s", err);
        dk_req_fail(q, 503, "unavailable");
    } else if (rc == 1) {
        dk_req_fail(q, dk_refusal_status(refusal), refusal);
    } else {
        dk_web_reply_json(q->r, 201, json_pack("{s:s}", "capture_id", id));
    }
}
