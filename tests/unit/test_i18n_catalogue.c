/* SPDX-License-Identifier: EUPL-1.2 */
/* test_i18n_catalogue.c — the build's check of the message catalogue refuses
 * what would let one language go wrong: on a copy of po/ with one mistake
 * each (a missing or extra key, a wrong %d, a changed {{tag}} or HTML tag, a
 * fuzzy or stale entry, a lost c-format flag), infra/gen_i18n exits 1 and
 * names the file and line; msgfmt --check refuses the wrong conversion too.
 * The generator is the one the build made: <build>/host/gen_i18n, found
 * next to this program's <build>/tests/. */
#include "dk_test.h"

#include <libgen.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static char gen[4096], dir[64];

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = '\0';
    fclose(f);
    return s;
}

static int spill(const char *path, const char *s)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    int rc = fputs(s, f) < 0 ? -1 : 0;
    return fclose(f) != 0 ? -1 : rc;
}

/* Fresh copies of po/ in dir. */
static void copy_po(void)
{
    static const char *const files[] = {"digital-key.pot", "nl.po", "fr.po"};
    for (int i = 0; i < 3; i++) {
        char src[64], dst[128];
        snprintf(src, sizeof src, "po/%s", files[i]);
        snprintf(dst, sizeof dst, "%s/%s", dir, files[i]);
        char *s = slurp(src);
        CHECK(s != NULL && spill(dst, s) == 0);
        free(s);
    }
}

/* In dir/file: replaces the first `from` in the entry of key (from the
 * blank line before its msgctxt on) by `to`. Returns the line number of
 * that msgctxt, or 0. */
static int edit(const char *file, const char *key, const char *from, const char *to)
{
    char path[128], anchor[128];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    snprintf(anchor, sizeof anchor, "\nmsgctxt \"%s\"\n", key);
    char *s = slurp(path);
    char *a = s ? strstr(s, anchor) : NULL;
    char *start = a;
    while (start && start > s && !(start[-1] == '\n' && start[0] == '\n'))
        start--;
    char *at = a ? strstr(start, from) : NULL;
    CHECK(at != NULL);
    if (!at) {
        free(s);
        return 0;
    }
    int line = 2;
    for (const char *p = s; p < a; p++)
        line += *p == '\n';
    size_t n = strlen(s) + strlen(to) + 1;
    char *out = malloc(n);
    snprintf(out, n, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
    CHECK(spill(path, out) == 0);
    free(out);
    free(s);
    return line;
}

/* Runs argv with stderr into dir/err; returns the exit status. */
static int run(char *const argv[])
{
    char err[128];
    snprintf(err, sizeof err, "%s/err", dir);
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen(err, "w", stderr) || !freopen("/dev/null", "w", stdout))
            _exit(127);
        execvp(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int run_gen(void)
{
    char pot[128], nl[128], fr[128];
    snprintf(pot, sizeof pot, "%s/digital-key.pot", dir);
    snprintf(nl, sizeof nl, "%s/nl.po", dir);
    snprintf(fr, sizeof fr, "%s/fr.po", dir);
    char *argv[] = {gen, pot, fr, nl, NULL};
    return run(argv);
}

/* The generator refuses the copy and says where: "<file>:<line>: ..."
 * with `what` in the message. */
static void refused(const char *file, int line, const char *what)
{
    CHECK_INT(run_gen(), 1);
    char path[128], where[256];
    snprintf(path, sizeof path, "%s/err", dir);
    snprintf(where, sizeof where, "%s/%s:%d: ", dir, file, line);
    char *err = slurp(path);
    CHECK(err != NULL && strstr(err, where) != NULL && strstr(err, what) != NULL);
    if (err && (!strstr(err, where) || !strstr(err, what)))
        fprintf(stderr, "  wanted \"%s...%s\" in:\n%s", where, what, err);
    free(err);
    copy_po();
}

static int msgfmt_check(const char *file)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    char *argv[] = {"msgfmt", "--check", "-o", "/dev/null", path, NULL};
    return run(argv);
}

int main(int argc, char **argv)
{
    (void)argc;
    char self[4096];
    snprintf(self, sizeof self, "%s", argv[0]);
    snprintf(gen, sizeof gen, "%s/../host/gen_i18n", dirname(self));
    snprintf(dir, sizeof dir, "/tmp/dk-test-i18n-XXXXXX");
    CHECK(access(gen, X_OK) == 0);
    CHECK(mkdtemp(dir) != NULL);
    copy_po();

    /* the catalogue as it is passes */
    CHECK_INT(run_gen(), 0);

    /* a key missing from a language: named at the template's line */
    int line = edit("nl.po", "slot_n", "msgctxt \"slot_n\"", "msgctxt \"slot_m\"");
    char pot[128];
    snprintf(pot, sizeof pot, "%s/digital-key.pot", dir);
    char *tpl = slurp(pot);
    int tline = 1;
    for (const char *p = tpl; p && p < strstr(tpl, "\nmsgctxt \"slot_n\"\n"); p++)
        tline += *p == '\n';
    free(tpl);
    CHECK_INT(run_gen(), 1);
    {
        char path[128], where[256];
        snprintf(path, sizeof path, "%s/err", dir);
        snprintf(where, sizeof where, "%s:%d: key \"slot_n\" is missing from", pot, tline + 1);
        char *err = slurp(path);
        CHECK(err && strstr(err, where));
        /* and the renamed one is a key the template does not have */
        char where2[256];
        snprintf(where2, sizeof where2, "%s/nl.po:%d: key \"slot_m\" is not in", dir, line);
        CHECK(err && strstr(err, where2));
        free(err);
        copy_po();
    }

    /* a wrong printf conversion: %s where the English has %d */
    line = edit("nl.po", "slot_n", "Tijdslot %d", "Tijdslot %s");
    CHECK(msgfmt_check("nl.po") != 0);
    refused("nl.po", line, "printf arguments (s) differ from msgid's (i)");
    /* one conversion too many */
    line = edit("fr.po", "rate_limited", "dans %d secondes", "dans %d secondes (%d)");
    refused("fr.po", line, "printf arguments (i,i) differ");
    /* numbered conversions may change the order when the types agree ... */
    edit("nl.po", "when_slot", "msgstr \"%s, van %s tot %s\"",
         "msgstr \"%1$s, van %2$s tot %3$s\"");
    CHECK_INT(run_gen(), 0);
    copy_po();
    /* ... and not when they do not */
    line = edit("nl.po", "slot_n", "Tijdslot %d", "Tijdslot %1$s");
    refused("nl.po", line, "printf arguments (s) differ");
    /* the c-format flag lost in a translation */
    line = edit("nl.po", "slot_n", "#, c-format\nmsgctxt \"slot_n\"", "msgctxt \"slot_n\"");
    refused("nl.po", line - 1, "format flags differ");

    /* a changed {{tag}}, a lost section end, a changed {max} */
    line = edit("fr.po", "mail.slot_released.subject",
                "\"Mes clés numériques : votre créneau du {{slot_start|datetime}}",
                "\"Mes clés numériques : votre créneau du {{slot_start|longdate}}");
    refused("fr.po", line, "tags");
    line = edit("nl.po", "mail.slot_released.text", "msgstr \"\"\n", "msgstr \"{{?calendar}}\"\n");
    refused("nl.po", line, "leaves a {{section}} open");
    line = edit("fr.po", "document.too_large.problem", "msgstr \"Le fichier dépasse {max}.\"",
                "msgstr \"Le fichier dépasse {maximum}.\"");
    refused("fr.po", line, "tags differ from msgid's: lacks {max}; adds {maximum}");
    /* a changed inline style in an e-mail's HTML */
    line = edit("nl.po", "mail.slot_released.html", "msgstr \"\"\n\"<h1 style=\\\"font-size:22px",
                "msgstr \"\"\n\"<h1 style=\\\"font-size:24px");
    refused("nl.po", line, "tags");

    /* a fuzzy entry */
    line = edit("fr.po", "title", "msgctxt \"title\"", "#, fuzzy\nmsgctxt \"title\"");
    refused("fr.po", line + 1, "fuzzy");
    /* a stale translation: the English changed, the .po has the old msgid */
    line = edit("digital-key.pot", "title", "msgid \"Request a video interview for a digital key\"",
                "msgid \"Request a video interview for your digital key\"");
    refused("nl.po", edit("nl.po", "title", "msgctxt", "msgctxt"), "msgid differs from");
    /* an empty translation */
    line = edit("nl.po", "title", "msgstr \"Video-interview aanvragen voor een digitale sleutel\"",
                "msgstr \"\"");
    refused("nl.po", line, "not translated");
    /* a key twice */
    line = edit("fr.po", "lead", "msgctxt \"lead\"", "msgctxt \"title\"");
    refused("fr.po", line, "key \"title\" again");

    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    DK_TEST_DONE();
}
