/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_mrz_clean.c — from the bytes an OCR (or a person) produced to MRZ
 * lines of the right count and width: what OCR does to the band without
 * changing a character's meaning is undone here (spaces, lower case, the
 * guillemet '«' read for two fillers, a line one or two fillers too long or
 * too short); everything else outside A-Z 0-9 '<' stays as '?', one per
 * character, so that every field keeps its position and a check digit can
 * still judge it. */
#include "mrz/dk_mrz_internal.h"

#include <stdio.h>
#include <string.h>

#define RAW_MAX 256      /* bytes of one line as read: far above any MRZ line */
#define GUILLEMET '\x01' /* '«' until the format says whether it stands for one filler or two */

/* Cleans one line into out (at most RAW_MAX characters); the number of
 * characters. */
static int clean_line(const char *s, size_t n, char *out)
{
    int k = 0;
    for (size_t i = 0; i < n && k < RAW_MAX;) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f') {
            i++;
            continue;
        }
        if (c < 0x80) {
            if (c >= 'a' && c <= 'z')
                c = (unsigned char)(c - 'a' + 'A');
            int ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<';
            out[k++] = ok ? (char)c : '?';
            i++;
            continue;
        }
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xAB) { /* « */
            out[k++] = GUILLEMET;
            i += 2;
            continue;
        }
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] == 0xB9) { /* ‹ */
            out[k++] = '<';
            i += 3;
            continue;
        }
        /* Any other character: one '?' for a whole well-formed sequence, one
         * per stray byte. */
        size_t len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 1;
        if (c > 0xF4)
            len = 1;
        size_t j = 1;
        while (j < len && i + j < n && ((unsigned char)s[i + j] & 0xC0) == 0x80)
            j++;
        out[k++] = '?';
        i += j == len ? len : 1;
    }
    return k;
}

/* Expands the guillemets of line (k characters) into one or two fillers so
 * that the line comes as close to width as it can; the new length. */
static int expand_guillemets(char *line, int k, int width, int room)
{
    int g = 0;
    for (int i = 0; i < k; i++)
        g += line[i] == GUILLEMET;
    if (g == 0)
        return k;
    int twice = k + g <= width && k + g <= room;
    char tmp[RAW_MAX * 2];
    int t = 0;
    for (int i = 0; i < k; i++) {
        if (line[i] != GUILLEMET) {
            tmp[t++] = line[i];
            continue;
        }
        tmp[t++] = '<';
        if (twice)
            tmp[t++] = '<';
    }
    memcpy(line, tmp, (size_t)t);
    return t;
}

/* The start and length of the longest run of fillers in line[0..k). */
static int longest_run(const char *line, int k, int *start)
{
    int best = 0;
    *start = -1;
    for (int i = 0; i < k;) {
        if (line[i] != '<') {
            i++;
            continue;
        }
        int j = i;
        while (j < k && line[j] == '<')
            j++;
        if (j - i > best) {
            best = j - i;
            *start = i;
        }
        i = j;
    }
    return best;
}

/* Brings line (k characters, room for RAW_MAX) to width: too long by one
 * or two fillers at its end (or in its longest filler run), or too short
 * by one or two (appended where the line ends in a free field, inserted in
 * its longest filler run otherwise). 0, or -1 when it cannot. */
static int fit_width(dk_mrz *m, int li, char *line, int k, int width, int may_append)
{
    int diff = k - width;
    if (diff == 0)
        return 0;
    if (diff > 2 || diff < -2)
        return -1;
    int start, run = longest_run(line, k, &start);
    if (diff > 0) {
        int tail = 0;
        while (tail < diff && line[k - 1 - tail] == '<')
            tail++;
        if (tail == diff) {
            for (int i = 0; i < diff; i++)
                dk_mrz_note(m, "line", li + 1, width + 1 + i, '<', 0, "length");
            return 0;
        }
        if (run < diff + 2)
            return -1;
        memmove(line + start, line + start + diff, (size_t)(k - start - diff));
        for (int i = 0; i < diff; i++)
            dk_mrz_note(m, "line", li + 1, start + 1, '<', 0, "length");
        return 0;
    }
    int need = -diff;
    if (may_append) {
        for (int i = 0; i < need; i++) {
            line[k + i] = '<';
            dk_mrz_note(m, "line", li + 1, k + i + 1, 0, '<', "length");
        }
        return 0;
    }
    if (run < 2)
        return -1;
    memmove(line + start + need, line + start, (size_t)(k - start));
    for (int i = 0; i < need; i++) {
        line[start + i] = '<';
        dk_mrz_note(m, "line", li + 1, start + 1 + i, 0, '<', "length");
    }
    return 0;
}

int dk_mrz_clean(const char *const *lines, const size_t *lens, int n, dk_mrz *m)
{
    char buf[3][RAW_MAX * 2 + 4];
    int len[3], count = 0;
    for (int i = 0; i < n; i++) {
        if (lens[i] > RAW_MAX) {
            snprintf(m->reason, sizeof m->reason,
                     "line %d has %zu bytes, far more than an MRZ line", i + 1, lens[i]);
            return -1;
        }
        char tmp[RAW_MAX];
        int k = clean_line(lines[i], lens[i], tmp);
        if (k == 0)
            continue;
        if (count == 3) {
            snprintf(m->reason, sizeof m->reason, "more than 3 lines: an MRZ has 2 or 3");
            return -1;
        }
        memcpy(buf[count], tmp, (size_t)k);
        len[count++] = k;
    }
    if (count < 2) {
        snprintf(m->reason, sizeof m->reason, "%d line%s: an MRZ has 2 or 3", count,
                 count == 1 ? "" : "s");
        return -1;
    }
    int width;
    if (count == 3) {
        m->format = DK_MRZ_TD1;
        width = 30;
    } else {
        int avg = (len[0] + len[1]) / 2;
        width = avg * 2 < 36 + 44 ? 36 : 44;
        int visa = buf[0][0] == 'V';
        m->format =
            width == 36 ? (visa ? DK_MRZ_MRVB : DK_MRZ_TD2) : (visa ? DK_MRZ_MRVA : DK_MRZ_TD3);
    }
    for (int i = 0; i < count; i++) {
        len[i] = expand_guillemets(buf[i], len[i], width, RAW_MAX);
        /* Lines whose last field is names or optional data may be completed
         * with fillers at their end; the others end in a check digit. */
        int may_append = i == 0 || (count == 3 && i == 2) || m->format == DK_MRZ_MRVA ||
                         m->format == DK_MRZ_MRVB;
        if (fit_width(m, i, buf[i], len[i], width, may_append) != 0) {
            snprintf(m->reason, sizeof m->reason, "line %d has %d characters, a %s line %d", i + 1,
                     len[i], dk_mrz_format_name(m->format), width);
            m->format = DK_MRZ_UNKNOWN;
            m->nrepairs = 0;
            return -1;
        }
        memcpy(m->lines[i], buf[i], (size_t)width);
        m->lines[i][width] = '\0';
    }
    m->nlines = count;
    return 0;
}
