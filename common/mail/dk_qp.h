/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_qp.h — the quoted-printable family of MIME encodings: quoted-printable
 * bodies (RFC 2045 §6.7) and RFC 2047 encoded-words for non-ASCII header
 * text. dk_mime composes messages with them; kept apart so each is testable. */
#ifndef DK_QP_H
#define DK_QP_H

#include <stddef.h>

#include "core/dk_buf.h"

/* The longest header line we write (RFC 5322 §2.1.1 "SHOULD"), and the
 * longest encoded-word (RFC 2047 §2). */
#define DK_QP_HEADER_LINE_MAX 78
#define DK_QP_WORD_MAX 75

/* Appends `text` (len bytes) to out as a quoted-printable body. Line breaks in
 * the input (LF or CRLF) become CRLF hard breaks; every output line is at most
 * 76 characters, longer lines get "=" soft breaks; "=", non-ASCII bytes, bare
 * CR, whitespace ending a line, and a "." or "From " opening a line are
 * encoded. No final CRLF is added beyond the ones in the text. Returns 0, or
 * -1 when memory ran out. */
int dk_qp_body(dk_buf *out, const char *text, size_t len);

/* Appends the UTF-8 string `utf8` to out as RFC 2047 encoded-words
 * "=?UTF-8?Q?...?=" or "=?UTF-8?B?...?=" (whichever is shorter for this
 * text), usable both in unstructured fields (Subject) and in a display-name
 * phrase (From). The words are folded with CRLF SP so that no line exceeds
 * DK_QP_HEADER_LINE_MAX; each word is at most DK_QP_WORD_MAX characters and
 * holds whole UTF-8 characters only. `col` is the column at which the value
 * starts (e.g. 9 after "Subject: "); the column after the last word is
 * stored in *col_out when col_out is not NULL. The input must be valid UTF-8
 * (checked with dk_utf8_valid: -1 otherwise); an empty string appends nothing. Returns 0, or -1
 * also when memory ran out. */
int dk_qp_rfc2047(dk_buf *out, size_t col, const char *utf8, size_t *col_out);

#endif
