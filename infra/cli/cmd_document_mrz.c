/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_document_mrz.c — `dk document mrz --text`: MRZ lines on standard input
 * (one document's lines, then an empty line before the next) parsed by
 * common/mrz and printed as SPEC.md's JSON, one line per document, in
 * order, with the repairs made and, when the request's facts are given,
 * their comparison with the document. Needs no database: an operator can
 * check a disputed reading by typing it. The turning of lines into the JSON
 * (mrz_print) is the one any other source of lines goes through. */
#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "dk.h"
#include "mrz/dk_mrz.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define USAGE                                                                                      \
    "usage: dk document mrz --text [--surname S] [--given-names G] [--birth-date YYYY-MM-DD]\n"    \
    "                              [--sex F|M|X] [--nationality CC] [--on YYYY-MM-DD]\n"

/* The most standard input read: thousands of documents' lines. */
#define MAX_INPUT ((size_t)16 << 20)

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Prints one document's JSON line: file (and index for standard input), the
 * parse of n lines, the comparison when asked (req non-NULL), and ms since
 * t0. 0, or -1 when memory ran out. */
static int mrz_print(const char *file, int index, const char *const *lines, const size_t *lens,
                     int n, dk_date today, const dk_mrz_request *req, double t0)
{
    dk_mrz m;
    dk_mrz_parse_lines(lines, lens, n, today, &m);
    json_t *o = json_pack("{ss}", "file", file), *facts = dk_mrz_json(&m);
    int bad = !o || !facts;
    if (!bad && index > 0)
        bad |= json_object_set_new(o, "index", json_integer(index));
    if (!bad)
        bad |= json_object_update(o, facts);
    if (!bad && req) {
        dk_mrz_comparison c;
        dk_mrz_compare(&m, req, &c);
        bad |= json_object_set_new(o, "comparison", dk_mrz_comparison_json(&c));
    }
    double ms = now_ms() - t0;
    if (!bad)
        bad |= json_object_set_new(o, "ms", json_real((double)(long)(ms * 1000) / 1000));
    json_decref(facts);
    char *s = bad ? NULL : json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6));
    json_decref(o);
    if (!s) {
        fprintf(stderr, "dk document mrz: out of memory\n");
        return -1;
    }
    printf("%s\n", s);
    free(s);
    return 0;
}

/* Standard input whole (at most MAX_INPUT bytes); NULL when it is larger or
 * memory ran out. */
static char *read_stdin(size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            if (cap >= MAX_INPUT) {
                fprintf(stderr, "dk document mrz: standard input over %zu bytes\n", MAX_INPUT);
                free(buf);
                return NULL;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n, stdin);
        n += r;
        if (r == 0)
            break;
    }
    *len = n;
    return buf;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

/* Each run of non-blank lines is one document. More than 3 lines are kept
 * as 4: the parser then says the text is no MRZ. */
static int text_documents(const char *in, size_t len, dk_date today, const dk_mrz_request *req)
{
    const char *lines[4];
    size_t lens[4];
    int n = 0, index = 0, status = 0;
    double t0 = now_ms();
    for (size_t i = 0; i <= len;) {
        size_t j = i;
        while (j < len && in[j] != '\n')
            j++;
        int end = j >= len;
        if (!blank(in + i, j - i)) {
            if (n == 0)
                t0 = now_ms();
            if (n < 4) {
                lines[n] = in + i;
                lens[n] = j - i;
            }
            n += n < 4;
        } else if (n > 0) {
            if (mrz_print("-", ++index, lines, lens, n, today, req, t0) != 0)
                status = 1;
            n = 0;
        }
        if (end) {
            if (n > 0 && mrz_print("-", ++index, lines, lens, n, today, req, t0) != 0)
                status = 1;
            break;
        }
        i = j + 1;
    }
    return status;
}

int dk_document_mrz(int argc, char **argv)
{
    if (argc >= 2 && argv[1][0] != '-')
        return dk_document_mrz_files(argc, argv); /* images: cmd_document_mrz_files.c */
    dk_mrz_request req = {0};
    int text = 0, asked = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        const char **slot = strcmp(a, "--surname") == 0       ? &req.surname
                            : strcmp(a, "--given-names") == 0 ? &req.given_names
                            : strcmp(a, "--birth-date") == 0  ? &req.birth_date
                            : strcmp(a, "--sex") == 0         ? &req.sex
                            : strcmp(a, "--nationality") == 0 ? &req.nationality
                            : strcmp(a, "--on") == 0          ? &req.on_date
                                                              : NULL;
        if (strcmp(a, "--text") == 0) {
            text = 1;
        } else if (slot && val) {
            *slot = val;
            asked = 1;
            i++;
        } else {
            fprintf(stderr, "dk document mrz: bad argument %s\n" USAGE, a);
            return 2;
        }
    }
    if (!text) {
        fputs(USAGE, stderr);
        return 2;
    }
    dk_date today;
    dk_brussels_local(dk_now_ms(), &today, NULL);
    size_t len;
    char *in = read_stdin(&len);
    if (!in)
        return 1;
    int status = text_documents(in, len, today, asked ? &req : NULL);
    free(in);
    return status;
}
