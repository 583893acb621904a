/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_auth_qr.c — a QR code as one SVG path: each row's runs of dark modules
 * become "M x y h n v1 h -n z", so the fragment stays a few kilobytes and
 * scales sharply to any size. */
#include "auth/dk_auth_qr.h"

#include "core/dk_html.h"

#include <pthread.h>
#include <qrencode.h>
#include <string.h>

/* An otpauth:// URI is about 150 bytes; this bounds the picture's size. */
#define TEXT_MAX 1024

/* libqrencode is thread-safe only when built with pthread: serialise calls
 * so that this does not depend on how the distribution built it. */
static pthread_mutex_t encode_lock = PTHREAD_MUTEX_INITIALIZER;

int dk_auth_qr_svg(dk_buf *out, const char *text, const char *aria_label)
{
    size_t n = text ? strlen(text) : 0;
    if (n == 0 || n > TEXT_MAX)
        return -1;
    pthread_mutex_lock(&encode_lock);
    QRcode *qr = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    pthread_mutex_unlock(&encode_lock);
    if (!qr)
        return -1;
    int w = qr->width, side = w + 2 * DK_AUTH_QR_QUIET_MODULES;
    dk_buf_appendf(out,
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" role=\"img\"",
                   side, side);
    if (aria_label) {
        dk_buf_puts(out, " aria-label=\"");
        dk_html_escape_append(out, aria_label, strlen(aria_label));
        dk_buf_putc(out, '"');
    }
    dk_buf_appendf(out,
                   " shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" "
                   "fill=\"#fff\"/><path fill=\"#000\" d=\"",
                   side, side);
    for (int y = 0; y < w; y++) {
        for (int x = 0; x < w;) {
            if (!(qr->data[y * w + x] & 1)) {
                x++;
                continue;
            }
            int run = 1;
            while (x + run < w && (qr->data[y * w + x + run] & 1))
                run++;
            dk_buf_appendf(out, "M%d %dh%dv1h-%dz", x + DK_AUTH_QR_QUIET_MODULES,
                           y + DK_AUTH_QR_QUIET_MODULES, run, run);
            x += run;
        }
    }
    dk_buf_puts(out, "\"/></svg>");
    QRcode_free(qr);
    return dk_buf_failed(out) ? -1 : 0;
}
