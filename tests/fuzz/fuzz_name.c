/* SPDX-License-Identifier: EUPL-1.2 */
/* fuzz_name.c — libFuzzer target: any bytes as a name (the HTML form passes
 * bytes that were never JSON, so broken UTF-8 too). Must never crash, and a
 * name it accepts must hold no ASCII other than letters and single joiners. */
#include "belgium/dk_name.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dk_name_valid((const char *)data, size))
        return 0;
    size_t b = 0, e = size; /* spaces at both ends are set aside */
    while (b < e && data[b] == ' ')
        b++;
    while (e > b && data[e - 1] == ' ')
        e--;
    for (size_t i = b; i < e; i++) {
        uint8_t c = data[i];
        int letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (c < 0x80 && !letter && c != ' ' && c != '-' && c != '\'' && c != '.')
            abort(); /* a digit, a sign or a control got through */
        if (i > b && c < 0x80 && !letter && c == data[i - 1])
            abort(); /* "..", "--", "''" or a double space inside */
    }
    return 0;
}
