/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_cbor.c — the bounded CBOR reader of dk_auth_cbor.h on libcbor's
 * cbor_stream_decode: libcbor decodes one head and calls back with what it
 * found; we record it and refuse every kind WebAuthn has no use for. */
#include "auth/dk_auth_cbor.h"

#include <cbor.h>
#include <string.h>

/* What the callbacks saw of one head. */
typedef struct {
    int seen;   /* 1 once a kind we accept was recorded */
    int refuse; /* an indefinite length, a tag or a break */
    dk_auth_cbor_item it;
} head;

static void put_uint(void *ctx, uint64_t v)
{
    head *h = ctx;
    h->seen = 1;
    h->it.kind = DK_AUTH_CBOR_UINT;
    h->it.value = v;
}
static void put_uint8(void *ctx, uint8_t v)
{
    put_uint(ctx, v);
}
static void put_uint16(void *ctx, uint16_t v)
{
    put_uint(ctx, v);
}
static void put_uint32(void *ctx, uint32_t v)
{
    put_uint(ctx, v);
}

static void put_negint(void *ctx, uint64_t v)
{
    head *h = ctx;
    h->seen = 1;
    h->it.kind = DK_AUTH_CBOR_NEGINT;
    h->it.value = v;
}
static void put_negint8(void *ctx, uint8_t v)
{
    put_negint(ctx, v);
}
static void put_negint16(void *ctx, uint16_t v)
{
    put_negint(ctx, v);
}
static void put_negint32(void *ctx, uint32_t v)
{
    put_negint(ctx, v);
}

static void put_string(head *h, dk_auth_cbor_kind kind, cbor_data p, size_t n)
{
    h->seen = 1;
    h->it.kind = kind;
    h->it.data = p;
    h->it.len = n;
}
static void put_bytes(void *ctx, cbor_data p, size_t n)
{
    put_string(ctx, DK_AUTH_CBOR_BYTES, p, n);
}
static void put_text(void *ctx, cbor_data p, size_t n)
{
    put_string(ctx, DK_AUTH_CBOR_TEXT, p, n);
}

static void put_array(void *ctx, size_t n)
{
    head *h = ctx;
    h->seen = 1;
    h->it.kind = DK_AUTH_CBOR_ARRAY;
    h->it.value = n;
}
static void put_map(void *ctx, size_t n)
{
    head *h = ctx;
    h->seen = 1;
    h->it.kind = DK_AUTH_CBOR_MAP;
    h->it.value = n;
}

static void put_simple(void *ctx)
{
    head *h = ctx;
    h->seen = 1;
    h->it.kind = DK_AUTH_CBOR_SIMPLE;
}
static void put_bool(void *ctx, bool b)
{
    (void)b;
    put_simple(ctx);
}
static void put_float(void *ctx, float f)
{
    (void)f;
    put_simple(ctx);
}
static void put_double(void *ctx, double d)
{
    (void)d;
    put_simple(ctx);
}

static void refuse(void *ctx)
{
    ((head *)ctx)->refuse = 1;
}
static void refuse_tag(void *ctx, uint64_t tag)
{
    (void)tag;
    refuse(ctx);
}

static const struct cbor_callbacks callbacks = {
    .uint8 = put_uint8,
    .uint16 = put_uint16,
    .uint32 = put_uint32,
    .uint64 = put_uint,
    .negint64 = put_negint,
    .negint32 = put_negint32,
    .negint16 = put_negint16,
    .negint8 = put_negint8,
    .byte_string_start = refuse,
    .byte_string = put_bytes,
    .string = put_text,
    .string_start = refuse,
    .indef_array_start = refuse,
    .array_start = put_array,
    .indef_map_start = refuse,
    .map_start = put_map,
    .tag = refuse_tag,
    .float2 = put_float,
    .float4 = put_float,
    .float8 = put_double,
    .undefined = put_simple,
    .null = put_simple,
    .boolean = put_bool,
    .indef_break = refuse,
};

void dk_auth_cbor_init(dk_auth_cbor_reader *r, const void *p, size_t len)
{
    r->p = p;
    r->len = p ? len : 0;
    r->pos = 0;
}

int dk_auth_cbor_next(dk_auth_cbor_reader *r, dk_auth_cbor_item *it)
{
    if (r->pos >= r->len)
        return -1;
    size_t left = r->len - r->pos;
    head h;
    memset(&h, 0, sizeof h);
    struct cbor_decoder_result res = cbor_stream_decode(r->p + r->pos, left, &callbacks, &h);
    if (res.status != CBOR_DECODER_FINISHED || !h.seen || h.refuse || res.read == 0 ||
        res.read > left)
        return -1;
    left -= res.read;
    /* Each entry takes at least one byte: a count beyond the bytes left is a
     * lie, and refusing it here bounds every loop over entries. */
    if (h.it.kind == DK_AUTH_CBOR_ARRAY && h.it.value > left)
        return -1;
    if (h.it.kind == DK_AUTH_CBOR_MAP && h.it.value > left / 2)
        return -1;
    r->pos += res.read;
    *it = h.it;
    return 0;
}

int dk_auth_cbor_skip(dk_auth_cbor_reader *r, const dk_auth_cbor_item *it, int depth)
{
    enum { MAX_DEPTH = 16 };
    uint64_t pending[MAX_DEPTH]; /* entries still to read at each open level */
    int top = 0;
    if (depth > MAX_DEPTH)
        depth = MAX_DEPTH;
    dk_auth_cbor_item cur = *it;
    size_t start = r->pos;
    for (;;) {
        if (cur.kind == DK_AUTH_CBOR_ARRAY || cur.kind == DK_AUTH_CBOR_MAP) {
            uint64_t n = cur.kind == DK_AUTH_CBOR_MAP ? cur.value * 2 : cur.value;
            if (n > 0) {
                if (top >= depth) {
                    r->pos = start;
                    return -1;
                }
                pending[top++] = n;
            }
        }
        while (top > 0 && pending[top - 1] == 0)
            top--;
        if (top == 0)
            return 0;
        pending[top - 1]--;
        if (dk_auth_cbor_next(r, &cur) != 0) {
            r->pos = start;
            return -1;
        }
    }
}

int dk_auth_cbor_int(const dk_auth_cbor_item *it, int64_t *out)
{
    if (it->kind == DK_AUTH_CBOR_UINT && it->value <= (uint64_t)INT64_MAX) {
        *out = (int64_t)it->value;
        return 0;
    }
    if (it->kind == DK_AUTH_CBOR_NEGINT && it->value <= (uint64_t)INT64_MAX) {
        *out = -1 - (int64_t)it->value;
        return 0;
    }
    return -1;
}

int dk_auth_cbor_text_is(const dk_auth_cbor_item *it, const char *s)
{
    size_t n = strlen(s);
    return it->kind == DK_AUTH_CBOR_TEXT && it->len == n && memcmp(it->data, s, n) == 0;
}
