/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_cbor.h — a bounded CBOR reader for WebAuthn's structures
 * (attestationObject, COSE_Key, authenticator extensions), one item head at
 * a time on libcbor's streaming decoder. It accepts what CTAP2's canonical
 * encoding may hold: definite lengths only, no tags; every length is checked
 * against the bytes left before anything is read, and skipping a nested
 * value is iterative with a depth bound (no recursion). Used inside auth
 * only. */
#ifndef DK_AUTH_CBOR_H
#define DK_AUTH_CBOR_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    DK_AUTH_CBOR_UINT,   /* value */
    DK_AUTH_CBOR_NEGINT, /* -1 - value */
    DK_AUTH_CBOR_BYTES,  /* data, len */
    DK_AUTH_CBOR_TEXT,   /* data, len (UTF-8 not checked) */
    DK_AUTH_CBOR_ARRAY,  /* value = number of items that follow */
    DK_AUTH_CBOR_MAP,    /* value = number of key/value pairs that follow */
    DK_AUTH_CBOR_SIMPLE, /* false, true, null, undefined or a float: a leaf */
} dk_auth_cbor_kind;

typedef struct {
    dk_auth_cbor_kind kind;
    uint64_t value;
    const unsigned char *data;
    size_t len;
} dk_auth_cbor_item;

/* A cursor over len bytes at p (which the caller keeps alive). */
typedef struct {
    const unsigned char *p;
    size_t len, pos;
} dk_auth_cbor_reader;

void dk_auth_cbor_init(dk_auth_cbor_reader *r, const void *p, size_t len);

/* Reads the next item's head (a string's bytes with it) and moves past it.
 * Returns 0, or -1 (the cursor unmoved) when the bytes end too soon, or the
 * item is an indefinite length, a tag, a break, reserved, or an array or map
 * announcing more entries than bytes are left. */
int dk_auth_cbor_next(dk_auth_cbor_reader *r, dk_auth_cbor_item *it);

/* Moves past the rest of the value whose head is it (just read): an array's
 * or map's entries, nested at most depth levels below it. Returns 0/-1. */
int dk_auth_cbor_skip(dk_auth_cbor_reader *r, const dk_auth_cbor_item *it, int depth);

/* The integer of a UINT or NEGINT item that fits in int64_t. Returns 0/-1. */
int dk_auth_cbor_int(const dk_auth_cbor_item *it, int64_t *out);

/* 1 when it is a TEXT item equal to the NUL-terminated s. */
int dk_auth_cbor_text_is(const dk_auth_cbor_item *it, const char *s);

#endif
