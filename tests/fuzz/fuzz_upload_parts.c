/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_upload_parts.c — libFuzzer target for the intake's handling of an
 * identity-document upload's multipart parts (dk_upload_part, upload.c),
 * as libmicrohttpd's post processor hands them over (the events are
 * described in post_events.h). Checks: a text field is kept NUL-terminated
 * within its buffer; no image is kept past the per-image limit, and none
 * at all once one passed it; an upload that is not refused kept exactly
 * the last front and back images and fields sent, piece by piece; the
 * refusal is one of the answers a body can cause (400, 413). */
#include "post_events.h"
#include "upload.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE 2048

/* What was sent, to compare with what the upload kept. */
typedef struct {
    dk_upload *u;
    dk_buf front, back, code, kind, csrf;
    dk_buf *cur; /* the field the last piece went to, NULL when not kept */
} recorder;

static enum MHD_Result record(void *cls, enum MHD_ValueKind kind, const char *key,
                              const char *filename, const char *content_type,
                              const char *transfer_encoding, const char *data, uint64_t off,
                              size_t size)
{
    recorder *r = cls;
    dk_buf *to = !key                            ? NULL
                 : !strcmp(key, "front")         ? &r->front
                 : !strcmp(key, "back")          ? &r->back
                 : !strcmp(key, "security_code") ? &r->code
                 : !strcmp(key, "document_kind") ? &r->kind
                 : !strcmp(key, "csrf")          ? &r->csrf
                                                 : NULL;
    if (to && off == 0)
        dk_buf_reset(to);
    if (to && size)
        dk_buf_append(to, data, size);
    return dk_upload_part(r->u, kind, key, filename, content_type, transfer_encoding, data, off,
                          size);
}

static void check_text(const char *kept, size_t cap, const dk_buf *sent, int refused)
{
    if (!memchr(kept, '\0', cap))
        abort();
    if (!refused &&
        (strlen(kept) != sent->len || (sent->len && memcmp(kept, sent->data, sent->len))))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dk_upload *u = calloc(1, sizeof *u);
    if (!u)
        return 0;
    u->max_file = MAX_FILE;
    u->max_total = 2 * MAX_FILE + 64 * 1024;
    recorder r = {.u = u};
    post_events_replay(data, size, record, &r);

    int refusal = dk_upload_refusal(u);
    if (refusal != 0 && refusal != 400 && refusal != 413)
        abort();
    if (u->front.len > MAX_FILE || u->back.len > MAX_FILE)
        abort();
    if (u->too_large && (u->front.len || u->back.len))
        abort();
    if (u->nameless && !u->bad)
        abort();
    int refused = refusal != 0;
    if (!refused && (u->front.len != r.front.len || u->back.len != r.back.len ||
                     (u->front.len && memcmp(u->front.data, r.front.data, u->front.len)) ||
                     (u->back.len && memcmp(u->back.data, r.back.data, u->back.len))))
        abort();
    check_text(u->security_code, sizeof u->security_code, &r.code, refused);
    check_text(u->document_kind, sizeof u->document_kind, &r.kind, refused);
    check_text(u->csrf, sizeof u->csrf, &r.csrf, refused);

    dk_upload_free(u);
    dk_buf_free(&r.front), dk_buf_free(&r.back), dk_buf_free(&r.code), dk_buf_free(&r.kind);
    dk_buf_free(&r.csrf);
    return 0;
}
