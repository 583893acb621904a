/* SPDX-License-Identifier: EUPL-1.2 */
/* test_upload_limit.c — the upload limit is defined once (DK_UPLOAD_MAX):
 * the document store, the document check and the applicant's sentence all
 * follow it. At the default nothing changes ("10 MB", 10 MiB kept); raised
 * to 12 MiB, an 11 MiB image is stored and read back, the check judges it
 * by its content rather than too_large, and the sentence says "12 MB". */
#include "core/dk_upload_limit.h"
#include "dk_test.h"
#include "doccheck/dk_doc.h"
#include "doccheck/dk_doc_reasons.h"
#include "i18n/dk_i18n.h"
#include "store/dk_docstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int judged_too_large(const dk_doc_verdict *v)
{
    for (int i = 0; i < v->n_reasons; i++)
        if (strcmp(v->reasons[i], DK_DOC_TOO_LARGE) == 0)
            return 1;
    return 0;
}

static void problem_is(const char *lang, const char *want)
{
    char text[256];
    dk_doc_reason_problem(dk_doc_reason_find("too_large"), lang, text, sizeof text);
    CHECK_STR(text, want);
}

static void words(void)
{
    char w[32];
    dk_i18n_size_words((size_t)10 << 20, "en", w, sizeof w);
    CHECK_STR(w, "10 MB");
    dk_i18n_size_words((size_t)10 << 20, "fr", w, sizeof w);
    CHECK_STR(w, "10 Mo");
    dk_i18n_size_words((size_t)25 << 19, "nl", w, sizeof w); /* 12.5 MiB */
    CHECK_STR(w, "12,5 MB");
    dk_i18n_size_words((size_t)25 << 19, "en", w, sizeof w);
    CHECK_STR(w, "12.5 MB");
    dk_i18n_size_words(65536, "fr", w, sizeof w); /* the setting's floor */
    CHECK_STR(w, "64 ko");
    dk_i18n_size_words(65536, "en", w, sizeof w);
    CHECK_STR(w, "64 kB");
}

/* Every place agrees with the setting. */
static void all_agree(size_t want)
{
    CHECK_INT(dk_upload_max(), want);
    dk_doc_limits lim;
    dk_doc_limits_default(&lim);
    CHECK_INT(lim.max_bytes, want);
}

static int store(const char *id, size_t n)
{
    unsigned char *img = malloc(n);
    CHECK(img != NULL);
    if (!img)
        return -1;
    for (size_t i = 0; i < n; i++)
        img[i] = (unsigned char)(i * 13 + 1);
    char err[256];
    int rc = dk_docstore_put(id, img, n, err, sizeof err);
    if (rc == 0) {
        void *back = NULL;
        size_t len = 0;
        CHECK_INT(dk_docstore_get(id, &back, &len, dk_upload_max(), err, sizeof err), 0);
        CHECK_INT(len, n);
        CHECK(back && memcmp(back, img, n) == 0);
        free(back);
    }
    free(img);
    return rc;
}

int main(void)
{
    char dir[] = "/tmp/dk-upload-limit-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    setenv("DK_DOCUMENT_DIR", dir, 1);
    setenv("DK_DOCUMENT_KEY", "unit-test-key", 1);
    const char *id = "7f01f5f8-5342-4092-ad3e-550e8d64c671";
    const size_t mib = (size_t)1 << 20;
    words();

    /* The default: as it always was. */
    unsetenv("DK_UPLOAD_MAX");
    all_agree(10 * mib);
    problem_is("nl", "Het bestand is groter dan 10 MB.");
    problem_is("fr", "Le fichier dépasse 10 Mo.");
    problem_is("en", "The file is larger than 10 MB.");
    CHECK_INT(store(id, 11 * mib), -1);
    CHECK_INT(store(id, 10 * mib), 0);

    /* Raised to 12 MiB: the store keeps what the intake now accepts. */
    setenv("DK_UPLOAD_MAX", "12582912", 1);
    all_agree(12 * mib);
    problem_is("en", "The file is larger than 12 MB.");
    problem_is("fr", "Le fichier dépasse 12 Mo.");
    CHECK_INT(store(id, 11 * mib), 0);
    CHECK_INT(store(id, 12 * mib + 1), -1);

    /* The check judges an 11 MiB file by what it is, not by its size. */
    unsigned char *junk = calloc(1, 11 * mib);
    dk_doc_verdict v;
    char err[256];
    CHECK_INT(
        dk_doc_check(junk, 11 * mib, DK_DOC_PASSPORT, DK_DOC_FRONT, NULL, &v, err, sizeof err), 0);
    CHECK(!judged_too_large(&v));
    CHECK(v.n_reasons > 0); /* zeros are no image */
    dk_doc_verdict_free(&v);
    setenv("DK_UPLOAD_MAX", "10485760", 1);
    CHECK_INT(
        dk_doc_check(junk, 11 * mib, DK_DOC_PASSPORT, DK_DOC_FRONT, NULL, &v, err, sizeof err), 0);
    CHECK(judged_too_large(&v));
    dk_doc_verdict_free(&v);
    free(junk);

    unsetenv("DK_UPLOAD_MAX");
    char path[512];
    snprintf(path, sizeof path, "%s/%s.dkd", dir, id);
    unlink(path);
    rmdir(dir);
    DK_TEST_DONE();
}
