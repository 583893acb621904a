/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_test.h — the few assertion macros our unit tests share.
 * Each unit test is a standalone program: it runs its cases, prints one line
 * per failed assertion and exits non-zero when any failed. */
#ifndef DK_TEST_H
#define DK_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int dk_test_failures;
static int dk_test_checks;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        dk_test_checks++;                                                                          \
        if (!(cond)) {                                                                             \
            dk_test_failures++;                                                                    \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

#define CHECK_INT(got, want)                                                                       \
    do {                                                                                           \
        long long g_ = (long long)(got), w_ = (long long)(want);                                   \
        dk_test_checks++;                                                                          \
        if (g_ != w_) {                                                                            \
            dk_test_failures++;                                                                    \
            fprintf(stderr, "%s:%d: %s == %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_);   \
        }                                                                                          \
    } while (0)

#define CHECK_STR(got, want)                                                                       \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        dk_test_checks++;                                                                          \
        if (!g_ || strcmp(g_, w_) != 0) {                                                          \
            dk_test_failures++;                                                                    \
            fprintf(stderr, "%s:%d: %s == \"%s\", want \"%s\"\n", __FILE__, __LINE__, #got,        \
                    g_ ? g_ : "(null)", w_);                                                       \
        }                                                                                          \
    } while (0)

/* Ends main(): a summary line, and the exit status. */
#define DK_TEST_DONE()                                                                             \
    do {                                                                                           \
        printf("%s: %d checks, %d failed\n", __FILE__, dk_test_checks, dk_test_failures);          \
        return dk_test_failures ? 1 : 0;                                                           \
    } while (0)

/* Reproducible random numbers for generated test cases (xorshift64): a
 * test seeds dk_test_rng_state at the start of main, so every run draws
 * the same instances. */
static uint64_t dk_test_rng_state = 0x9e3779b97f4a7c15u;

/* 0..n-1 (n >= 1). */
static inline int dk_test_rnd(int n)
{
    dk_test_rng_state ^= dk_test_rng_state << 13;
    dk_test_rng_state ^= dk_test_rng_state >> 7;
    dk_test_rng_state ^= dk_test_rng_state << 17;
    return (int)(dk_test_rng_state % (uint64_t)n);
}

#endif
