/* SPDX-License-Identifier: EUPL-1.2 */
/* upload.c — streaming the accept's multipart body (see upload.h). */
#include "upload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

long dk_upload_body_limit(const dk_intake *in)
{
    return 2 * in->upload_max + 64 * 1024;
}

/* A small text field, kept whole; one longer than its buffer spoils the body. */
static void text_field(dk_upload *u, char *dst, size_t cap, const char *data, uint64_t off,
                       size_t size)
{
    if (off + size >= cap || (size && memchr(data, '\0', size))) {
        u->bad = 1; /* overlong, or a NUL that would cut the value short */
        return;
    }
    if (size) /* data may be NULL for a part without a value */
        memcpy(dst + off, data, size);
    dst[off + size] = '\0';
}

/* A part's name as libmicrohttpd gives it: NULL when the header had none
 * (or only filename=, or an unclosed quote, or a NUL inside the quotes). A
 * NUL elsewhere in the part's headers is found before (part_headers.c). */
static int usable_name(const char *key)
{
    return key && *key;
}

enum MHD_Result dk_upload_part(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *filename, const char *content_type,
                               const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size)
{
    (void)kind, (void)filename, (void)content_type, (void)transfer_encoding;
    dk_upload *u = cls;
    if (!usable_name(key)) {
        /* Refused with 400; the rest of the body is skipped. */
        u->bad = u->nameless = 1;
        return MHD_NO;
    }
    if (!data && size > 0) {
        u->bad = 1;
        return MHD_NO;
    }
    dk_buf *file = !strcmp(key, "front") ? &u->front : !strcmp(key, "back") ? &u->back : NULL;
    if (file) {
        if (u->too_large)
            return MHD_YES;
        if (off == 0)
            dk_buf_reset(file);
        if (file->len + size > u->max_file) {
            /* Stop keeping images: the answer will be 413 and nothing is stored. */
            u->too_large = 1;
            dk_buf_free(&u->front);
            dk_buf_free(&u->back);
            return MHD_YES;
        }
        if (size && dk_buf_append(file, data, size) != 0)
            u->bad = 1;
    } else if (!strcmp(key, "security_code")) {
        text_field(u, u->security_code, sizeof u->security_code, data, off, size);
    } else if (!strcmp(key, "document_kind")) {
        text_field(u, u->document_kind, sizeof u->document_kind, data, off, size);
    } else if (!strcmp(key, "csrf")) {
        text_field(u, u->csrf, sizeof u->csrf, data, off, size);
    } else if (!strcmp(key, "request_id")) {
        text_field(u, u->request_id, sizeof u->request_id, data, off, size);
    }
    /* Other named parts are neither kept nor refused. */
    return MHD_YES;
}

dk_upload *dk_upload_new(dk_intake *in, struct MHD_Connection *c)
{
    dk_upload *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    u->in = in;
    u->max_file = (size_t)in->upload_max;
    u->max_total = (size_t)dk_upload_body_limit(in);
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
    if (cl && strtoll(cl, NULL, 10) > (long long)u->max_total) {
        u->declared_too_large = 1;
        return u;
    }
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (!ct || strncasecmp(ct, "multipart/form-data", 19) != 0)
        u->not_multipart = 1;
    return u;
}

/* Gives back the slots a refused upload took: its body is read away and
 * dropped, which must hold none of them. */
static void give_back(dk_upload *u)
{
    if (u->counted)
        __atomic_sub_fetch(&u->in->uploads_in_flight, 1, __ATOMIC_SEQ_CST);
    if (u->addr[0])
        dk_addrcount_give(u->in->upload_addrs, u->addr);
    if (u->link_held)
        dk_addrcount_give(u->in->upload_links, u->link);
    u->counted = u->link_held = 0;
    u->addr[0] = '\0';
}

int dk_upload_start(dk_upload *u, struct MHD_Connection *c, const char *addr)
{
    dk_intake *in = u->in;
    char net[DK_NET_KEY];
    dk_net_key(addr, net);
    if (!dk_addrcount_take(in->upload_addrs, net)) {
        u->addr_busy = 1;
        return -1;
    }
    snprintf(u->addr, sizeof u->addr, "%s", net);
    /* One at a time per request: a second would only hold another slot. */
    if (u->link[0] && !dk_addrcount_take(in->upload_links, u->link)) {
        u->link_busy = 1;
        give_back(u);
        return -1;
    }
    u->link_held = u->link[0] != '\0';
    /* Each upload holds up to two images in memory: bound how many at once. */
    u->counted = 1;
    if (__atomic_add_fetch(&in->uploads_in_flight, 1, __ATOMIC_SEQ_CST) > in->max_uploads) {
        u->busy = 1;
        give_back(u);
        return -1;
    }
    u->pp = MHD_create_post_processor(c, 64 * 1024, dk_upload_part, u);
    dk_part_headers_init(&u->headers,
                         MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type"));
    if (!u->pp)
        u->bad = 1;
    return 0;
}

int dk_upload_feed(dk_upload *u, const char *data, size_t n)
{
    u->seen += n;
    if (u->seen > u->max_total) {
        /* More than any accept may carry (a chunked body). */
        u->too_large = 1;
        dk_buf_free(&u->front);
        dk_buf_free(&u->back);
        return -1;
    }
    if (!u->pp || u->bad || u->declared_too_large || u->not_multipart || u->busy || u->addr_busy ||
        u->link_busy)
        return 0; /* skipped: the refusal is already known */
    if (dk_part_headers_feed(&u->headers, data, n) != 0) {
        /* A part header holding a NUL: its name cannot be trusted (400). */
        u->bad = u->nameless = 1;
        return 0;
    }
    if (MHD_post_process(u->pp, data, n) != MHD_YES)
        u->bad = 1;
    return 0;
}

void dk_upload_finish(dk_upload *u)
{
    if (!u->pp)
        return;
    /* MHD_NO: the body ended inside a part (cut before its closing
     * boundary); what was kept may be short, so nothing is stored. */
    if (MHD_destroy_post_processor(u->pp) != MHD_YES)
        u->bad = 1;
    u->pp = NULL;
}

int dk_upload_refusal(const dk_upload *u)
{
    if (u->too_slow)
        return 408;
    if (u->declared_too_large || u->too_large)
        return 413;
    if (u->not_multipart)
        return 415;
    if (u->addr_busy)
        return 429;
    if (u->link_busy)
        return 409;
    if (u->busy)
        return 503;
    if (u->bad)
        return 400;
    return 0;
}

void dk_upload_free(dk_upload *u)
{
    if (!u)
        return;
    if (u->pp)
        MHD_destroy_post_processor(u->pp);
    give_back(u);
    dk_buf_free(&u->front);
    dk_buf_free(&u->back);
    free(u);
}
