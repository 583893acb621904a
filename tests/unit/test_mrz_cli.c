/* SPDX-License-Identifier: EUPL-1.2 */
/* test_mrz_cli.c — `dk document mrz --text` as an operator runs it: the
 * ICAO specimens and a Belgian card piped through the built binary (next to
 * this test: ../bin/dk), one JSON line per document in order, with repairs,
 * an unreadable document among them, the comparison options, and the usage
 * errors. No database, no stack. */
#include "dk_test.h"

#include <jansson.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char dk[4096];

/* Runs dk with args, input on standard input; its output lines parsed into
 * out (at most max), their count; *status the exit status. */
static int run(const char *args, const char *input, json_t **out, int max, int *status)
{
    char path[] = "/tmp/dk-test-mrz-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, input, strlen(input)) != (ssize_t)strlen(input)) {
        perror("mkstemp/write");
        return -1;
    }
    close(fd);
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "'%s' document mrz %s < '%s' 2>/dev/null", dk, args, path);
    FILE *p = popen(cmd, "r");
    int n = 0;
    char line[16384];
    while (p && fgets(line, sizeof line, p)) {
        json_error_t err;
        json_t *j = json_loads(line, 0, &err);
        if (!j)
            fprintf(stderr, "not JSON: %s", line);
        CHECK(j != NULL);
        if (j && n < max)
            out[n++] = j;
        else
            json_decref(j);
    }
    int st = p ? pclose(p) : -1;
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    unlink(path);
    return n;
}

static const char *str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static const char SPECIMENS[] = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                                "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n"
                                "\n"
                                "I<UTOD231458907<<<<<<<<<<<<<<<\n"
                                "7408122F1204159UTO<<<<<<<<<<<6\n"
                                "ERIKSSON<<ANNA<MARIA<<<<<<<<<<\n"
                                "\n\n"
                                "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\n"
                                "D231458907UTO7408122F1204159<<<<<<<6\n"
                                "\n"
                                "IDBEL592123456<7329<<<<<<<<<<<\n"
                                "8507309F3107151BEL850730034271\n"
                                "JANSSENS<<MARIE<ELISE<<<<<<<<<";

static void test_specimens(void)
{
    json_t *o[8];
    int st;
    int n = run("--text", SPECIMENS, o, 8, &st);
    CHECK_INT(st, 0);
    CHECK_INT(n, 4);
    const char *formats[] = {"TD3", "TD1", "TD2", "TD1"};
    const char *numbers[] = {"L898902C3", "D23145890", "D23145890", "592123456732"};
    for (int i = 0; i < n && i < 4; i++) {
        CHECK_STR(str(o[i], "file"), "-");
        CHECK_INT(json_integer_value(json_object_get(o[i], "index")), i + 1);
        CHECK(json_is_true(json_object_get(o[i], "found")));
        CHECK(json_is_true(json_object_get(o[i], "valid")));
        CHECK_STR(str(o[i], "format"), formats[i]);
        CHECK_STR(str(o[i], "document_number"), numbers[i]);
        json_t *checks = json_object_get(o[i], "checks");
        CHECK(json_is_true(json_object_get(checks, "composite")));
        CHECK(json_is_true(json_object_get(checks, "document_number")));
        CHECK(json_is_true(json_object_get(checks, "birth_date")));
        CHECK(json_is_true(json_object_get(checks, "expiry_date")));
        CHECK(json_is_number(json_object_get(o[i], "ms")));
        CHECK_INT(json_array_size(json_object_get(o[i], "repairs")), 0);
        CHECK(json_object_get(o[i], "comparison") == NULL);
        const char *keys[] = {"lines",       "document_type", "issuing_state",
                              "birth_date",  "expiry_date",   "sex",
                              "nationality", "surname",       "given_names"};
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
            CHECK(json_object_get(o[i], keys[k]) != NULL);
    }
    if (n >= 4) {
        CHECK(json_is_true(json_object_get(json_object_get(o[0], "checks"), "personal_number")));
        CHECK_STR(str(o[0], "surname"), "ERIKSSON");
        CHECK_STR(str(o[0], "given_names"), "ANNA MARIA");
        CHECK_STR(str(o[0], "birth_date"), "740812");
        CHECK_STR(str(o[0], "expiry_date"), "120415");
        CHECK_STR(str(o[3], "issuing_state"), "BEL");
        CHECK_STR(str(o[3], "optional_data_2"), "85073003427");
        CHECK_INT(json_array_size(json_object_get(o[1], "lines")), 3);
    }
    for (int i = 0; i < n; i++)
        json_decref(o[i]);
}

static void test_repairs_and_garbage(void)
{
    const char *in = "p<uto eriksson<<anna<maria<<<<<<<<<<<<<<<<<<<\n"
                     "L8989O2C36UTO74O8122F1204159ZE184226B<<<<<10\n"
                     "\n"
                     "this is no MRZ\n"
                     "\n"
                     "I<UTOD231458907<<<<<<<<<<<<<<<\n"
                     "7408122F1204159UTO<<<<<<<<<<<7\n"
                     "ERIKSSON<<ANNA<MARIA<<<<<<<<<<\n"
                     "\n"
                     "1\n2\n3\n4\n";
    json_t *o[8];
    int st;
    int n = run("--text", in, o, 8, &st);
    CHECK_INT(st, 0);
    CHECK_INT(n, 4);
    if (n < 4)
        return;
    CHECK(json_is_true(json_object_get(o[0], "valid")));
    CHECK_STR(str(o[0], "document_number"), "L898902C3");
    json_t *r = json_object_get(o[0], "repairs");
    CHECK_INT(json_array_size(r), 2);
    CHECK_STR(str(json_array_get(r, 0), "why"), "character_class");
    CHECK_STR(str(json_array_get(r, 1), "why"), "check_digit");
    CHECK_STR(str(json_array_get(r, 1), "field"), "document_number");
    CHECK_STR(str(json_array_get(r, 1), "from"), "O");
    CHECK_STR(str(json_array_get(r, 1), "to"), "0");
    CHECK_INT(json_integer_value(json_object_get(json_array_get(r, 1), "position")), 6);
    CHECK_STR(json_string_value(json_array_get(json_object_get(o[0], "lines"), 1)),
              "L898902C36UTO7408122F1204159ZE184226B<<<<<10");

    CHECK(json_is_false(json_object_get(o[1], "found")));
    CHECK(str(o[1], "reason") != NULL);
    CHECK_INT(json_integer_value(json_object_get(o[1], "index")), 2);

    /* A wrong composite digit: found, not valid, that check false. */
    CHECK(json_is_true(json_object_get(o[2], "found")));
    CHECK(json_is_false(json_object_get(o[2], "valid")));
    CHECK(json_is_false(json_object_get(json_object_get(o[2], "checks"), "composite")));
    CHECK(json_is_true(json_object_get(json_object_get(o[2], "checks"), "document_number")));

    CHECK(json_is_false(json_object_get(o[3], "found"))); /* four lines */
    for (int i = 0; i < n; i++)
        json_decref(o[i]);
}

static void test_comparison(void)
{
    const char *in = "IDBEL592123456<7329<<<<<<<<<<<\n"
                     "8507309F3107151BEL850730034271\n"
                     "JANSSENS<<MARIE<ELISE<<<<<<<<<\n";
    json_t *o[2];
    int st;
    int n = run("--text --surname Janssens --given-names 'Marie-Élise' --birth-date 1985-07-30 "
                "--sex M --nationality BE --on 2031-07-16",
                in, o, 2, &st);
    CHECK_INT(st, 0);
    CHECK_INT(n, 1);
    if (n < 1)
        return;
    json_t *c = json_object_get(o[0], "comparison");
    CHECK_STR(str(c, "surname"), "match");
    CHECK_STR(str(c, "given_names"), "match");
    CHECK_STR(str(c, "birth_date"), "match");
    CHECK_STR(str(c, "sex"), "differs");
    CHECK_STR(str(c, "nationality"), "match");
    CHECK_STR(str(c, "expiry"), "expired");
    json_decref(o[0]);
}

static void test_usage(void)
{
    json_t *o[1];
    int st;
    CHECK_INT(run("--text", "", o, 1, &st), 0);
    CHECK_INT(st, 0);
    CHECK_INT(run("", SPECIMENS, o, 1, &st), 0);
    CHECK_INT(st, 2);
    CHECK_INT(run("--text --sex", SPECIMENS, o, 1, &st), 0);
    CHECK_INT(st, 2);
    CHECK_INT(run("--text --colour red", SPECIMENS, o, 1, &st), 0);
    CHECK_INT(st, 2);
}

int main(int argc, char **argv)
{
    (void)argc;
    char self[4096];
    snprintf(self, sizeof self, "%s", argv[0]);
    snprintf(dk, sizeof dk, "%s/../bin/dk", dirname(self));
    if (access(dk, X_OK) != 0) {
        fprintf(stderr, "%s: cannot run %s\n", argv[0], dk);
        return 1;
    }
    test_specimens();
    test_repairs_and_garbage();
    test_comparison();
    test_usage();
    DK_TEST_DONE();
}
