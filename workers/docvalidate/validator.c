/* SPDX-License-Identifier: EUPL-1.2 */
/* validator.c — the validator process (dk-docvalidate): reads
 * images from stdin, judges each with the document-check library, answers one
 * JSON line each. It holds no connection and no secret; if a hostile file
 * takes it down, the worker restarts it and dead-letters that file. */
#include "validator.h"
#include "core/dk_upload_limit.h"
#include "doccheck/dk_doc.h"
#include "doccheck/dk_doc_protocol.h"

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
        if (dk_doc_request_parse(head, kind, side, &len) != 0 || len > max_image) {
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
            dk_doc_verdict_free(&v);
        }
        char *line = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(out);
        printf("%s\n", line);
        fflush(stdout);
        free(line);
    }
    free(buf);
    return 0;
}
