/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_clock.c — dk_now_ms() (real clock, or DK_NOW plus monotonic elapsed
 * time) and strict ISO-8601 instant parsing/formatting, in UTC and in
 * Brussels local time. */
#include "core/dk_clock.h"

#include "core/dk_calendar.h"
#include "core/dk_config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_once_t clock_once = PTHREAD_ONCE_INIT;
static int clock_pinned;    /* DK_NOW was given */
static int64_t clock_base;  /* DK_NOW, in ms */
static int64_t clock_mono0; /* CLOCK_MONOTONIC at the first call, in ms */

static int64_t read_clock_ms(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void clock_init(void)
{
    const char *v = dk_config_str("DK_NOW");
    if (v == NULL || v[0] == '\0')
        return;
    if (dk_iso8601_parse(v, &clock_base) != 0) {
        fprintf(stderr,
                "dk: DK_NOW=\"%.64s\" is not an ISO-8601 instant "
                "(expected e.g. 2026-03-27T10:00:00Z or 2026-03-27T11:00:00+01:00)\n",
                v);
        exit(2);
    }
    clock_mono0 = read_clock_ms(CLOCK_MONOTONIC);
    clock_pinned = 1;
}

int64_t dk_now_ms(void)
{
    pthread_once(&clock_once, clock_init);
    if (clock_pinned)
        return clock_base + (read_clock_ms(CLOCK_MONOTONIC) - clock_mono0);
    return read_clock_ms(CLOCK_REALTIME);
}

int64_t dk_mono_ms(void)
{
    return read_clock_ms(CLOCK_MONOTONIC);
}

int dk_iso8601_parse(const char *s, int64_t *ms_out)
{
    char datebuf[11];
    dk_date d;
    int hh, mi, ss, ms = 0, off = 0;
    if (s == NULL)
        return -1;
    /* "YYYY-MM-DDTHH:MM:SS" is 19 characters; stop at an early NUL. */
    for (int i = 0; i < 19; i++)
        if (s[i] == '\0')
            return -1;
    memcpy(datebuf, s, 10);
    datebuf[10] = '\0';
    if (dk_date_parse(datebuf, &d) != 0 || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        return -1;
    if (dk_date_parse_digits(s + 11, 2, &hh) || dk_date_parse_digits(s + 14, 2, &mi) ||
        dk_date_parse_digits(s + 17, 2, &ss))
        return -1;
    if (hh > 23 || mi > 59 || ss > 59)
        return -1;
    const char *p = s + 19;
    if (*p == '.') {
        int nd = 0;
        p++;
        while (p[nd] >= '0' && p[nd] <= '9') {
            if (nd < 3)
                ms = ms * 10 + (p[nd] - '0');
            nd++;
        }
        if (nd < 1 || nd > 9)
            return -1;
        for (int i = nd; i < 3; i++)
            ms *= 10;
        p += nd;
    }
    if (p[0] == 'Z' && p[1] == '\0') {
        off = 0;
    } else if (p[0] == '+' || p[0] == '-') {
        int oh, om;
        if (p[1] == '\0' || p[2] == '\0' || p[3] != ':' || p[4] == '\0' || p[5] == '\0' ||
            p[6] != '\0')
            return -1;
        if (dk_date_parse_digits(p + 1, 2, &oh) || dk_date_parse_digits(p + 4, 2, &om) || oh > 23 ||
            om > 59)
            return -1;
        off = (oh * 60 + om) * (p[0] == '-' ? -1 : 1);
    } else {
        return -1;
    }
    int64_t t = dk_date_to_days(d) * DK_MS_PER_DAY;
    t += ((int64_t)hh * 3600 + mi * 60 + ss) * 1000 + ms;
    t -= (int64_t)off * DK_MS_PER_MINUTE;
    *ms_out = t;
    return 0;
}

static char *put2(char *o, int v)
{
    o[0] = (char)('0' + v / 10 % 10);
    o[1] = (char)('0' + v % 10);
    return o + 2;
}

/* Formats a local wall time (ms since the epoch of that wall clock) and
 * appends the zone suffix: "Z" for offset_min == -1, else "+HH:MM". */
static int64_t clamp_years(int64_t ms)
{
    /* 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999Z */
    const int64_t lo = INT64_C(-62135596800000), hi = INT64_C(253402300799999);
    return ms < lo ? lo : ms > hi ? hi : ms;
}

static void format_wall(int64_t wall, int offset_min, char out[32])
{
    wall = clamp_years(wall);
    int64_t r = wall % DK_MS_PER_DAY;
    int64_t days = (wall - (r < 0 ? r + DK_MS_PER_DAY : r)) / DK_MS_PER_DAY;
    int64_t in_day = wall - days * DK_MS_PER_DAY;
    dk_date d = dk_date_from_days(days);
    int secs = (int)(in_day / 1000), ms = (int)(in_day % 1000);
    char *o = out;
    dk_date_format(d, o);
    o += 10;
    *o++ = 'T';
    o = put2(o, secs / 3600);
    *o++ = ':';
    o = put2(o, secs / 60 % 60);
    *o++ = ':';
    o = put2(o, secs % 60);
    if (ms != 0) {
        *o++ = '.';
        *o++ = (char)('0' + ms / 100);
        o = put2(o, ms % 100);
    }
    if (offset_min < 0) {
        *o++ = 'Z';
    } else {
        *o++ = '+';
        o = put2(o, offset_min / 60);
        *o++ = ':';
        o = put2(o, offset_min % 60);
    }
    *o = '\0';
}

void dk_iso8601_utc(int64_t ms, char out[32])
{
    format_wall(ms, -1, out);
}

void dk_iso8601_brussels(int64_t ms, char out[32])
{
    ms = clamp_years(ms);
    int off = dk_brussels_offset_minutes(ms);
    format_wall(ms + off * DK_MS_PER_MINUTE, off, out);
}
