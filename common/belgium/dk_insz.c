/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_insz.c — INSZ/NISS normalisation and validation (national register and
 * bis numbers): mod-97 check digits with the post-2000 variant, the encoded
 * birth date and the serial range. */
#include "belgium/dk_insz.h"

#include "core/dk_calendar.h"

#include <stddef.h>

int dk_insz_normalise(const char *in, char out[12])
{
    int n = 0;
    out[0] = '\0';
    if (in == NULL)
        return -1;
    for (const char *p = in; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (n == 11) {
                out[0] = '\0';
                return -1;
            }
            out[n++] = *p;
        } else if (*p != '.' && *p != '-' && *p != ' ') {
            out[0] = '\0';
            return -1;
        }
    }
    if (n != 11) {
        out[0] = '\0';
        return -1;
    }
    out[11] = '\0';
    return 0;
}

static long digits_value(const char *s, int n)
{
    long v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

int dk_insz_valid(const char *digits11)
{
    if (digits11 == NULL)
        return 0;
    for (int i = 0; i < 11; i++)
        if (digits11[i] < '0' || digits11[i] > '9')
            return 0;
    if (digits11[11] != '\0')
        return 0;

    long first9 = digits_value(digits11, 9);
    long check = digits_value(digits11 + 9, 2);
    int century;
    if (97 - first9 % 97 == check)
        century = 1900;
    else if (97 - (2000000000L + first9) % 97 == check)
        century = 2000;
    else
        return 0;

    int yy = (int)digits_value(digits11, 2);
    int mm = (int)digits_value(digits11 + 2, 2);
    int dd = (int)digits_value(digits11 + 4, 2);
    int serial = (int)digits_value(digits11 + 6, 3);
    if (serial < 1 || serial > 998)
        return 0;
    if (mm >= 40)
        mm -= 40;
    else if (mm >= 20)
        mm -= 20;
    if (mm > 12)
        return 0;
    if (mm == 0)
        return dd <= 31;
    return dk_date_valid(century + yy, mm, dd);
}
