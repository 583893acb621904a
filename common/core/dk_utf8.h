/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_utf8.h — strict UTF-8 checks for text that users submit: validity,
 * length in code points, and detection of control characters that have no
 * place in a name or an e-mail header. */
#ifndef DK_UTF8_H
#define DK_UTF8_H

#include <stddef.h>

/* 1 when the n bytes at s are well-formed UTF-8 (RFC 3629): no overlong
 * forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no
 * truncated sequence. NUL bytes count as valid (U+0000); reject them with
 * dk_utf8_has_control. */
int dk_utf8_valid(const char *s, size_t n);

/* The number of code points in the NUL-terminated, valid UTF-8 string s. */
size_t dk_utf8_count(const char *s);

/* 1 when the NUL-terminated, valid UTF-8 string s contains a C0 control
 * (U+0001..U+001F, tab and newlines included), DEL (U+007F) or a C1 control
 * (U+0080..U+009F); else 0. */
int dk_utf8_has_control(const char *s);

/* The same, but tab, line feed and carriage return are allowed (for
 * multi-line text such as a motivation). */
int dk_utf8_has_control_except_newline(const char *s);

#endif
