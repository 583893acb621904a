/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_document_mrz_files.c — `dk document mrz FILE...`: reads the MRZ off
 * each image (common/mrzscan) and prints SPEC.md's JSON, one line a file:
 * file, found, and when found format, lines, fields, checks, valid; ms is
 * the read's own time (the model is loaded once, before the first file,
 * and its load is not counted). A file that is no image, or holds no MRZ,
 * gives found false and a reason; one that cannot be read at all also
 * makes the exit status 1. */
#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "core/dk_config.h"
#include "core/dk_utf8.h"
#include "dk.h"
#include "mrzscan/dk_mrzscan.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int print_json(json_t *o)
{
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;
    json_decref(o);
    if (!s) {
        fprintf(stderr, "dk document mrz: out of memory\n");
        return -1;
    }
    printf("%s\n", s);
    fflush(stdout);
    free(s);
    return 0;
}

/* The file name as JSON carries it: bytes of no UTF-8 become '?'. */
static json_t *named(const char *file)
{
    char *s = strdup(file);
    if (s && !dk_utf8_valid(s, strlen(s)))
        for (char *c = s; *c; c++)
            if ((unsigned char)*c >= 0x80)
                *c = '?';
    json_t *o = s ? json_pack("{ss}", "file", s) : NULL;
    free(s);
    return o;
}

static int read_one(dk_mrzscan *r, const char *file, dk_date today)
{
    char err[256];
    unsigned char *data;
    size_t len;
    size_t max = (size_t)dk_config_int("DK_UPLOAD_MAX");
    json_t *o = named(file);
    if (dk_cli_read_file(file, max, &data, &len, err, sizeof err) != 0) {
        if (o)
            json_object_update_new(o, json_pack("{sbss}", "found", 0, "reason", err));
        fprintf(stderr, "dk document mrz: %s: %s\n", file, err);
        print_json(o);
        return -1;
    }
    dk_mrzscan_result res;
    /* An oversized file is refused by its size alone (data NULL). */
    int rc = dk_mrzscan_read(r, data, len, today, &res, err, sizeof err);
    free(data);
    if (rc != 0) {
        json_decref(o);
        fprintf(stderr, "dk document mrz: %s: %s\n", file, err);
        return -1;
    }
    json_t *facts = dk_mrzscan_json(&res);
    if (!o || !facts || json_object_update(o, facts) != 0) {
        json_decref(o);
        o = NULL;
    }
    json_decref(facts);
    return print_json(o);
}

int dk_document_mrz_files(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: dk document mrz FILE...\n"
                        "       dk document mrz --text [options] < LINES\n");
        return 2;
    }
    char err[256];
    dk_mrzscan *r = dk_mrzscan_new(NULL, -1, err, sizeof err);
    if (!r) {
        fprintf(stderr, "dk document mrz: %s\n", err);
        return 1;
    }
    dk_date today;
    dk_brussels_local(dk_now_ms(), &today, NULL);
    int status = 0;
    for (int i = 1; i < argc; i++)
        if (read_one(r, argv[i], today) != 0)
            status = 1;
    dk_mrzscan_free(r);
    return status;
}
