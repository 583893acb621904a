/* SPDX-License-Identifier: EUPL-1.2 */
/* test_part_headers.c — dk_part_headers (producers/intake/part_headers.c):
 * a NUL in a part's headers is found wherever it stands in them, in bodies
 * cut into pieces of every size, and never in a part's value (images hold
 * NULs), in the preamble, or after the last boundary; the boundary found
 * as libmicrohttpd finds it, dashes at its start included. */
#include "dk_test.h"
#include "part_headers.h"

#include <string.h>

#define CT "multipart/form-data; boundary=xyzxyz"

/* Feeds body (len bytes) in pieces of step bytes; the first refusal. */
static int scan(const char *ct, const char *body, size_t len, size_t step)
{
    dk_part_headers h;
    dk_part_headers_init(&h, ct);
    for (size_t i = 0; i < len; i += step) {
        size_t n = len - i < step ? len - i : step;
        if (dk_part_headers_feed(&h, body + i, n) != 0) {
            CHECK_INT(dk_part_headers_feed(&h, "x", 1), -1); /* it stays refused */
            return -1;
        }
    }
    return 0;
}

/* Every piece size from 1 to the whole body gives the same answer. */
static void expect(const char *ct, const char *body, size_t len, int want)
{
    for (size_t step = 1; step <= len; step++) {
        int got = scan(ct, body, len, step);
        if (got != want) {
            fprintf(stderr, "  in pieces of %zu bytes: %.*s\n", step, (int)len, body);
            CHECK_INT(got, want);
            return;
        }
    }
}

#define BODY(s) s, sizeof s - 1

static void nul_in_headers_found(void)
{
    expect(CT,
           BODY("--xyzxyz\r\nContent-Disposition: form-data; name=\"fr\0ont\"\r\n\r\nabc\r\n"
                "--xyzxyz--\r\n"),
           -1);
    /* After the name's closing quote (libmicrohttpd keeps "front"). */
    expect(CT,
           BODY("--xyzxyz\r\nContent-Disposition: form-data; name=\"front\"\0x\r\n\r\nabc\r\n"
                "--xyzxyz--\r\n"),
           -1);
    /* In another header line, in the second part, with bare LFs. */
    expect(CT,
           BODY("--xyzxyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
                "--xyzxyz\nContent-Disposition: form-data; name=\"front\"\n"
                "Content-Type: image/jpeg\0\n\nabc\r\n--xyzxyz--\r\n"),
           -1);
    /* Right after the boundary. */
    expect(CT, BODY("--xyzxyz\0\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"), -1);
    /* After a preamble, the first boundary without a CRLF before it. */
    expect(CT, BODY("junk--xyzxyz\r\nContent-Disposition: form-data; name=\"\0\"\r\n\r\n1"), -1);
}

static void nul_elsewhere_is_fine(void)
{
    /* In values (an image), in the preamble, after the last boundary. */
    expect(CT,
           BODY("pre\0amble\r\n--xyzxyz\r\nContent-Disposition: form-data; name=\"front\"\r\n"
                "\r\n\0\0\xff\xd8\r\n--xyzxy\0\r\n--xyzxyz\r\nContent-Disposition: form-data; "
                "name=\"back\"\r\n\r\n\0\r\n--xyzxyz--\r\n\0epilogue"),
           0);
    /* An empty value. */
    expect(CT,
           BODY("--xyzxyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n--xyzxyz\r\n"
                "Content-Disposition: form-data; name=\"b\"\r\n\r\n\0\r\n--xyzxyz--\r\n"),
           0);
}

static void boundaries(void)
{
    /* A boundary of dashes (as browsers make them), quoted. */
    const char *ct = "multipart/form-data; boundary=\"----WebKitFormBoundaryAb\"";
    expect(ct,
           BODY("------WebKitFormBoundaryAb\r\nContent-Disposition: form-data; name=\"a\"\r\n"
                "\r\n-\0-\r\n-----WebKitFormBoundaryAb\r\n------WebKitFormBoundaryAb\r\n"
                "Content-Disposition: form-data; name=\"\0\"\r\n\r\n"),
           -1);
    expect(ct,
           BODY("------WebKitFormBoundaryAb\r\nContent-Disposition: form-data; name=\"a\"\r\n"
                "\r\n-\0-\r\n-----WebKitFormBoundaryAb\0\r\n------WebKitFormBoundaryAb--"),
           0);
    /* No usable boundary: nothing is watched (libmicrohttpd refuses the body). */
    expect("multipart/form-data", BODY("--x\r\nA: \0\r\n\r\n"), 0);
    expect("multipart/form-data; BOUNDARY=x", BODY("--x\r\nA: \0\r\n\r\n"), 0);
    expect("application/json", BODY("--x\r\nA: \0\r\n\r\n"), 0);
    expect(NULL, BODY("--x\r\nA: \0\r\n\r\n"), 0);
    char longer[200] = "multipart/form-data; boundary=";
    memset(longer + strlen(longer), 'b', 100);
    expect(longer, BODY("--b\r\nA: \0\r\n\r\n"), 0);
    /* One byte: the shortest. */
    expect("multipart/form-data; boundary=b", BODY("--b\r\nA: \0\r\n\r\n"), -1);
}

int main(void)
{
    nul_in_headers_found();
    nul_elsewhere_is_fine();
    boundaries();
    DK_TEST_DONE();
}
