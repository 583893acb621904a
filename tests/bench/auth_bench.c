/* SPDX-License-Identifier: EUPL-1.2 */
/* auth_bench.c — `make bench`: what a password and an authenticator code
 * cost (common/auth), each next to a plain hash of the same input in the
 * same run: one Argon2id hash and one verify at today's parameters against
 * one SHA-256 of the same password (the ratio is the work an attacker with
 * the stored hashes pays per guess, relative to a fast hash), and one
 * password check (rules and blocklist) and one TOTP verify against the same
 * SHA-256. Wall-clock medians; the machine's other load shows in them.
 * The memory of one hash: the process's peak resident size (VmHWM) before
 * and after the first hash, next to the m parameter. */
#include "auth/dk_auth_password.h"
#include "auth/dk_auth_totp.h"
#include "core/dk_crypto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The peak resident size of this process so far (KiB), or -1. */
static long peak_rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
            break;
    if (f)
        fclose(f);
    return kib;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

int main(void)
{
    const char *pw = "zeven zwarte zwanen zwemmen in het zwin";
    enum { HASHES = 7, FAST = 20000, FAST_REPS = 5 };
    char stored[DK_AUTH_PASSWORD_HASH_MAX];
    double hash_t[HASHES], verify_t[HASHES];
    /* A first hash outside the timing (the first 64 MiB costs page faults),
     * its peak memory measured. */
    long rss0 = peak_rss_kib();
    if (dk_auth_password_hash(pw, stored, NULL, 0) != 0)
        return 1;
    long rss1 = peak_rss_kib();
    for (int i = 0; i < HASHES; i++) {
        double t0 = now_s();
        if (dk_auth_password_hash(pw, stored, NULL, 0) != 0)
            return 1;
        double t1 = now_s();
        if (dk_auth_password_verify(stored, pw) != 1)
            return 1;
        hash_t[i] = t1 - t0;
        verify_t[i] = now_s() - t1;
    }
    double sha_t[FAST_REPS], check_t[FAST_REPS], totp_t[FAST_REPS];
    char hex[65];
    unsigned char key[DK_AUTH_TOTP_SECRET_BYTES];
    if (dk_auth_totp_secret_new(key) != 0)
        return 1;
    volatile int sink = 0;
    for (int r = 0; r < FAST_REPS; r++) {
        double t0 = now_s();
        for (int i = 0; i < FAST; i++) {
            dk_sha256_hex(pw, strlen(pw), hex);
            sink += hex[0];
        }
        sha_t[r] = (now_s() - t0) / FAST;
        t0 = now_s();
        for (int i = 0; i < FAST / 10; i++)
            sink += (int)dk_auth_password_check(pw, DK_AUTH_PASSWORD_MIN_SINGLE_FACTOR, NULL);
        check_t[r] = (now_s() - t0) / (FAST / 10);
        t0 = now_s();
        for (int i = 0; i < FAST / 10; i++)
            sink += (int)dk_auth_totp_verify(&dk_auth_totp_default, key, sizeof key, "000000",
                                             1767225600 + i * 30, DK_AUTH_TOTP_NO_STEP, NULL);
        totp_t[r] = (now_s() - t0) / (FAST / 10);
    }
    double h = median(hash_t, HASHES), v = median(verify_t, HASHES), s = median(sha_t, FAST_REPS);
    double c = median(check_t, FAST_REPS), t = median(totp_t, FAST_REPS);
    printf("auth_bench: Argon2id t=%d m=%d KiB p=%d, password of %zu bytes, median of %d\n",
           DK_AUTH_ARGON2_T, DK_AUTH_ARGON2_M_KIB, DK_AUTH_ARGON2_P, strlen(pw), HASHES);
    printf("  argon2id hash       %10.1f ms   (%.0f x one SHA-256 of the same input)\n", h * 1e3,
           h / s);
    printf("  argon2id verify     %10.1f ms   (%.1f per second per core)\n", v * 1e3, 1 / v);
    if (rss0 >= 0 && rss1 >= 0)
        printf("  argon2id memory     %10.1f MiB  peak resident growth of one hash (m = %.1f MiB;"
               " process peak %.1f MiB)\n",
               (double)(rss1 - rss0) / 1024, DK_AUTH_ARGON2_M_KIB / 1024.0, (double)rss1 / 1024);
    printf("  SHA-256 (baseline)  %10.3f us\n", s * 1e6);
    printf("  password check      %10.1f us   (rules + blocklist, %.0f x SHA-256)\n", c * 1e6,
           c / s);
    printf("  TOTP verify (+-1)   %10.1f us   (3 HMAC-SHA-1, %.0f x SHA-256)\n", t * 1e6, t / s);
    return sink == -1;
}
