/* SPDX-License-Identifier: EUPL-1.2 */
/* test_auth_qr.c — the QR code of common/auth decodes back to what was
 * encoded: the SVG is drawn to a PNG by rsvg-convert and read by zbarimg
 * (librsvg2-bin and zbar-tools, installed by infra/deps.sh test; their
 * absence fails the test). Also the SVG's form: one path, the quiet zone,
 * a viewBox, role and escaped aria-label. */
#include "auth/dk_auth_qr.h"
#include "auth/dk_auth_totp.h"
#include "dk_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[] = "/tmp/dk_test_auth_qr_XXXXXX";

/* Runs a shell command; its standard output (trailing newline dropped) into
 * out. Returns its exit status, or -1. */
static int run(const char *cmd, char *out, size_t n)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t got = fread(out, 1, n - 1, p);
    out[got] = '\0';
    while (got > 0 && (out[got - 1] == '\n' || out[got - 1] == '\r'))
        out[--got] = '\0';
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Draws svg at 8 pixels a module and decodes it; the text read into out. */
static int decode(const char *svg, char *out, size_t n)
{
    char svg_path[128], png_path[128], cmd[512];
    snprintf(svg_path, sizeof svg_path, "%s/qr.svg", dir);
    snprintf(png_path, sizeof png_path, "%s/qr.png", dir);
    FILE *f = fopen(svg_path, "w");
    if (!f)
        return -1;
    fputs(svg, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "rsvg-convert -w 480 -b white -f png -o %s %s 2>&1", png_path,
             svg_path);
    if (run(cmd, out, n) != 0) {
        fprintf(stderr, "rsvg-convert failed: %s\n", out);
        return -1;
    }
    /* Without D-Bus (zbarimg prints its connection errors with the text);
     * its diagnostics go to a file, shown only when it fails. */
    snprintf(cmd, sizeof cmd,
             "zbarimg --nodbus --quiet --raw -Sdisable -Sqrcode.enable %s 2>%s/err", png_path, dir);
    int rc = run(cmd, out, n);
    if (rc != 0) {
        char err[512];
        snprintf(cmd, sizeof cmd, "cat %s/err", dir);
        run(cmd, err, sizeof err);
        fprintf(stderr, "zbarimg failed (%d): %s %s\n", rc, out, err);
    }
    return rc;
}

static void tools_present(void)
{
    char out[256];
    int rsvg = run("command -v rsvg-convert", out, sizeof out);
    int zbar = run("command -v zbarimg", out, sizeof out);
    if (rsvg != 0 || zbar != 0)
        fprintf(stderr, "rsvg-convert or zbarimg missing: run infra/deps.sh test\n");
    CHECK_INT(rsvg, 0);
    CHECK_INT(zbar, 0);
}

static void otpauth_round_trip(void)
{
    unsigned char secret[DK_AUTH_TOTP_SECRET_BYTES];
    CHECK_INT(dk_auth_totp_secret_new(secret), 0);
    const char *accounts[] = {"jan.peeters@example.be",
                              "Zo\xc3\xab O'Brien:a&b?c@ex\xc3\xa4mple.be"};
    for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++) {
        dk_buf uri = DK_BUF_INIT, svg = DK_BUF_INIT;
        CHECK_INT(dk_auth_otpauth_uri(&uri, &dk_auth_totp_default, secret, sizeof secret,
                                      "Mijn digitale sleutels", accounts[i]),
                  0);
        CHECK_INT(dk_auth_qr_svg(&svg, uri.data, "Scan deze code met je app"), 0);
        char got[2048] = "";
        CHECK_INT(decode(svg.data, got, sizeof got), 0);
        CHECK_STR(got, uri.data);
        dk_buf_free(&uri);
        dk_buf_free(&svg);
    }
}

static void svg_form(void)
{
    dk_buf svg = DK_BUF_INIT;
    const char *text = "otpauth://totp/X:y?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=X";
    CHECK_INT(dk_auth_qr_svg(&svg, text, "QR \"code\" <b>&amp;</b>"), 0);
    const char *s = svg.data;
    CHECK(strncmp(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ", 53) == 0);
    int side = atoi(s + 53);
    /* The smallest version that holds 67 bytes at level M is 5 (37 modules;
     * at L it would be 4, 33 modules; at Q 6, 41 modules),
     * plus 4 modules of quiet zone on each side. */
    CHECK_INT(side, 37 + 2 * DK_AUTH_QR_QUIET_MODULES);
    CHECK(strstr(s, " role=\"img\"") != NULL);
    CHECK(strstr(s, " aria-label=\"QR &quot;code&quot; &lt;b&gt;&amp;amp;&lt;/b&gt;\"") != NULL);
    CHECK(strstr(s, " width=\"") == strstr(s, "<rect width=\"") + 5); /* only the rect's */
    /* One path, and no module inside the quiet zone. */
    const char *d = strstr(s, "<path fill=\"#000\" d=\"");
    CHECK(d != NULL && strstr(d + 1, "<path") == NULL);
    int min_xy = 1000, max_x = 0, max_y = 0, moves = 0;
    for (const char *m = d ? strchr(d, 'M') : NULL; m; m = strchr(m + 1, 'M')) {
        int x, y, run_len;
        if (sscanf(m, "M%d %dh%d", &x, &y, &run_len) != 3)
            break;
        moves++;
        min_xy = x < min_xy ? x : min_xy;
        min_xy = y < min_xy ? y : min_xy;
        max_x = x + run_len > max_x ? x + run_len : max_x;
        max_y = y + 1 > max_y ? y + 1 : max_y;
    }
    CHECK(moves > 37); /* at least one run a row */
    CHECK_INT(min_xy, DK_AUTH_QR_QUIET_MODULES);
    CHECK_INT(max_x, side - DK_AUTH_QR_QUIET_MODULES);
    CHECK_INT(max_y, side - DK_AUTH_QR_QUIET_MODULES);
    CHECK(strcmp(s + svg.len - 6, "</svg>") == 0);
    dk_buf_reset(&svg);

    /* No label: no attribute. */
    CHECK_INT(dk_auth_qr_svg(&svg, "x", NULL), 0);
    CHECK(strstr(svg.data, "aria-label") == NULL);
    dk_buf_reset(&svg);

    /* Refused: nothing, or more than a page should carry. */
    CHECK_INT(dk_auth_qr_svg(&svg, NULL, "x"), -1);
    CHECK_INT(dk_auth_qr_svg(&svg, "", "x"), -1);
    char *big = malloc(1026);
    memset(big, 'A', 1025);
    big[1025] = '\0';
    CHECK_INT(dk_auth_qr_svg(&svg, big, "x"), -1);
    CHECK_INT((int)svg.len, 0);
    /* The largest allowed text still encodes and decodes. */
    big[1024] = '\0';
    for (int i = 0; i < 1024; i++)
        big[i] = "otpauth0123456789abcdefghijklmnopqrstuvwxyz"[i % 43];
    CHECK_INT(dk_auth_qr_svg(&svg, big, "x"), 0);
    char got[2048] = "";
    CHECK_INT(decode(svg.data, got, sizeof got), 0);
    CHECK_STR(got, big);
    free(big);
    dk_buf_free(&svg);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    tools_present();
    otpauth_round_trip();
    svg_form();
    char cmd[128], out[64];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    run(cmd, out, sizeof out);
    DK_TEST_DONE();
}
