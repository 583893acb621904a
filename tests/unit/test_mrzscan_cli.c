/* SPDX-License-Identifier: EUPL-1.2 */
/* test_mrzscan_cli.c — `dk document mrz FILE...` as an operator runs it:
 * one JSON line a file, in order, with SPEC.md's fields for a photo that
 * carries an MRZ, found false with a reason for a file that is no image,
 * an empty one, a photo without an MRZ and a missing one (which also makes
 * the exit status 1); never a crash. */
#include "dk_test.h"

#include <jansson.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static char dk[4200];

/* Runs dk document mrz with args; up to max JSON lines into o[]; the exit
 * status into *st. Returns the number of lines. */
static int run(const char *args, json_t **o, int max, int *st)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "%s document mrz %s 2>/dev/null", dk, args);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    char line[65536];
    int n = 0;
    while (fgets(line, sizeof line, p))
        if (n < max)
            o[n++] = json_loads(line, 0, NULL);
    int raw = pclose(p);
    *st = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    return n;
}

int main(int argc, char **argv)
{
    (void)argc;
    char self[4096];
    snprintf(self, sizeof self, "%s", argv[0]);
    snprintf(dk, sizeof dk, "%s/../bin/dk", dirname(self));
    FILE *f = fopen("build/mrzscan-empty.jpg", "w");
    CHECK(f != NULL);
    if (f)
        fclose(f);
    json_t *o[6] = {0};
    int st = 0;
    int n = run(
        "tests/corpus/specimens/passporteye-100_pass-polx.jpg tests/corpus/specimens/SOURCES.md "
        "build/mrzscan-empty.jpg tests/corpus/specimens/sidtd-alb00.jpg build/no-such-file.jpg",
        o, 6, &st);
    CHECK_INT(n, 5);
    CHECK_INT(st, 1);
    if (n == 5 && o[0] && o[1] && o[2] && o[3] && o[4]) {
        json_t *a = o[0];
        CHECK_STR(json_string_value(json_object_get(a, "file")),
                  "tests/corpus/specimens/passporteye-100_pass-polx.jpg");
        CHECK(json_is_true(json_object_get(a, "found")));
        CHECK(json_is_true(json_object_get(a, "valid")));
        CHECK_STR(json_string_value(json_object_get(a, "format")), "TD3");
        CHECK_STR(json_string_value(json_object_get(a, "document_number")), "AA0000000");
        CHECK_STR(json_string_value(json_object_get(a, "birth_date")), "600208");
        CHECK_STR(json_string_value(json_object_get(a, "expiry_date")), "141231");
        CHECK_STR(json_string_value(json_object_get(a, "surname")), "KOWALSKA KWIATKOWSKA");
        CHECK_STR(json_string_value(json_object_get(a, "given_names")), "JOANNA");
        CHECK_STR(json_string_value(json_object_get(a, "nationality")), "POL");
        CHECK_STR(json_string_value(json_object_get(a, "sex")), "F");
        CHECK(json_array_size(json_object_get(a, "lines")) == 2);
        CHECK(json_is_true(json_object_get(json_object_get(a, "checks"), "composite")));
        CHECK(json_is_number(json_object_get(a, "ms")));
        for (int i = 1; i < 5; i++) {
            CHECK(json_is_false(json_object_get(o[i], "found")));
            CHECK(json_string_length(json_object_get(o[i], "reason")) > 0);
        }
        CHECK_STR(json_string_value(json_object_get(o[4], "file")), "build/no-such-file.jpg");
    }
    for (int i = 0; i < n; i++)
        json_decref(o[i]);
    remove("build/mrzscan-empty.jpg");
    /* Only files and --text: an option here is a usage error. */
    CHECK_INT(run("--colour red", o, 1, &st), 0);
    CHECK_INT(st, 2);
    DK_TEST_DONE();
}
