/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_email.c — the e-mail address syntax check declared in dk_email.h:
 * one pass over the local part (dot-atom), one over the domain (LDH labels),
 * plus the length limits of RFC 5321. */
#include "belgium/dk_email.h"

#include <stddef.h>
#include <string.h>

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_atext(char c)
{
    return is_alpha(c) || is_digit(c) || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

static int local_ok(const char *s, size_t n)
{
    if (n < 1 || n > 64 || s[0] == '.' || s[n - 1] == '.')
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.') {
            if (s[i + 1] == '.')
                return 0;
        } else if (!is_atext(s[i])) {
            return 0;
        }
    }
    return 1;
}

/* One LDH label of 1..63 characters without a leading or trailing hyphen. */
static int label_ok(const char *s, size_t n)
{
    if (n < 1 || n > 63 || s[0] == '-' || s[n - 1] == '-')
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_alpha(s[i]) && !is_digit(s[i]) && s[i] != '-')
            return 0;
    return 1;
}

static int tld_ok(const char *s, size_t n)
{
    if (n >= 5 && (s[0] == 'x' || s[0] == 'X') && (s[1] == 'n' || s[1] == 'N') && s[2] == '-' &&
        s[3] == '-')
        return 1; /* already a valid LDH label; an IDN TLD such as xn--p1ai */
    if (n < 2)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!is_alpha(s[i]))
            return 0;
    return 1;
}

static int domain_ok(const char *s, size_t n)
{
    size_t start = 0, labels = 0;
    if (n < 1 || n > 253)
        return 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '.') {
            if (!label_ok(s + start, i - start))
                return 0;
            labels++;
            if (i == n)
                return labels >= 2 && tld_ok(s + start, i - start);
            start = i + 1;
        }
    }
    return 0;
}

int dk_email_valid(const char *s)
{
    if (s == NULL)
        return 0;
    size_t len = strnlen(s, 255);
    if (len > 254)
        return 0;
    const char *at = strchr(s, '@');
    if (at == NULL || strchr(at + 1, '@') != NULL)
        return 0;
    size_t local_len = (size_t)(at - s);
    return local_ok(s, local_len) && domain_ok(at + 1, len - local_len - 1);
}

void dk_email_mailbox_key(const char *addr, char *out, size_t n)
{
    const char *at = strrchr(addr, '@');
    const char *plus = strchr(addr, '+');
    size_t o = 0;
    for (const char *p = addr; *p && o + 1 < n; p++) {
        if (at && plus && p >= plus && p < at)
            continue; /* the tag: from the first '+' of the local part to '@' */
        char c = *p;
        out[o++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    out[o] = '\0';
}
