/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_qr.h — a QR code (libqrencode) as an SVG fragment, so the
 * enrolment pages of the staff console and of the digital keys show the
 * otpauth:// URI as a picture to scan without a second request (the secret
 * must not travel to, or be cached by, an image URL). */
#ifndef DK_AUTH_QR_H
#define DK_AUTH_QR_H

#include "core/dk_buf.h"

/* The quiet zone around the code, in modules (ISO/IEC 18004 asks for 4). */
#define DK_AUTH_QR_QUIET_MODULES 4

/* Appends text (NUL-terminated, 1..1024 bytes, taken as 8-bit bytes) as a QR
 * code of error-correction level M, the smallest version that holds it:
 *   <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 N N" role="img"
 *    aria-label="LABEL" shape-rendering="crispEdges"><rect .. fill="#fff"/>
 *   <path fill="#000" d="M4 4h7v1h-7z..."/></svg>
 * one module per unit of the viewBox (N = modules + 2 × the quiet zone),
 * white background, every dark module in one path, no width or height: it
 * scales to the box the page gives it (give it one, e.g. 16rem). aria_label
 * (may be NULL: no label) is escaped for the attribute here. It is markup we
 * rendered ourselves: a page inserts it raw ({{&name}}) in element text.
 * Returns 0, or -1 when text is NULL, empty or too long, libqrencode failed,
 * or the buffer failed. */
int dk_auth_qr_svg(dk_buf *out, const char *text, const char *aria_label);

#endif
