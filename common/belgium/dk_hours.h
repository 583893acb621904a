/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_hours.h — an interviewer's weekly working hours, as an operator types
 * them ("mon-fri 09:00-12:00,13:00-17:00", "mon,wed 09:00-17:00; fri
 * 09:00-12:00"): strict parsing with a message naming the bad part, a
 * canonical text form, and the interview slots a weekday holds. Times are
 * Brussels wall-clock minutes of the day; no allocation anywhere. */
#ifndef DK_HOURS_H
#define DK_HOURS_H

#include <stddef.h>

#define DK_HOURS_SPEC_MAX 200 /* longest accepted text, in bytes */
/* Time ranges on one day. A range takes 11 bytes and a separator, so 200
 * bytes hold at most 16: the parser's checks of this bound only guard the
 * arrays should the two limits ever change apart. */
#define DK_HOURS_MAX_RANGES 16
/* Room for any canonical text and its NUL: at most 16 groups (one per
 * distinct range) of a 19-byte day list, a space and a range, plus the 12
 * bytes of each further range and the "; " between groups: 526 bytes. */
#define DK_HOURS_TEXT_MAX 528

typedef struct {
    short from, to; /* minutes of the day, 0 <= from < to <= 1440 */
} dk_hours_range;

/* Per weekday, index 0 = Monday .. 6 = Sunday: the ranges sorted and
 * disjoint, the unused ones zero (so that two equal hours compare equal
 * with memcmp). */
typedef struct {
    int nranges[7];
    dk_hours_range ranges[7][DK_HOURS_MAX_RANGES];
} dk_hours;

/* Grammar: groups separated by ';'; a group is a day list, then time ranges
 * separated by ','. A day list is days or day ranges separated by ','
 * ("mon", "mon-fri", "mon,wed,fri"), days mon tue wed thu fri sat sun in any
 * case. A time range is HH:MM-HH:MM from 00:00 to 24:00, start before end.
 * Spaces may surround the separators. A day may appear in several groups;
 * its ranges must not overlap (touching is fine). At most
 * DK_HOURS_SPEC_MAX bytes, printable ASCII only.
 * Returns 0 and fills *out, or -1 with a one-line reason naming the bad part
 * in err (when err is not NULL and errlen > 0), e.g.
 *   day 'mun' is not one of mon tue wed thu fri sat sun */
int dk_hours_parse(const char *spec, dk_hours *out, char *err, size_t errlen);

/* The canonical text: one group per set of days sharing time ranges, the
 * groups ordered by their first day, then by their first range, e.g.
 *   "mon-fri 09:00-12:00,13:00-17:00; sat 10:00-12:00"
 * For every h that dk_hours_parse produced, parsing this text gives h back
 * whenever the text fits DK_HOURS_SPEC_MAX, which ordinary hours always do.
 * Only contrived specs near the limit, sharing many ranges across different
 * day sets, have a longer canonical text than themselves: e.g. ten groups
 * "mon,tue 01:00-02:00;mon,wed 03:00-04:00;..." (199 bytes) become 208.
 * Truncated to n-1 bytes (DK_HOURS_TEXT_MAX is always enough); "" for hours
 * with no range. */
void dk_hours_format(const dk_hours *h, char *out, size_t n);

/* The start minutes of the slots of slot_minutes on ISO weekday (1 = Monday
 * .. 7 = Sunday): each range is cut from its start into whole slots, a
 * remainder too short for a slot is dropped. Writes at most max starts,
 * ascending, and returns how many it wrote (1440 is always enough room); 0
 * for a bad weekday or slot_minutes <= 0. */
int dk_hours_slots(const dk_hours *h, int weekday, int slot_minutes, int *starts, int max);

#endif
