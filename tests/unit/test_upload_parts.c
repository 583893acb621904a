/* SPDX-License-Identifier: EUPL-1.2 */
/* test_upload_parts.c — the intake's handling of an identity-document
 * upload's multipart parts (dk_upload_part, producers/intake/upload.c), called
 * as libmicrohttpd's post processor calls it: images kept piece by piece up
 * to the per-image limit, small fields kept whole, and the refusal each
 * oddity calls for. The first case is what fuzz_upload_parts found: a field
 * without data (NULL, size 0) was copied with memcpy from NULL (undefined
 * behaviour, caught by the sanitizer build of this test). */
#include "dk_test.h"
#include "upload.h"

#include <stdlib.h>

static dk_upload *upload(size_t max_file)
{
    dk_upload *u = calloc(1, sizeof *u);
    u->max_file = max_file;
    u->max_total = 2 * max_file + 64 * 1024;
    return u;
}

static enum MHD_Result part(dk_upload *u, const char *key, const char *data, uint64_t off,
                            size_t size)
{
    return dk_upload_part(u, MHD_POSTDATA_KIND, key, NULL, NULL, NULL, data, off, size);
}

static void test_field_without_data(void)
{
    dk_upload *u = upload(1024);
    CHECK_INT(part(u, "security_code", NULL, 0, 0), MHD_YES);
    CHECK_STR(u->security_code, "");
    CHECK_INT(part(u, "front", NULL, 0, 0), MHD_YES);
    CHECK_INT(u->front.len, 0);
    CHECK_INT(dk_upload_refusal(u), 0);
    dk_upload_free(u);
}

static void test_pieces(void)
{
    dk_upload *u = upload(1024);
    CHECK_INT(part(u, "security_code", "K7QX-", 0, 5), MHD_YES);
    CHECK_INT(part(u, "security_code", "4MZP", 5, 4), MHD_YES);
    CHECK_STR(u->security_code, "K7QX-4MZP");
    CHECK_INT(part(u, "front", "\xFF\xD8", 0, 2), MHD_YES);
    CHECK_INT(part(u, "front", "\xFF\xD9", 2, 2), MHD_YES);
    CHECK_INT(u->front.len, 4);
    CHECK(memcmp(u->front.data, "\xFF\xD8\xFF\xD9", 4) == 0);
    CHECK_INT(part(u, "front", "new", 0, 3), MHD_YES); /* sent again: the last one counts */
    CHECK_INT(u->front.len, 3);
    CHECK_INT(part(u, "note", "kept nowhere", 0, 12), MHD_YES);
    CHECK_INT(dk_upload_refusal(u), 0);
    dk_upload_free(u);
}

static void test_refusals(void)
{
    dk_upload *u = upload(1024);
    char big[200];
    memset(big, 'x', sizeof big);
    part(u, "csrf", big, 0, sizeof big); /* longer than its buffer */
    CHECK_INT(u->bad, 1);
    CHECK_STR(u->csrf, "");
    CHECK_INT(dk_upload_refusal(u), 400);
    dk_upload_free(u);

    u = upload(1024);
    part(u, "document_kind", "id\0card", 0, 7); /* a NUL would cut it short */
    CHECK_INT(dk_upload_refusal(u), 400);
    dk_upload_free(u);

    u = upload(4);
    part(u, "back", "abc", 0, 3);
    part(u, "front", "abcde", 0, 5); /* past the per-image limit: no image kept */
    CHECK_INT(u->too_large, 1);
    CHECK_INT(u->front.len + u->back.len, 0);
    CHECK_INT(dk_upload_refusal(u), 413);
    dk_upload_free(u);

    u = upload(1024);
    CHECK_INT(part(u, NULL, "x", 0, 1), MHD_NO); /* a part without a name */
    CHECK_INT(u->nameless, 1);
    CHECK_INT(dk_upload_refusal(u), 400);
    dk_upload_free(u);
}

int main(void)
{
    test_field_without_data();
    test_pieces();
    test_refusals();
    DK_TEST_DONE();
}
