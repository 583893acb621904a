/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_hours.c — parsing, canonical formatting and slot cutting of weekly
 * working hours (see dk_hours.h). The parser works on (pointer, length)
 * pieces of the text and never writes into it. */
#include "belgium/dk_hours.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const day_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

typedef struct {
    const char *s;
    size_t n;
} piece;

static piece trim(piece p)
{
    while (p.n > 0 && p.s[0] == ' ') {
        p.s++;
        p.n--;
    }
    while (p.n > 0 && p.s[p.n - 1] == ' ')
        p.n--;
    return p;
}

/* Splits *rest at the first sep: the part before it, and *rest after it
 * (rest->s == NULL once the last part was taken). */
static piece next_part(piece *rest, char sep)
{
    piece part = *rest;
    const char *at = memchr(rest->s, sep, rest->n);
    if (at) {
        part.n = (size_t)(at - rest->s);
        rest->n -= part.n + 1;
        rest->s = at + 1;
    } else {
        rest->s = NULL;
        rest->n = 0;
    }
    return part;
}

/* A piece of the spec quoted in a message: at most 30 bytes, then "...". */
static void quoted(char *dst, size_t n, piece p)
{
    size_t k = p.n > 30 ? 30 : p.n;
    snprintf(dst, n, "%.*s%s", (int)k, p.s, p.n > k ? "..." : "");
}

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen, const char *fmt,
                                                      ...)
{
    if (err && errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* 0..6 for a day name in any case, -1 otherwise. */
static int day_index(piece p)
{
    if (p.n != 3)
        return -1;
    for (int d = 0; d < 7; d++) {
        int same = 1;
        for (int i = 0; i < 3; i++) {
            char c = p.s[i];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (c != day_names[d][i])
                same = 0;
        }
        if (same)
            return d;
    }
    return -1;
}

static int bad_day(piece p, char *err, size_t errlen)
{
    char q[40];
    quoted(q, sizeof q, p);
    return fail(err, errlen, "day '%s' is not one of mon tue wed thu fri sat sun", q);
}

/* "mon", "mon-fri", "mon,wed" ... into a bit mask of days (bit 0 = Monday). */
static int parse_days(piece list, unsigned *mask, char *err, size_t errlen)
{
    char q[40];
    *mask = 0;
    piece rest = list;
    while (rest.s) {
        piece item = trim(next_part(&rest, ','));
        if (item.n == 0) {
            quoted(q, sizeof q, list);
            return fail(err, errlen, "empty day in '%s'", q);
        }
        piece last = item;
        piece first = trim(next_part(&last, '-'));
        int a = day_index(first), b = a;
        if (a < 0)
            return bad_day(first, err, errlen);
        if (last.s) {
            last = trim(last);
            b = day_index(last);
            if (b < 0)
                return bad_day(last, err, errlen);
            if (b < a) {
                quoted(q, sizeof q, item);
                return fail(err, errlen, "day range '%s' runs backwards (the week starts on mon)",
                            q);
            }
        }
        for (int d = a; d <= b; d++) {
            if (*mask & (1u << d))
                return fail(err, errlen, "day '%s' is listed twice", day_names[d]);
            *mask |= 1u << d;
        }
    }
    return 0;
}

/* "HH:MM" from 00:00 to 24:00 into minutes; -1 with a message. */
static int parse_time(piece p, int *minutes, char *err, size_t errlen)
{
    char q[40];
    quoted(q, sizeof q, p);
    const char *s = p.s;
    if (p.n != 5 || s[2] != ':')
        return fail(err, errlen, "time '%s' is not HH:MM", q);
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return fail(err, errlen, "time '%s' is not HH:MM", q);
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0))
        return fail(err, errlen, "time '%s' is not between 00:00 and 24:00", q);
    *minutes = h * 60 + m;
    return 0;
}

/* "09:00-12:00,13:00-17:00" into ranges (at most DK_HOURS_MAX_RANGES). */
static int parse_ranges(piece list, dk_hours_range *ranges, int *count, char *err, size_t errlen)
{
    char q[40];
    *count = 0;
    piece rest = list;
    while (rest.s) {
        piece item = trim(next_part(&rest, ','));
        quoted(q, sizeof q, item);
        if (item.n == 0) {
            quoted(q, sizeof q, list);
            return fail(err, errlen, "empty time range in '%s'", q);
        }
        piece to = item;
        piece from = trim(next_part(&to, '-'));
        if (!to.s)
            return fail(err, errlen, "time range '%s' is not HH:MM-HH:MM", q);
        int a, b;
        if (parse_time(from, &a, err, errlen) != 0 || parse_time(trim(to), &b, err, errlen) != 0)
            return -1;
        if (a >= b)
            return fail(err, errlen, "time range '%s' does not end after it starts", q);
        if (*count == DK_HOURS_MAX_RANGES) /* see DK_HOURS_MAX_RANGES */
            return fail(err, errlen, "more than %d time ranges in one group", DK_HOURS_MAX_RANGES);
        ranges[*count].from = (short)a;
        ranges[*count].to = (short)b;
        (*count)++;
    }
    return 0;
}

static void time_text(char out[6], int minutes)
{
    unsigned m = minutes < 0 ? 0u : minutes > 1440 ? 1440u : (unsigned)minutes;
    snprintf(out, 6, "%02u:%02u", m / 60, m % 60);
}

/* One group: the day list, then the time ranges (which start with a digit). */
static int parse_group(piece group, dk_hours *h, char *err, size_t errlen)
{
    char q[40];
    quoted(q, sizeof q, group);
    size_t k = 0;
    while (k < group.n && (group.s[k] < '0' || group.s[k] > '9'))
        k++;
    piece days = trim((piece){group.s, k}), times = {group.s + k, group.n - k};
    if (days.n == 0)
        return fail(err, errlen, "group '%s' does not start with days", q);
    if (times.n == 0)
        return fail(err, errlen, "group '%s' has no time range", q);
    unsigned mask;
    dk_hours_range ranges[DK_HOURS_MAX_RANGES];
    int count;
    if (parse_days(days, &mask, err, errlen) != 0 ||
        parse_ranges(times, ranges, &count, err, errlen) != 0)
        return -1;
    for (int d = 0; d < 7; d++) {
        if (!(mask & (1u << d)))
            continue;
        for (int i = 0; i < count; i++) {
            if (h->nranges[d] == DK_HOURS_MAX_RANGES) /* see DK_HOURS_MAX_RANGES */
                return fail(err, errlen, "more than %d time ranges on %s", DK_HOURS_MAX_RANGES,
                            day_names[d]);
            h->ranges[d][h->nranges[d]++] = ranges[i];
        }
    }
    return 0;
}

/* Sorts each day's ranges and refuses overlaps. */
static int sort_and_check(dk_hours *h, char *err, size_t errlen)
{
    for (int d = 0; d < 7; d++) {
        dk_hours_range *r = h->ranges[d];
        for (int i = 1; i < h->nranges[d]; i++) {
            dk_hours_range x = r[i];
            int j = i;
            for (; j > 0 &&
                   (r[j - 1].from > x.from || (r[j - 1].from == x.from && r[j - 1].to > x.to));
                 j--)
                r[j] = r[j - 1];
            r[j] = x;
        }
        for (int i = 1; i < h->nranges[d]; i++) {
            if (r[i].from < r[i - 1].to) {
                char a[6], b[6], c[6], e[6];
                time_text(a, r[i - 1].from);
                time_text(b, r[i - 1].to);
                time_text(c, r[i].from);
                time_text(e, r[i].to);
                return fail(err, errlen, "time ranges %s-%s and %s-%s overlap on %s", a, b, c, e,
                            day_names[d]);
            }
        }
    }
    return 0;
}

int dk_hours_parse(const char *spec, dk_hours *out, char *err, size_t errlen)
{
    if (err && errlen > 0)
        err[0] = '\0';
    if (!out)
        return fail(err, errlen, "no place for the hours");
    memset(out, 0, sizeof *out);
    if (!spec)
        return fail(err, errlen, "no hours given");
    size_t len = strnlen(spec, DK_HOURS_SPEC_MAX + 1);
    if (len > DK_HOURS_SPEC_MAX)
        return fail(err, errlen, "hours are longer than %d characters", DK_HOURS_SPEC_MAX);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)spec[i];
        if (c < 0x20 || c > 0x7e)
            return fail(err, errlen,
                        "byte 0x%02x at position %zu is not a printable ASCII character", c, i + 1);
    }
    piece all = trim((piece){spec, len});
    if (all.n == 0)
        return fail(err, errlen, "hours are empty");
    piece rest = all;
    for (int g = 1; rest.s; g++) {
        piece group = trim(next_part(&rest, ';'));
        if (group.n == 0) {
            memset(out, 0, sizeof *out);
            return fail(err, errlen, "group %d (between ';') is empty", g);
        }
        if (parse_group(group, out, err, errlen) != 0) {
            memset(out, 0, sizeof *out);
            return -1;
        }
    }
    if (sort_and_check(out, err, errlen) != 0) {
        memset(out, 0, sizeof *out);
        return -1;
    }
    return 0;
}

/* Appends to out (size n) at *len, keeping a NUL; stops silently when full. */
__attribute__((format(printf, 4, 5))) static void append(char *out, size_t n, size_t *len,
                                                         const char *fmt, ...)
{
    if (*len + 1 >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(out + *len, n - *len, fmt, ap);
    va_end(ap);
    if (k > 0)
        *len = *len + (size_t)k < n ? *len + (size_t)k : n - 1;
}

/* Days as the shortest list: runs of three or more as "mon-wed". */
static void append_days(char *out, size_t n, size_t *len, unsigned mask)
{
    int first = 1;
    for (int d = 0; d < 7; d++) {
        if (!(mask & (1u << d)))
            continue;
        int e = d;
        while (e + 1 < 7 && (mask & (1u << (e + 1))))
            e++;
        const char *sep = first ? "" : ",";
        if (e - d >= 2)
            append(out, n, len, "%s%s-%s", sep, day_names[d], day_names[e]);
        else if (e == d + 1)
            append(out, n, len, "%s%s,%s", sep, day_names[d], day_names[e]);
        else
            append(out, n, len, "%s%s", sep, day_names[d]);
        first = 0;
        d = e;
    }
}

void dk_hours_format(const dk_hours *h, char *out, size_t n)
{
    if (!out || n == 0)
        return;
    out[0] = '\0';
    if (!h)
        return;
    /* Every distinct range with the set of days that have it, ascending. */
    dk_hours_range ranges[7 * DK_HOURS_MAX_RANGES];
    unsigned masks[7 * DK_HOURS_MAX_RANGES];
    int count = 0;
    for (;;) {
        dk_hours_range best = {0, 0};
        int found = 0;
        for (int d = 0; d < 7; d++)
            for (int i = 0; i < h->nranges[d] && i < DK_HOURS_MAX_RANGES; i++) {
                dk_hours_range r = h->ranges[d][i];
                int after = count == 0 || r.from > ranges[count - 1].from ||
                            (r.from == ranges[count - 1].from && r.to > ranges[count - 1].to);
                int better =
                    !found || r.from < best.from || (r.from == best.from && r.to < best.to);
                if (after && better) {
                    best = r;
                    found = 1;
                }
            }
        if (!found)
            break;
        unsigned mask = 0;
        for (int d = 0; d < 7; d++)
            for (int i = 0; i < h->nranges[d] && i < DK_HOURS_MAX_RANGES; i++)
                if (h->ranges[d][i].from == best.from && h->ranges[d][i].to == best.to)
                    mask |= 1u << d;
        ranges[count] = best;
        masks[count++] = mask;
    }
    /* One group per day set, ordered by its first day, then first range. */
    size_t len = 0;
    unsigned char done[7 * DK_HOURS_MAX_RANGES] = {0};
    for (int d = 0; d < 7; d++)
        for (int i = 0; i < count; i++) {
            if (done[i] || (masks[i] & ((2u << d) - 1)) != (1u << d))
                continue;
            if (len > 0)
                append(out, n, &len, "; ");
            append_days(out, n, &len, masks[i]);
            const char *sep = " ";
            for (int j = i; j < count; j++) {
                if (done[j] || masks[j] != masks[i])
                    continue;
                char a[6], b[6];
                time_text(a, ranges[j].from);
                time_text(b, ranges[j].to);
                append(out, n, &len, "%s%s-%s", sep, a, b);
                sep = ",";
                done[j] = 1;
            }
        }
}

int dk_hours_slots(const dk_hours *h, int weekday, int slot_minutes, int *starts, int max)
{
    if (!h || weekday < 1 || weekday > 7 || slot_minutes <= 0 || !starts)
        return 0;
    int count = 0, d = weekday - 1;
    for (int i = 0; i < h->nranges[d] && i < DK_HOURS_MAX_RANGES; i++)
        for (int s = h->ranges[d][i].from; s + slot_minutes <= h->ranges[d][i].to && count < max;
             s += slot_minutes)
            starts[count++] = s;
    return count;
}
