/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_utf8.c — a table-free strict UTF-8 validator (the well-formed byte
 * sequences of RFC 3629, Table 3-7 of the Unicode standard), a code point
 * counter and the control-character scans. */
#include "core/dk_utf8.h"

int dk_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        size_t len;
        unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0)
                lo = 0xA0; /* overlong */
            else if (c == 0xED)
                hi = 0x9F; /* surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0)
                lo = 0x90; /* overlong */
            else if (c == 0xF4)
                hi = 0x8F; /* above U+10FFFF */
        } else {
            return 0; /* continuation byte, C0/C1 overlong lead, or F5..FF */
        }
        if (n - i < len)
            return 0;
        if (p[i + 1] < lo || p[i + 1] > hi)
            return 0;
        for (size_t k = 2; k < len; k++)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF)
                return 0;
        i += len;
    }
    return 1;
}

size_t dk_utf8_count(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            n++;
    return n;
}

static int scan_controls(const char *s, int allow_newline)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p < 0x20) {
            if (allow_newline && (*p == '\n' || *p == '\r' || *p == '\t'))
                continue;
            return 1;
        }
        if (*p == 0x7F)
            return 1;
        /* U+0080..U+009F are encoded C2 80 .. C2 9F. */
        if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
            return 1;
    }
    return 0;
}

int dk_utf8_has_control(const char *s)
{
    return scan_controls(s, 0);
}

int dk_utf8_has_control_except_newline(const char *s)
{
    return scan_controls(s, 1);
}
