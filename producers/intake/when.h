/* SPDX-License-Identifier: EUPL-1.2 */
/* when.h — instants written out for people: the Brussels wall date and time
 * in words of the page language ("dinsdag 8 december 2026, van 10:30 tot
 * 11:00"), whatever the server's time zone. */
#ifndef DK_INTAKE_WHEN_H
#define DK_INTAKE_WHEN_H

#include "core/dk_buf.h"

#include <stdint.h>

/* "dinsdag 8 december 2026" / "mardi 8 décembre 2026" / "Tuesday 8 December 2026" */
void dk_when_day(dk_buf *b, const char *lang, int64_t ms);

/* "10:30" / "10h30" */
void dk_when_clock(dk_buf *b, const char *lang, int64_t ms);

/* The day of start with the times of start and end. */
void dk_when_slot(dk_buf *b, const char *lang, int64_t start, int64_t end);

/* The day and time of one instant ("… om 10:45"). */
void dk_when_instant(dk_buf *b, const char *lang, int64_t ms);

#endif
