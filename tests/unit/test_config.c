/* SPDX-License-Identifier: EUPL-1.2 */
/* test_config.c — unit tests for the start-up check of dk_config: an unknown
 * DK_* name (a typo) is refused with the closest setting suggested, a name
 * far from every setting is refused without a guess, the script-only names
 * pass, and DK_INTAKE_URL is a setting read through the table. */
#include "core/dk_config.h"
#include "dk_test.h"
#include "store/dk_token.h"

#include <stdlib.h>

/* The test starts from an environment without DK_* names, whatever the
 * shell that runs it exported. */
static void clear_dk_environment(void)
{
    extern char **environ;
    for (int round = 0; round < 1000; round++) {
        char **env = environ;
        while (*env && strncmp(*env, "DK_", 3) != 0)
            env++;
        if (!*env)
            return;
        char name[256];
        size_t n = strcspn(*env, "=");
        if (n >= sizeof name)
            n = sizeof name - 1;
        memcpy(name, *env, n);
        name[n] = '\0';
        unsetenv(name);
    }
}

static void refused_with(const char *name, const char *value, const char *want)
{
    char err[256] = "";
    setenv(name, value, 1);
    CHECK_INT(dk_config_check(err, sizeof err), -1);
    CHECK_STR(err, want);
    unsetenv(name);
}

static void typos_are_refused(void)
{
    char err[256];
    CHECK_INT(dk_config_check(err, sizeof err), 0);
    refused_with("DK_INTAKE_PRT", "8080",
                 "DK_INTAKE_PRT is not a setting (did you mean DK_INTAKE_PORT?)");
    refused_with("DK_BATCH_MAXX", "5",
                 "DK_BATCH_MAXX is not a setting (did you mean DK_BATCH_MAX?)");
    refused_with("DK_PG_DNS", "host=x", "DK_PG_DNS is not a setting (did you mean DK_PG_DSN?)");
    refused_with("DK_LOGLEVEL", "debug",
                 "DK_LOGLEVEL is not a setting (did you mean DK_LOG_LEVEL?)");
    refused_with("DK_", "", "DK_ is not a setting (see: dk config)");
    refused_with("DK_SOMETHING_ELSE_ENTIRELY", "1",
                 "DK_SOMETHING_ELSE_ENTIRELY is not a setting (see: dk config)");
    /* A set but empty typo is refused too: the name is what is wrong. */
    refused_with("DK_OFFICE_HOUR", "",
                 "DK_OFFICE_HOUR is not a setting (did you mean DK_OFFICE_HOURS?)");
    /* Lower case is not ours (the check is on DK_ only), nor other prefixes. */
    setenv("dk_intake_prt", "1", 1);
    setenv("DKINTAKE_PORT", "1", 1);
    CHECK_INT(dk_config_check(err, sizeof err), 0);
    unsetenv("dk_intake_prt");
    unsetenv("DKINTAKE_PORT");
}

static void closest(void)
{
    CHECK_STR(dk_config_closest("DK_INTAKE_PORT"), "DK_INTAKE_PORT");
    CHECK_STR(dk_config_closest("DK_INTAKE_HOTS"), "DK_INTAKE_HOST");
    CHECK(dk_config_closest("DK_UPLOAD_MAXIMUM") == NULL); /* 4 edits: too far */
    CHECK_STR(dk_config_closest("DK_NO"), "DK_NOW");
    CHECK(dk_config_closest("DK_X") == NULL); /* 3 edits of DK_NOW: most of the name */
    CHECK(dk_config_closest("DK_NOTHING_LIKE_IT") == NULL);
    char longname[400];
    memset(longname, 'A', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    CHECK(dk_config_closest(longname) == NULL);
}

static void script_names_pass(void)
{
    char err[256];
    setenv("DK_BUILD", "build", 1);
    setenv("DK_BENCH_SECONDS", "10", 1);
    setenv("DK_SMTP_PORT", "2525", 1);
    setenv("DK_DEV_MAILDIR_OVERRIDE", "/tmp/x", 1);
    CHECK_INT(dk_config_check(err, sizeof err), 0);
    unsetenv("DK_BUILD");
    unsetenv("DK_BENCH_SECONDS");
    unsetenv("DK_SMTP_PORT");
    unsetenv("DK_DEV_MAILDIR_OVERRIDE");
}

/* No table row may be a script name, and every row must be findable: a
 * setting a binary reads must never be mistaken for a typo. */
static void known_names_pass(void)
{
    char err[256];
    for (const dk_cfg_entry *e = dk_cfg_table; e->name; e++) {
        setenv(e->name, e->def, 1);
        CHECK_INT(dk_config_check(err, sizeof err), 0);
        CHECK_STR(dk_config_closest(e->name), e->name);
        unsetenv(e->name);
    }
}

static void intake_url_is_a_setting(void)
{
    char url[256], err[256];
    setenv("DK_INTAKE_URL", "http://127.0.0.1:4321/", 1);
    CHECK_INT(dk_config_check(err, sizeof err), 0);
    dk_public_url(url, sizeof url);
    CHECK_STR(url, "http://127.0.0.1:4321");
    setenv("DK_PUBLIC_URL", "https://keys.example.be", 1);
    dk_public_url(url, sizeof url);
    CHECK_STR(url, "https://keys.example.be");
    unsetenv("DK_PUBLIC_URL");
    unsetenv("DK_INTAKE_URL");
    dk_public_url(url, sizeof url);
    CHECK_STR(url, "http://127.0.0.1:8080");
}

int main(void)
{
    clear_dk_environment();
    typos_are_refused();
    closest();
    script_names_pass();
    known_names_pass();
    intake_url_is_a_setting();
    DK_TEST_DONE();
}
