/* SPDX-License-Identifier: EUPL-1.2 */
/* test_docstore.c — stored images come back exactly, are unreadable without
 * the key, bound to their id, and refused when tampered or oversized. */
#include "core/dk_upload_limit.h"
#include "dk_test.h"
#include "store/dk_docstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
    char dir[] = "/tmp/dk-docstore-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    setenv("DK_DOCUMENT_DIR", dir, 1);
    setenv("DK_DOCUMENT_KEY", "unit-test-key", 1);
    const char *id = "7f01f5f8-5342-4092-ad3e-550e8d64c670";
    const char *other = "00000000-0000-4000-8000-000000000001";
    size_t n = 100000;
    unsigned char *img = malloc(n);
    for (size_t i = 0; i < n; i++)
        img[i] = (unsigned char)(i * 7 + 3);
    char err[256];
    CHECK_INT(dk_docstore_put(id, img, n, err, sizeof err), 0);

    void *back;
    size_t len;
    CHECK_INT(dk_docstore_get(id, &back, &len, dk_upload_max(), err, sizeof err), 0);
    CHECK_INT(len, n);
    CHECK(back && memcmp(back, img, n) == 0);
    free(back);

    /* At rest the bytes are not the image. */
    char path[512];
    snprintf(path, sizeof path, "%s/%s.dkd", dir, id);
    FILE *f = fopen(path, "r+b");
    unsigned char head[64];
    CHECK(fread(head, 1, sizeof head, f) == sizeof head);
    CHECK(memcmp(head + 32, img, 32) != 0);

    /* Another key does not decrypt. */
    setenv("DK_DOCUMENT_KEY", "another-key", 1);
    CHECK_INT(dk_docstore_get(id, &back, &len, dk_upload_max(), err, sizeof err), -1);
    CHECK(strstr(err, "does not authenticate") != NULL);
    setenv("DK_DOCUMENT_KEY", "unit-test-key", 1);

    /* Bound to its id: the same file under another name is refused. */
    char path2[512];
    snprintf(path2, sizeof path2, "%s/%s.dkd", dir, other);
    CHECK_INT(link(path, path2), 0);
    CHECK_INT(dk_docstore_get(other, &back, &len, dk_upload_max(), err, sizeof err), -1);

    /* One flipped bit is refused. */
    fseek(f, 1000, SEEK_SET);
    int c = fgetc(f);
    fseek(f, 1000, SEEK_SET);
    fputc(c ^ 1, f);
    fclose(f);
    CHECK_INT(dk_docstore_get(id, &back, &len, dk_upload_max(), err, sizeof err), -1);

    /* Limits and hostile ids. */
    CHECK_INT(dk_docstore_get(id, &back, &len, 10, err, sizeof err), -1);
    CHECK_INT(dk_docstore_get("../../etc/passwd", &back, &len, 10, err, sizeof err), -1);
    CHECK_INT(dk_docstore_put("../x", img, 10, err, sizeof err), -1);
    CHECK_INT(dk_docstore_put(id, img, dk_upload_max() + 1, err, sizeof err), -1);
    CHECK_INT(
        dk_docstore_get("00000000-0000-4000-8000-00000000ffff", &back, &len, 10, err, sizeof err),
        -1);
    CHECK(strstr(err, "not in the store") != NULL);

    /* Removal (an upload whose transaction failed): gone, and twice is fine. */
    CHECK_INT(dk_docstore_remove(other, err, sizeof err), 0);
    CHECK(access(path2, F_OK) != 0);
    CHECK_INT(dk_docstore_remove(other, err, sizeof err), 0);
    CHECK_INT(dk_docstore_remove("../x", err, sizeof err), -1);
    free(img);
    unlink(path);
    rmdir(dir);
    DK_TEST_DONE();
}
