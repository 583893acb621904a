/* SPDX-License-Identifier: EUPL-1.2 */
/* image_bench.c — `make bench`: what serving a dossier's document image
 * costs the console (producers/console/dossier.c): two 12-megapixel JPEGs
 * (4000 x 3000, made with libvips) kept in the encrypted document store are
 * read, decrypted in memory (dk_docstore_get) and answered over HTTP by a
 * server on common/web, next to the same bytes answered from memory,
 * unencrypted, by the same server in the same run. Loopback, one client,
 * p50 and p99 of the whole request (connection kept alive). The console
 * adds its session check and audit row (two PostgreSQL round trips) to the
 * first figure; they are not measured here. */
#include "core/dk_buf.h"
#include "store/dk_docstore.h"
#include "web/dk_web.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <vips/vips.h>

enum { IMAGES = 2, ROUNDS = 60 };

static const char *ids[IMAGES] = {"3f1c7a52-1d2e-4c3b-9a41-0b5e6f7a8b90",
                                  "7e2d9c41-5b6a-4f8e-8c13-2a4b5c6d7e8f"};
static void *plain[IMAGES];
static size_t plain_len[IMAGES];

static void handle(void *cls, const dk_web_request *rq, dk_web_reply *r)
{
    (void)cls;
    int i = rq->url[strlen(rq->url) - 1] - '0';
    if (i < 0 || i >= IMAGES) {
        dk_web_reply_error(r, 404, "no such image");
        return;
    }
    r->content_type = "image/jpeg";
    if (!strncmp(rq->url, "/encrypted/", 11)) {
        void *bytes = NULL;
        size_t len = 0;
        char err[256];
        if (dk_docstore_get(ids[i], &bytes, &len, 64 << 20, err, sizeof err) != 0) {
            dk_web_reply_error(r, 500, err);
            return;
        }
        if (dk_buf_append(&r->body, bytes, len) == 0)
            r->status = 200;
        memset(bytes, 0, len);
        free(bytes);
    } else if (dk_buf_append(&r->body, plain[i], plain_len[i]) == 0) {
        r->status = 200;
    }
}

static size_t sink(char *p, size_t size, size_t n, void *cls)
{
    *(size_t *)cls += size * n;
    (void)p;
    return size * n;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* ROUNDS x IMAGES GETs of base/kind/i; p50 and p99 in ms; -1 on a failure. */
static int measure(CURL *c, int port, const char *kind, double *p50, double *p99)
{
    double t[ROUNDS * IMAGES];
    int n = 0;
    for (int k = 0; k < ROUNDS; k++)
        for (int i = 0; i < IMAGES; i++) {
            char url[128];
            size_t got = 0;
            snprintf(url, sizeof url, "http://127.0.0.1:%d/%s/%d", port, kind, i);
            curl_easy_setopt(c, CURLOPT_URL, url);
            curl_easy_setopt(c, CURLOPT_WRITEDATA, &got);
            double t0 = now_ms();
            long status = 0;
            if (curl_easy_perform(c) != CURLE_OK ||
                curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK ||
                status != 200 || got != plain_len[i])
                return -1;
            t[n++] = now_ms() - t0;
        }
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    *p50 = t[n / 2];
    *p99 = t[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1];
    return 0;
}

int main(int argc, char **argv)
{
    (void)argc;
    if (VIPS_INIT(argv[0]) != 0)
        return 1;
    char dir[] = "/tmp/dk-image-bench-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    setenv("DK_DOCUMENT_DIR", dir, 1);
    char err[256];
    for (int i = 0; i < IMAGES; i++) {
        VipsImage *noise = NULL;
        if (vips_gaussnoise(&noise, 4000, 3000, "sigma", 12.0 + 4 * i, "mean", 128.0, NULL) ||
            vips_jpegsave_buffer(noise, &plain[i], &plain_len[i], "Q", 85, NULL) ||
            dk_docstore_put(ids[i], plain[i], plain_len[i], err, sizeof err) != 0) {
            fprintf(stderr, "image_bench: %s %s\n", vips_error_buffer(), err);
            return 1;
        }
        g_object_unref(noise);
    }
    dk_web_options o = {.name = "image-bench",
                        .host = "127.0.0.1",
                        .handler = handle,
                        .max_body = 1024,
                        .header_ms = 10000,
                        .body_ms = 10000,
                        .workers = 2,
                        .max_connections = 16};
    dk_web *w = dk_web_start(&o, err, sizeof err);
    if (!w) {
        fprintf(stderr, "image_bench: %s\n", err);
        return 1;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    double e50, e99, p50, p99;
    int rc = measure(c, dk_web_port(w), "plain", &p50, &p99) /* warm-up */ ||
             measure(c, dk_web_port(w), "encrypted", &e50, &e99) ||
             measure(c, dk_web_port(w), "plain", &p50, &p99);
    curl_easy_cleanup(c);
    dk_web_drain(w, 1000);
    for (int i = 0; i < IMAGES; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s.dkd", dir, ids[i]);
        unlink(path);
    }
    rmdir(dir);
    if (rc) {
        fprintf(stderr, "image_bench: a request failed\n");
        return 1;
    }
    printf("image_bench: two 4000x3000 JPEGs (%.1f and %.1f MB), %d requests each way\n",
           plain_len[0] / 1e6, plain_len[1] / 1e6, ROUNDS * IMAGES);
    printf("  decrypt + serve     p50 %7.1f ms   p99 %7.1f ms\n", e50, e99);
    printf("  serve unencrypted   p50 %7.1f ms   p99 %7.1f ms   (same server, same run)\n", p50,
           p99);
    for (int i = 0; i < IMAGES; i++)
        g_free(plain[i]);
    return 0;
}
