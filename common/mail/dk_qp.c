/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_qp.c — quoted-printable bodies and RFC 2047 encoded-words. Line limits
 * are enforced here, where the characters are counted, so callers only have
 * to say at which column they start. */
#include "mail/dk_qp.h"

#include "core/dk_utf8.h"

#include <string.h>

static const char HEX[] = "0123456789ABCDEF";
static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* ---- quoted-printable body ---------------------------------------------- */

int dk_qp_body(dk_buf *out, const char *text, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t eol = i;
        while (eol < len && text[eol] != '\n')
            eol++;
        size_t end = eol; /* content of this line: [i, end) */
        if (end > i && text[end - 1] == '\r')
            end--;
        size_t col = 0;
        for (size_t j = i; j < end; j++) {
            unsigned char c = (unsigned char)text[j];
            int last = j + 1 == end;
            int enc = !((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last));
            size_t limit = last ? 76 : 75; /* leave room for a soft-break "=" */
            if (col + (enc ? 3 : 1) > limit) {
                if (dk_buf_append(out, "=\r\n", 3) != 0)
                    return -1;
                col = 0;
            }
            /* A lone "." line ends SMTP data and "From " lines get mangled by
             * mbox tools: encode their first byte wherever a line starts. */
            if (col == 0 &&
                (c == '.' || (c == 'F' && end - j >= 5 && memcmp(text + j, "From ", 5) == 0)))
                enc = 1;
            char tok[3] = {(char)c, 0, 0};
            if (enc) {
                tok[0] = '=';
                tok[1] = HEX[c >> 4];
                tok[2] = HEX[c & 15];
            }
            if (dk_buf_append(out, tok, enc ? 3 : 1) != 0)
                return -1;
            col += enc ? 3 : 1;
        }
        if (eol < len && dk_buf_append(out, "\r\n", 2) != 0)
            return -1;
        i = eol < len ? eol + 1 : len;
    }
    return 0;
}

/* ---- RFC 2047 encoded-words --------------------------------------------- */

/* Length of the UTF-8 sequence whose lead byte is c (input already valid). */
static size_t utf8_seq_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* RFC 2047 §5(3): the only bytes a Q word may carry literally when it stands
 * in a phrase; we use the same safe set in every field. Space becomes "_". */
static int q_literal(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '!' ||
           c == '*' || c == '+' || c == '-' || c == '/';
}

static size_t q_cost(const unsigned char *s, size_t n)
{
    size_t cost = 0;
    for (size_t i = 0; i < n; i++)
        cost += (q_literal(s[i]) || s[i] == ' ') ? 1 : 3;
    return cost;
}

static size_t b_cost(size_t n)
{
    return (n + 2) / 3 * 4;
}

static int q_append(dk_buf *out, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        char tok[3] = {(char)c, 0, 0};
        size_t tl = 1;
        if (c == ' ') {
            tok[0] = '_';
        } else if (!q_literal(c)) {
            tok[0] = '=';
            tok[1] = HEX[c >> 4];
            tok[2] = HEX[c & 15];
            tl = 3;
        }
        if (dk_buf_append(out, tok, tl) != 0)
            return -1;
    }
    return 0;
}

static int b_append(dk_buf *out, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)s[i] << 16;
        size_t rest = n - i;
        if (rest > 1)
            v |= (unsigned)s[i + 1] << 8;
        if (rest > 2)
            v |= s[i + 2];
        char q[4] = {B64[(v >> 18) & 63], B64[(v >> 12) & 63], rest > 1 ? B64[(v >> 6) & 63] : '=',
                     rest > 2 ? B64[v & 63] : '='};
        if (dk_buf_append(out, q, 4) != 0)
            return -1;
    }
    return 0;
}

#define WORD_OVERHEAD 12 /* "=?UTF-8?Q?" + "?=" */
#define CHAR_COST_MAX 12 /* one 4-byte character, Q-encoded */

int dk_qp_rfc2047(dk_buf *out, size_t col, const char *utf8, size_t *col_out)
{
    const unsigned char *s = (const unsigned char *)utf8;
    size_t n = strlen(utf8);
    if (!dk_utf8_valid(utf8, n))
        return -1;
    int use_q = q_cost(s, n) <= b_cost(n);
    int first = 1;
    size_t i = 0;
    while (i < n) {
        /* Fold before every word but the first, and before the first too
         * when the caller's column leaves no room for a useful word. */
        if (!first || DK_QP_HEADER_LINE_MAX < col + WORD_OVERHEAD + CHAR_COST_MAX) {
            if (dk_buf_append(out, "\r\n ", 3) != 0)
                return -1;
            col = 1;
        }
        first = 0;
        size_t room = DK_QP_HEADER_LINE_MAX - col;
        if (room > DK_QP_WORD_MAX)
            room = DK_QP_WORD_MAX;
        size_t payload_max = room - WORD_OVERHEAD;
        /* Take whole characters while the encoded payload still fits. */
        size_t take = 0, cost = 0;
        while (i + take < n) {
            size_t k = utf8_seq_len(s[i + take]);
            size_t c2 = use_q ? cost + q_cost(s + i + take, k) : b_cost(take + k);
            if (c2 > payload_max)
                break;
            take += k;
            cost = c2;
        }
        if (take == 0) /* cannot happen: payload_max >= CHAR_COST_MAX */
            return -1;
        if (dk_buf_puts(out, use_q ? "=?UTF-8?Q?" : "=?UTF-8?B?") != 0 ||
            (use_q ? q_append(out, s + i, take) : b_append(out, s + i, take)) != 0 ||
            dk_buf_puts(out, "?=") != 0)
            return -1;
        col += WORD_OVERHEAD + cost;
        i += take;
    }
    if (col_out)
        *col_out = col;
    return 0;
}
