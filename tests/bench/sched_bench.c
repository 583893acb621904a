/* SPDX-License-Identifier: EUPL-1.2 */
/* sched_bench.c — `make bench`: the exact batch scheduler (dk_plan) on a
 * generated, deterministic instance, run the way the scheduler worker runs
 * it: consecutive batches of 500 applications, each solved exactly against
 * the slots earlier batches left. Reports applications scheduled per
 * second, the share given one of their preferred windows, that share's
 * exact optimum for the whole instance at once (dk_plan_max_preferred) and
 * a first-come greedy baseline's share.
 *
 * Instance: 50 interviewers (25 Dutch, 18 French, 7 English by first
 * language; about one in five also speaks a second), all working
 * "mon-fri 09:00-12:00,13:00-17:00" in 30-minute slots, at most 10
 * interviews a day; the two ISO weeks from Monday 2026-12-07 plus a later
 * horizon of 4 weeks (Belgian holidays skipped); 10,000 applications in the
 * same language mix, each with 1-5 preferred windows of 1-3 hours in the
 * two weeks, mornings and Mondays more popular. With --sql FILE it writes
 * that instance as SQL instead, for the worker's end-to-end run. */
#include "belgium/dk_hours.h"
#include "core/dk_calendar.h"
#include "core/dk_clock.h"
#include "plan/dk_plan.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    INTERVIEWERS = 50,
    APPS = 10000,
    BATCH = 500,
    SLOT_MINUTES = 30,
    DAY_CAPACITY = 10,
    WEEKS = 2,
    LATER_WEEKS = 4,
};

static uint64_t rng_state = 0x5eed5eed12345678u;

static double uniform(void) /* [0, 1), xorshift64* */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (double)((rng_state * 0x2545f4914f6cdd1dULL) >> 11) / 9007199254740992.0;
}

/* An index drawn with the given weights. */
static int pick(const double *weights, int n)
{
    double total = 0, x;
    for (int i = 0; i < n; i++)
        total += weights[i];
    x = uniform() * total;
    for (int i = 0; i < n; i++) {
        if (x < weights[i])
            return i;
        x -= weights[i];
    }
    return n - 1;
}

static const unsigned langs[3] = {DK_LANG_NL, DK_LANG_FR, DK_LANG_EN};
static const double lang_mix[3] = {50, 35, 15};

typedef struct {
    dk_plan_slot *slots;
    int nslots;
    dk_plan_day *days; /* capacity and load as at the start */
    int ndays;
    int days_in_period; /* the (interviewer, date) groups of the two weeks */
    int speakers[3];    /* interviewers speaking nl, fr, en */
    unsigned speaks[INTERVIEWERS];
    dk_plan_app *apps;
    dk_plan_window *windows; /* DK_PLAN_MAX_WINDOWS per application */
    int64_t period_from, period_to;
} instance;

static void *must(void *p)
{
    if (!p) {
        fprintf(stderr, "sched_bench: out of memory\n");
        exit(1);
    }
    return p;
}

static void generate(instance *in)
{
    dk_hours hours;
    char err[128];
    if (dk_hours_parse("mon-fri 09:00-12:00,13:00-17:00", &hours, err, sizeof err) != 0) {
        fprintf(stderr, "sched_bench: hours: %s\n", err);
        exit(1);
    }
    const dk_date monday = {2026, 12, 7};
    int ndates = 7 * (WEEKS + LATER_WEEKS);
    unsigned speaks[INTERVIEWERS];
    for (int i = 0; i < INTERVIEWERS; i++) { /* first languages in the mix exactly: 25, 18, 7 */
        int first = i < INTERVIEWERS / 2 ? 0 : i < INTERVIEWERS * 86 / 100 ? 1 : 2;
        speaks[i] = langs[first];
        if (uniform() < 0.2)
            speaks[i] |= langs[(first + 1 + (int)(uniform() * 2)) % 3];
        for (int l = 0; l < 3; l++)
            in->speakers[l] += (speaks[i] & langs[l]) != 0;
        in->speaks[i] = speaks[i];
    }
    in->slots =
        must(malloc(sizeof *in->slots * (size_t)(INTERVIEWERS * ndates * 1440 / SLOT_MINUTES)));
    in->days = must(malloc(sizeof *in->days * (size_t)(INTERVIEWERS * ndates)));
    int starts[1440];
    for (int i = 0; i < INTERVIEWERS; i++)
        for (int k = 0; k < ndates; k++) {
            dk_date date = dk_date_add_days(monday, k);
            if (!dk_be_working_day(date))
                continue;
            int n = dk_hours_slots(&hours, dk_date_weekday(date), SLOT_MINUTES, starts, 1440);
            if (n == 0)
                continue;
            int day = in->ndays++;
            in->days[day] = (dk_plan_day){DAY_CAPACITY, 0};
            in->days_in_period += k < 7 * WEEKS;
            for (int j = 0; j < n; j++) {
                int64_t start = dk_brussels_to_utc_ms(date, starts[j]);
                in->slots[in->nslots++] = (dk_plan_slot){
                    start, start + SLOT_MINUTES * DK_MS_PER_MINUTE, i, day, speaks[i]};
            }
        }

    /* Applications: the two weeks' working days, Mondays and mornings first. */
    in->period_from = dk_brussels_to_utc_ms(monday, 0);
    in->period_to = dk_brussels_to_utc_ms(dk_date_add_days(monday, 7 * WEEKS - 2), 0);
    dk_date workdays[7 * WEEKS];
    double day_weight[7 * WEEKS];
    int nwork = 0;
    static const double weekday_weight[8] = {0, 1.6, 1.1, 1.0, 1.0, 0.8, 0, 0};
    for (int k = 0; k < 7 * WEEKS; k++) {
        dk_date date = dk_date_add_days(monday, k);
        if (dk_be_working_day(date)) {
            workdays[nwork] = date;
            day_weight[nwork++] = weekday_weight[dk_date_weekday(date)];
        }
    }
    static const double hour_weight[9] = {1, 3, 3, 2, 0.8, 1.5, 1.5, 1, 0.6}; /* 08:00 .. 16:00 */
    in->apps = must(malloc(sizeof *in->apps * APPS));
    in->windows = must(malloc(sizeof *in->windows * APPS * DK_PLAN_MAX_WINDOWS));
    for (int a = 0; a < APPS; a++) {
        dk_plan_window *w = &in->windows[a * DK_PLAN_MAX_WINDOWS];
        int nw = 1 + (int)(uniform() * 5);
        for (int k = 0; k < nw; k++) {
            dk_date date = workdays[pick(day_weight, nwork)];
            int from = (8 + pick(hour_weight, 9)) * 60;
            int to = from + 60 * (1 + (int)(uniform() * 3));
            to = to > 18 * 60 ? 18 * 60 : to;
            w[k] = (dk_plan_window){dk_brussels_to_utc_ms(date, from),
                                    dk_brussels_to_utc_ms(date, to)};
        }
        in->apps[a] =
            (dk_plan_app){langs[pick(lang_mix, 3)], w, nw, in->period_from, in->period_to};
    }
}

/* Consecutive batches, each against what the earlier ones left: returns the
 * seconds spent and fills the counts. */
typedef struct {
    long preferred, nearest, later, none;
    double seconds;
} batched;

static batched run_batches(const instance *in)
{
    batched out = {0};
    char *taken = must(calloc((size_t)in->nslots, 1));
    int *booked = must(calloc((size_t)in->ndays, sizeof *booked));
    dk_plan_slot *free_slots = must(malloc(sizeof *free_slots * (size_t)in->nslots));
    int *free_index = must(malloc(sizeof *free_index * (size_t)in->nslots));
    dk_plan_day *days = must(malloc(sizeof *days * (size_t)in->ndays));
    dk_plan_result *r = must(malloc(sizeof *r * BATCH));
    int64_t checking = 0, t0 = dk_mono_ms();
    for (int first = 0; first < APPS; first += BATCH) {
        int nfree = 0;
        for (int s = 0; s < in->nslots; s++)
            if (!taken[s]) {
                free_index[nfree] = s;
                free_slots[nfree++] = in->slots[s];
            }
        for (int d = 0; d < in->ndays; d++)
            days[d] = (dk_plan_day){in->days[d].capacity - booked[d], in->days[d].load + booked[d]};
        int n = APPS - first < BATCH ? APPS - first : BATCH;
        dk_plan_problem p = {free_slots,        (size_t)nfree,    days,
                             (size_t)in->ndays, &in->apps[first], (size_t)n};
        if (dk_plan_solve(&p, r) != 0) {
            fprintf(stderr, "sched_bench: dk_plan_solve failed\n");
            exit(1);
        }
        int64_t c0 = dk_mono_ms();
        dk_plan_score sc;
        if (dk_plan_evaluate(&p, r, &sc) != 0) {
            fprintf(stderr, "sched_bench: batch at %d broke a rule\n", first);
            exit(1);
        }
        checking += dk_mono_ms() - c0;
        for (int i = 0; i < n; i++) {
            switch (r[i].match) {
            case DK_MATCH_PREFERRED:
                out.preferred++;
                break;
            case DK_MATCH_NEAREST:
                out.nearest++;
                break;
            case DK_MATCH_LATER:
                out.later++;
                break;
            case DK_MATCH_NONE:
                out.none++;
                break;
            }
            if (r[i].slot >= 0) {
                int s = free_index[r[i].slot];
                taken[s] = 1;
                booked[in->slots[s].day]++;
            }
        }
    }
    out.seconds = (double)(dk_mono_ms() - t0 - checking) / 1000.0;
    free(taken);
    free(booked);
    free(free_slots);
    free(free_index);
    free(days);
    free(r);
    return out;
}

/* Minutes a slot must move to fit the closest of an application's windows. */
static int64_t distance(const dk_plan_app *app, const dk_plan_slot *sl)
{
    int64_t best = INT64_MAX;
    for (int k = 0; k < app->nwindows; k++) {
        const dk_plan_window *w = &app->windows[k];
        int64_t d = w->start_ms - sl->start_ms;
        d = sl->end_ms - w->end_ms > d ? sl->end_ms - w->end_ms : d;
        d = d < 0 ? 0 : d;
        best = d < best ? d : best;
    }
    return best / DK_MS_PER_MINUTE;
}

/* First come, first served: each application in turn takes the first free
 * slot (in time order) inside its rank-1 window, else rank 2, and so on.
 * With fallback, one that gets no window takes the nearest free slot of
 * its period instead (the same policy as dk_plan, decided one by one). */
static long greedy(const instance *in, int fallback)
{
    char *taken = must(calloc((size_t)in->nslots, 1));
    int *booked = must(calloc((size_t)in->ndays, sizeof *booked));
    long preferred = 0;
    for (int a = 0; a < APPS; a++) {
        const dk_plan_app *app = &in->apps[a];
        int got = -1;
        for (int k = 0; k < app->nwindows && got < 0; k++) {
            const dk_plan_window *w = &app->windows[k];
            for (int s = 0; s < in->nslots; s++) {
                const dk_plan_slot *sl = &in->slots[s];
                if (sl->start_ms < w->start_ms || sl->end_ms > w->end_ms || taken[s] ||
                    !(sl->langs & app->lang) || booked[sl->day] >= in->days[sl->day].capacity)
                    continue;
                if (got < 0 || sl->start_ms < in->slots[got].start_ms)
                    got = s;
            }
        }
        preferred += got >= 0;
        int64_t best = INT64_MAX;
        for (int s = 0; fallback && got < 0 && s < in->nslots; s++) {
            const dk_plan_slot *sl = &in->slots[s];
            if (sl->start_ms < app->allowed_from_ms || sl->end_ms > app->allowed_to_ms ||
                taken[s] || !(sl->langs & app->lang) ||
                booked[sl->day] >= in->days[sl->day].capacity)
                continue;
            int64_t d = distance(app, sl);
            if (d < best)
                best = d;
        }
        for (int s = 0; best < INT64_MAX && got < 0 && s < in->nslots; s++) {
            const dk_plan_slot *sl = &in->slots[s];
            if (sl->start_ms >= app->allowed_from_ms && sl->end_ms <= app->allowed_to_ms &&
                !taken[s] && (sl->langs & app->lang) &&
                booked[sl->day] < in->days[sl->day].capacity && distance(app, sl) == best)
                got = s;
        }
        if (got >= 0) {
            taken[got] = 1;
            booked[in->slots[got].day]++;
        }
    }
    free(taken);
    free(booked);
    return preferred;
}

/* 12345 -> "12,345". */
static const char *grouped(long v, char *buf, size_t n)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%ld", v), k = 0;
    for (int i = 0; i < len && (size_t)k + 2 < n; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[k++] = ',';
        buf[k++] = digits[i];
    }
    buf[k] = '\0';
    return buf;
}

/* The same instance as SQL for the stack's PostgreSQL (tests/bench/
 * sched_e2e.sh): interviewers, submitted applications with their preferred
 * windows, and one schedule.requested per application in the outbox, so the
 * real scheduler worker plans exactly what this program plans. */
static const char *lang_code(unsigned bit)
{
    return bit == DK_LANG_NL ? "nl" : bit == DK_LANG_FR ? "fr" : "en";
}

static int write_sql(const instance *in, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        return 1;
    }
    fprintf(f, "BEGIN;\nINSERT INTO interviewers (id, name, email, languages, hours) VALUES\n");
    for (int i = 0; i < INTERVIEWERS; i++) {
        fprintf(f, "('00000000-0000-4000-8000-%012d', 'Interviewer %d', 'i%d@bench.example', '{", i,
                i + 1, i + 1);
        int first = 1;
        for (int l = 0; l < 3; l++)
            if (in->speaks[i] & langs[l]) {
                fprintf(f, "%s%s", first ? "" : ",", lang_code(langs[l]));
                first = 0;
            }
        fprintf(f, "}', 'mon-fri 09:00-12:00,13:00-17:00')%s\n", i + 1 < INTERVIEWERS ? "," : ";");
    }
    char t[32];
    for (int a = 0; a < APPS; a++) {
        const dk_plan_app *app = &in->apps[a];
        fprintf(
            f,
            "INSERT INTO applications (id, status, language, last_name, first_names, birth_date,"
            " birth_country, birth_place, sex, email, motivation, security_code_hash,"
            " submitted_at, source_message_id) VALUES ('00000000-0000-4000-9000-%012d',"
            " 'submitted', '%s', 'Bench', 'Applicant', '1980-01-01', 'BE', 'Gent', 'X',"
            " 'a%d@bench.example', 'bench', repeat('0', 64), '2026-12-02T10:00:00Z',"
            " gen_random_uuid());\n",
            a, lang_code(app->lang), a);
        fprintf(f, "INSERT INTO application_preferred_slots VALUES ");
        for (int k = 0; k < app->nwindows; k++) {
            dk_iso8601_utc(app->windows[k].start_ms, t);
            fprintf(f, "%s('00000000-0000-4000-9000-%012d', %d, '%s', ", k ? ", " : "", a, k + 1,
                    t);
            dk_iso8601_utc(app->windows[k].end_ms, t);
            fprintf(f, "'%s')", t);
        }
        fprintf(f, ";\n");
    }
    fprintf(f, "INSERT INTO outbox (topic, msg_key, payload) SELECT 'dk.schedule', a.id::text,"
               " json_build_object('id', gen_random_uuid(), 'type', 'schedule.requested',"
               " 'version', 1, 'time', '2026-12-02T10:00:00Z', 'application_id', a.id,"
               " 'data', json_build_object('reason', 'submitted'))::text"
               " FROM applications a WHERE a.email LIKE '%%@bench.example' ORDER BY a.id;\n"
               "COMMIT;\n");
    return fclose(f) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    instance in = {0};
    generate(&in);
    if (argc == 3 && strcmp(argv[1], "--sql") == 0)
        return write_sql(&in, argv[2]);
    if (argc != 1) {
        fprintf(stderr, "usage: sched_bench [--sql FILE]\n");
        return 2;
    }
    long slots_in_period = 0;
    for (int s = 0; s < in.nslots; s++)
        slots_in_period += in.slots[s].start_ms < in.period_to;

    batched b = run_batches(&in);

    int64_t t0 = dk_mono_ms();
    dk_plan_problem whole = {in.slots, (size_t)in.nslots, in.days, (size_t)in.ndays, in.apps, APPS};
    long optimum = dk_plan_max_preferred(&whole);
    double optimum_seconds = (double)(dk_mono_ms() - t0) / 1000.0;
    if (optimum <= 0) {
        fprintf(stderr, "sched_bench: dk_plan_max_preferred failed\n");
        return 1;
    }
    long greedy_preferred = greedy(&in, 0), greedy_fallback = greedy(&in, 1);

    /* The whole instance as a single batch: the exact solver at 10,000. */
    dk_plan_result *all = must(malloc(sizeof *all * APPS));
    t0 = dk_mono_ms();
    dk_plan_score whole_score;
    if (dk_plan_solve(&whole, all) != 0 || dk_plan_evaluate(&whole, all, &whole_score) != 0) {
        fprintf(stderr, "sched_bench: the single batch of %d failed\n", APPS);
        return 1;
    }
    double whole_seconds = (double)(dk_mono_ms() - t0) / 1000.0;
    free(all);

    char rate[32], slots[32], cap[32];
    double share = 100.0 * (double)b.preferred / APPS, best = 100.0 * (double)optimum / APPS;
    printf("scheduling: %d apps, %d interviewers (nl %d, fr %d, en %d), %s free slots (%s in "
           "the two weeks, room for %s interviews there)\n",
           APPS, INTERVIEWERS, in.speakers[0], in.speakers[1], in.speakers[2],
           grouped(in.nslots, slots, sizeof slots), grouped(slots_in_period, rate, sizeof rate),
           grouped((long)in.days_in_period * DAY_CAPACITY, cap, sizeof cap));
    printf("scheduling: %d batches of %d solved exactly in %.2f s (%.0f ms a batch)\n",
           APPS / BATCH, BATCH, b.seconds, 1000.0 * b.seconds / (APPS / BATCH));
    printf("scheduling: preferred %ld, nearest %ld, later %ld, none %ld; "
           "exact optimum computed in %.2f s\n",
           b.preferred, b.nearest, b.later, b.none, optimum_seconds);
    printf("scheduling: all %d in one batch: %.2f s, preferred window %.1f%%\n", APPS,
           whole_seconds, 100.0 * (double)whole_score.preferred / APPS);
    printf("scheduling: first come, first served with the same fallback to the nearest slot: "
           "preferred window %.1f%%\n",
           100.0 * (double)greedy_fallback / APPS);
    printf("scheduling: %d apps, %d interviewers: %s assignments/s; preferred window %.1f%% "
           "vs exact optimum %.1f%% (ratio %.3f); greedy %.1f%%\n",
           APPS, INTERVIEWERS, grouped((long)((double)APPS / b.seconds), rate, sizeof rate), share,
           best, share / best, 100.0 * (double)greedy_preferred / APPS);
    free(in.slots);
    free(in.days);
    free(in.apps);
    free(in.windows);
    return 0;
}
