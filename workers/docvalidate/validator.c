/* SPDX-License-Identifier: EUPL-1.2 */
/* validator.c — the validator process (dk-docvalidate): reads
 * images from stdin, judges each with the document-check library and, when
 * asked, reads the MRZ of an accepted one (common/mrzscan: it decodes the
 * image too, so it belongs here), answers one JSON line each. It holds no
 * connection and no secret; if a hostile file takes it down, the worker
 * restarts it and dead-letters that file. */
#include "validator.h"
#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "core/dk_upload_limit.h"
#include "doccheck/dk_doc.h"
#include "doccheck/dk_doc_protocol.h"
#include "mrzscan/dk_mrzscan.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double elapsed_ms(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* The MRZ reader, loaded at the first read (its models take ~0.4 s); when
 * it cannot load, each read says why and the verdicts go on. */
static dk_mrzscan *reader;
static char reader_err[320];

/* The MRZ of an accepted image as `dk document mrz` prints it (no file),
 * or found false with why. */
static json_t *read_mrz(const unsigned char *buf, size_t len)
{
    char err[256];
    if (!reader && !reader_err[0]) {
        reader = dk_mrzscan_new(NULL, -1, err, sizeof err);
        if (!reader)
            snprintf(reader_err, sizeof reader_err, "the MRZ reader did not load: %s", err);
    }
    if (!reader)
        return json_pack("{sbss}", "found", 0, "reason", reader_err);
    dk_date today;
    dk_brussels_local(dk_now_ms(), &today, NULL);
    dk_mrzscan_result res;
    if (dk_mrzscan_read(reader, buf, len, today, &res, err, sizeof err) != 0)
        return json_pack("{sbss}", "found", 0, "reason", err);
    json_t *o = dk_mrzscan_json(&res);
    if (o)
        json_object_set_new(o, "attempts", json_integer(res.attempts));
    return o;
}

/* The answer line, the MRZ part dropped when it would not fit. */
static char *answer_line(json_t *out)
{
    char *line = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (line && strlen(line) + 1 >= DK_DOC_ANSWER_MAX && json_object_get(out, "mrz")) {
        free(line);
        json_object_set_new(out, "mrz",
                            json_pack("{sbss}", "found", 0, "reason", "the read is too long"));
        line = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
    }
    return line;
}

int dk_validator_main(void)
{
    /* One image at a time: one malloc arena, and freed memory handed back
     * to the system, keep the resident size of each validator small. */
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_TRIM_THRESHOLD, 128 * 1024);
#if !defined(__SANITIZE_ADDRESS__)
    /* A bound on what one hostile image can make us allocate (sanitizer
     * builds reserve terabytes of address space, so not there). */
    struct rlimit as = {(rlim_t)2 << 30, (rlim_t)2 << 30};
    setrlimit(RLIMIT_AS, &as);
#endif
    char err[256];
    if (dk_doc_init(err, sizeof err) != 0) {
        fprintf(stderr, "validator: %s\n", err);
        return 1;
    }
    char head[DK_DOC_REQUEST_HEAD_MAX];
    /* Half again the upload limit: an image a little over it is read and
     * judged too_large rather than cut off. */
    size_t max_image = dk_upload_max() + dk_upload_max() / 2;
    unsigned char *buf = malloc(max_image);
    if (!buf) {
        fprintf(stderr, "validator: out of memory\n");
        return 1;
    }
    while (fgets(head, sizeof head, stdin)) {
        char kind[DK_DOC_REQUEST_WORD_MAX], side[DK_DOC_REQUEST_WORD_MAX];
        size_t len;
        int mrz;
        if (dk_doc_request_parse(head, kind, side, &len, &mrz) != 0 || len > max_image) {
            fprintf(stderr, "validator: bad request line\n");
            return 2;
        }
        if (fread(buf, 1, len, stdin) != len)
            return 2;
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        dk_doc_verdict v;
        json_t *out;
        int k = dk_doc_kind_parse(kind), sd = dk_doc_side_parse(side);
        if (k < 0 || sd < 0) {
            out = json_pack("{s:s}", "error", "unknown document kind or side");
        } else if (dk_doc_check(buf, len, (dk_doc_kind)k, (dk_doc_side)sd, NULL, &v, err,
                                sizeof err) != 0) {
            out = json_pack("{s:s}", "error", err);
        } else {
            out = dk_doc_verdict_json(&v);
            json_object_set_new(out, "ms", json_real(elapsed_ms(&t0)));
            if (mrz && v.accepted)
                json_object_set_new(out, "mrz", read_mrz(buf, len));
            dk_doc_verdict_free(&v);
        }
        char *line = answer_line(out);
        json_decref(out);
        if (!line)
            return 1; /* out of memory: the worker restarts us */
        printf("%s\n", line);
        fflush(stdout);
        free(line);
    }
    free(buf);
    dk_mrzscan_free(reader);
    return 0;
}
