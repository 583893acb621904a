/* SPDX-License-Identifier: EUPL-1.2 */
/* signin_seed.c — `make bench` (signin_bench.sh): the activated accounts the
 * sign-in benchmark signs in with, made without 1,000 interviews. Each
 * account is the chain of rows the real activation leaves (an application
 * 'activated', its completed appointment, the approval, the spent activation
 * code, the digital key of type "totp"), written as SQL for psql, with the
 * secrets made as common/keys makes them: the password as an Argon2id PHC
 * string of dk_auth_password_hash (today's parameters) and each account's
 * own TOTP secret from dk_totp_new (sealed under DK_MESSAGE_KEY, purpose
 * "key.totp", bound to the application id). The clients' side goes to a
 * second file: identifier, password and the base32 secret per line.
 *
 * One PHC string serves every account (one password): a verify's cost is
 * fixed by the string's parameters (t, m, p), not by its salt or by whose it
 * is, and nothing caches a verify, so the server does the same work per
 * sign-in as with 1,000 different ones. Making 1,000 here would cost 1,000
 * hashes (~0.2-0.6 s each on this machine, minutes on 2 cores) for no
 * difference in what is measured; the one hash's time is printed.
 *
 *   signin_seed SQL_OUT ACCOUNTS_OUT N   the accounts (N = 1..100000)
 *   signin_seed --verify                 one verify of the same password, as
 *                                        the server does it, per line of
 *                                        stdin: its wall and CPU time (ms)
 *                                        per line out */
#include "auth/dk_auth_password.h"
#include "core/dk_crypto.h"
#include "interview/dk_totp_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* 39 bytes, the length auth_bench hashes: the same password in both. */
#define BENCH_PASSWORD "zeven zwarte zwanen zwemmen in het zwin"
#define PURPOSE "key.totp"

static double clock_s(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double now_s(void)
{
    return clock_s(CLOCK_MONOTONIC);
}

/* A text field of COPY's text format: backslash, tab and line ends escaped. */
static void copy_field(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\\\", f);
        else if (*s == '\t')
            fputs("\\t", f);
        else if (*s == '\n')
            fputs("\\n", f);
        else if (*s == '\r')
            fputs("\\r", f);
        else
            fputc(*s, f);
    }
}

/* One verify per line read (untimed: one hash first), its wall-clock and
 * CPU time in ms per line written: the caller interleaves them with its
 * sign-ins, so both are measured under the same load. */
static int verify_lines(void)
{
    char stored[DK_AUTH_PASSWORD_HASH_MAX], err[256], line[64];
    if (dk_auth_password_hash(BENCH_PASSWORD, stored, err, sizeof err) != 0) {
        fprintf(stderr, "signin_seed: hashing: %s\n", err);
        return 1;
    }
    for (int i = 0; i < 100000 && fgets(line, sizeof line, stdin); i++) {
        double t0 = now_s(), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
        if (dk_auth_password_verify(stored, BENCH_PASSWORD) != 1) {
            fprintf(stderr, "signin_seed: the password did not verify\n");
            return 1;
        }
        printf("%.2f %.2f\n", (now_s() - t0) * 1e3, (clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0) * 1e3);
        fflush(stdout);
    }
    return 0;
}

/* The rows of account i (ids new) into the COPY of sql, its secret into acc. */
static int account(FILE *sql, FILE *acc, int i, const char *phc)
{
    char app[37], appt[37], outcome[37], act[37], key[37], b32[DK_TOTP_B32_MAX], err[256];
    char *sealed = NULL;
    if (dk_uuid_v4(app) != 0 || dk_uuid_v4(appt) != 0 || dk_uuid_v4(outcome) != 0 ||
        dk_uuid_v4(act) != 0 || dk_uuid_v4(key) != 0) {
        fprintf(stderr, "signin_seed: no random bytes for the ids\n");
        return -1;
    }
    if (dk_totp_new(PURPOSE, app, b32, &sealed, err, sizeof err) != 0) {
        fprintf(stderr, "signin_seed: a TOTP secret: %s\n", err);
        return -1;
    }
    char ident[64];
    snprintf(ident, sizeof ident, "bench.key.%05d@example.be", i);
    fprintf(sql, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t", i, app, appt, outcome, act, key, ident);
    copy_field(sql, phc);
    fputc('\t', sql);
    copy_field(sql, sealed);
    fputc('\n', sql);
    fprintf(acc, "%s\t%s\t%s\n", ident, BENCH_PASSWORD, b32);
    dk_auth_free_secret(sealed);
    memset(b32, 0, sizeof b32);
    return 0;
}

/* After the COPY: the chain of rows of every account, set-based. The
 * appointments are completed (not live), half an hour apart in the past. */
static const char *const sql_tail =
    "\\.\n"
    "INSERT INTO interviewers (id, name, email, languages, hours) VALUES (:'iv',"
    " 'Bench Interviewer', 'bench.interviewer@example.be', '{nl,fr,en}',"
    " 'mon-fri 09:00-17:00');\n"
    "INSERT INTO staff (id, name, email, role, interviewer_id, created_at, updated_at) VALUES"
    " (:'st', 'Bench Interviewer', 'bench.interviewer@example.be', 'interviewer', :'iv', now(),"
    " now());\n"
    "INSERT INTO applications (id, status, language, last_name, first_names, birth_date,"
    " birth_country, birth_place, sex, email, motivation, security_code_hash, submitted_at,"
    " source_message_id) SELECT app, 'activated', (ARRAY['nl','fr','en'])[n % 3 + 1], 'Bench',"
    " 'Account ' || n, '1985-07-30', 'BE', 'Gent', 'X', ident, 'sign-in benchmark',"
    " repeat('0', 64), now() - interval '30 days', gen_random_uuid() FROM bench_accounts;\n"
    "INSERT INTO appointments (id, application_id, interviewer_id, starts_at, ends_at, status,"
    " match, token_hash, held_until, proposed_at, reserved_at, ended_at) SELECT appt, app, :'iv',"
    " now() - interval '20 days' + n * interval '30 minutes',"
    " now() - interval '20 days' + (n + 1) * interval '30 minutes', 'completed', 'preferred',"
    " encode(sha256(appt::text::bytea), 'hex'), now() - interval '25 days',"
    " now() - interval '26 days', now() - interval '25 days',"
    " now() - interval '20 days' + (n + 1) * interval '30 minutes' FROM bench_accounts;\n"
    "INSERT INTO interview_outcomes (id, appointment_id, application_id, outcome, staff_id,"
    " decided_at) SELECT outcome, appt, app, 'approved', :'st',"
    " now() - interval '20 days' + (n + 1) * interval '30 minutes' FROM bench_accounts;\n"
    "INSERT INTO activation_codes (id, application_id, outcome_id, code_hash, token_hash,"
    " created_at, expires_at, used_at) SELECT act, app, outcome,"
    " encode(sha256(('code ' || act)::bytea), 'hex'), encode(sha256(act::text::bytea), 'hex'),"
    " now() - interval '19 days', now() + interval '11 days', now() - interval '18 days'"
    " FROM bench_accounts;\n"
    "INSERT INTO digital_keys (id, application_id, activation_id, identifier, key_type,"
    " password_hash, totp_secret_sealed, created_at, updated_at) SELECT key, app, act, ident,"
    " 'totp', phc, sealed, now() - interval '18 days', now() - interval '18 days'"
    " FROM bench_accounts;\n"
    "COMMIT;\n";

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "--verify"))
        return verify_lines();
    int n = argc == 4 ? atoi(argv[3]) : 0;
    if (n < 1 || n > 100000) {
        fprintf(stderr, "usage: signin_seed SQL_OUT ACCOUNTS_OUT N(1..100000)\n"
                        "       signin_seed --verify  (a verify per line of stdin)\n");
        return 2;
    }
    char phc[DK_AUTH_PASSWORD_HASH_MAX], err[256], iv[37], st[37];
    double t0 = now_s();
    if (dk_auth_password_hash(BENCH_PASSWORD, phc, err, sizeof err) != 0) {
        fprintf(stderr, "signin_seed: hashing: %s\n", err);
        return 1;
    }
    double hash_s = now_s() - t0;
    if (dk_uuid_v4(iv) != 0 || dk_uuid_v4(st) != 0)
        return 1;
    FILE *sql = fopen(argv[1], "w"), *acc = fopen(argv[2], "w");
    if (!sql || !acc) {
        fprintf(stderr, "signin_seed: cannot write %s / %s\n", argv[1], argv[2]);
        return 1;
    }
    fprintf(sql,
            "\\set ON_ERROR_STOP 1\n\\set iv %s\n\\set st %s\nBEGIN;\n"
            "CREATE TEMP TABLE bench_accounts (n int, app uuid, appt uuid, outcome uuid,"
            " act uuid, key uuid, ident text, phc text, sealed jsonb) ON COMMIT DROP;\n"
            "COPY bench_accounts FROM stdin;\n",
            iv, st);
    t0 = now_s();
    for (int i = 0; i < n; i++)
        if (account(sql, acc, i, phc) != 0)
            return 1;
    double seal_s = now_s() - t0;
    fputs(sql_tail, sql);
    if (fclose(sql) != 0 || fclose(acc) != 0) {
        fprintf(stderr, "signin_seed: writing failed\n");
        return 1;
    }
    /* For the script: one hash's time, and what n of them would cost on 2 cores. */
    printf("hash_ms %.1f hashes_2cores_s %.0f seal_ms %.1f\n", hash_s * 1e3, hash_s * n / 2,
           seal_s * 1e3);
    return 0;
}
