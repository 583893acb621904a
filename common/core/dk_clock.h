/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_clock.h — the one clock every component reads, plus ISO-8601 parsing
 * and formatting of instants. DK_NOW lets tests and demos pin "now" to a
 * chosen instant that then advances with real elapsed time. */
#ifndef DK_CLOCK_H
#define DK_CLOCK_H

#include <stdint.h>

/* The current UTC instant in milliseconds since 1970-01-01T00:00:00Z.
 * When DK_NOW holds an ISO-8601 instant (see dk_iso8601_parse), the clock
 * starts at that instant on the first call and advances with the monotonic
 * clock from then on. An unset or empty DK_NOW means the real clock. A
 * malformed DK_NOW prints one line to stderr and exits with status 2 on the
 * first call. Thread-safe. */
int64_t dk_now_ms(void);

/* Milliseconds on the monotonic clock, for durations and deadlines (never
 * DK_NOW: a timeout must really elapse). */
int64_t dk_mono_ms(void);

/* Strict ISO-8601 / RFC 3339 instant:
 *   YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+HH:MM|-HH:MM)
 * upper-case 'T' and 'Z', a real date with year 1000..9999, hours 00..23,
 * seconds 00..59 (no leap second), offset hours 00..23. The fraction is
 * truncated to milliseconds. Returns 0 and fills *ms_out, or -1. */
int dk_iso8601_parse(const char *s, int64_t *ms_out);

/* "2026-03-27T10:00:00Z"; ".123" is inserted before the 'Z' only when the
 * millisecond part is non-zero, so every instant round-trips exactly
 * through dk_iso8601_parse. Instants outside years 1..9999 are clamped. */
void dk_iso8601_utc(int64_t ms, char out[32]);

/* The same instant as Brussels wall time with its offset, e.g.
 * "2026-03-30T09:00:00+02:00" (milliseconds as in dk_iso8601_utc). */
void dk_iso8601_brussels(int64_t ms, char out[32]);

#endif
