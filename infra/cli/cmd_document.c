/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_document.c — `dk document check`: judges document images the way the
 * upload path does (common/doccheck/dk_doc.h) and prints one JSON verdict per file,
 * for operators checking a disputed upload and for the corpus tests. */
#include "core/dk_utf8.h"
#include "dk.h"
#include "doccheck/dk_doc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define USAGE "usage: dk document check [--kind passport|id_card] [--side front|back] FILE...\n"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int dk_cli_read_file(const char *path, size_t max, unsigned char **data, size_t *len, char *err,
                     size_t errlen)
{
    *data = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        snprintf(err, errlen, "%s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "not a regular file");
        close(fd);
        return -1;
    }
    *len = (size_t)st.st_size;
    if (*len > max) {
        close(fd);
        return 0;
    }
    unsigned char *buf = malloc(*len ? *len : 1);
    size_t got = 0;
    while (buf && got < *len) {
        ssize_t r = read(fd, buf + got, *len - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (!buf || got != *len) {
        snprintf(err, errlen, "%s", buf ? "short read" : "out of memory");
        free(buf);
        return -1;
    }
    *data = buf;
    return 0;
}

/* The file name as JSON can carry it: bytes that are not UTF-8 become '?'.
 * malloc'd. */
static char *json_name(const char *file)
{
    char *s = strdup(file);
    if (s && !dk_utf8_valid(s, strlen(s)))
        for (char *c = s; *c; c++)
            if ((unsigned char)*c >= 0x80)
                *c = '?';
    return s;
}

static void print_error(const char *file, const char *msg)
{
    char *name = json_name(file);
    json_t *o = name ? json_pack("{ssss}", "file", name, "error", msg) : NULL;
    free(name);
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    if (s)
        printf("%s\n", s);
    free(s);
    json_decref(o);
    fprintf(stderr, "dk document: %s: %s\n", file, msg);
}

static int check_one(const char *file, int kind, int side, const dk_doc_limits *lim)
{
    char err[256];
    unsigned char *data;
    size_t len;
    if (dk_cli_read_file(file, lim->max_bytes, &data, &len, err, sizeof err) != 0) {
        print_error(file, err);
        return -1;
    }
    dk_doc_verdict v;
    double t0 = now_ms();
    int rc = dk_doc_check(data, len, kind, side, lim, &v, err, sizeof err);
    double ms = now_ms() - t0;
    free(data);
    if (rc != 0) {
        print_error(file, err);
        return -1;
    }
    char *name = json_name(file);
    json_t *o = name ? json_pack("{ss}", "file", name) : NULL, *verdict = dk_doc_verdict_json(&v);
    free(name);
    if (!o || !verdict || json_object_update(o, verdict) != 0 ||
        json_object_set_new(o, "ms", json_real((double)(long)(ms * 100) / 100)) != 0) {
        json_decref(o);
        o = NULL;
    }
    json_decref(verdict);
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;
    dk_doc_verdict_free(&v);
    json_decref(o);
    if (!s) {
        print_error(file, "out of memory");
        return -1;
    }
    printf("%s\n", s);
    fflush(stdout);
    free(s);
    return 0;
}

int dk_cmd_document(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "mrz") == 0)
        return dk_document_mrz(argc - 1, argv + 1);
    if (argc < 2 || strcmp(argv[1], "check") != 0) {
        fputs(USAGE, stderr);
        return 2;
    }
    int kind = DK_DOC_PASSPORT, side = DK_DOC_FRONT;
    int i = 2;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--kind") == 0 && (kind = dk_doc_kind_parse(val)) >= 0) {
            i++;
        } else if (strcmp(argv[i], "--side") == 0 && (side = dk_doc_side_parse(val)) >= 0) {
            i++;
        } else {
            fprintf(stderr, "dk document: bad option %s%s%s\n" USAGE, argv[i], val ? " " : "",
                    val ? val : "");
            return 2;
        }
    }
    if (i >= argc) {
        fputs(USAGE, stderr);
        return 2;
    }
    if (kind == DK_DOC_PASSPORT && side == DK_DOC_BACK) {
        fprintf(stderr,
                "dk document: a passport is judged on its photo page only (--side front)\n");
        return 2;
    }
    char err[256];
    if (dk_doc_init(err, sizeof err) != 0) {
        fprintf(stderr, "dk document: %s\n", err);
        return 1;
    }
    dk_doc_limits lim;
    dk_doc_limits_default(&lim);
    int status = 0;
    for (; i < argc; i++)
        if (check_one(argv[i], kind, side, &lim) != 0)
            status = 1;
    return status;
}
