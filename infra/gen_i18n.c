/* SPDX-License-Identifier: EUPL-1.2 */
/* gen_i18n.c — turns the message catalogue (po/digital-key.pot and one
 * po/<lang>.po per language) into the C tables of common/i18n, and refuses a
 * catalogue a language could go wrong with: a key missing from a language or
 * unknown to the template, a stale msgid, a fuzzy or empty translation, a
 * printf conversion, a {{tag}} or an HTML tag that differs from the English.
 * Built with the host compiler and run by the Makefile before anything is
 * compiled.
 *
 *   gen_i18n [--c out.c --h out.h] po/digital-key.pot po/fr.po po/nl.po
 *
 * Without --c/--h it only checks. Every problem is reported as file:line:
 * and the exit status is 1 when there was any (the outputs are then not
 * written). English is the template's msgids; each .po adds the language its
 * file is named after, in the order given. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *ctxt, *id, *str;
    int line; /* of the entry's first keyword */
    int fuzzy, c_format, no_c_format;
} entry;

typedef struct {
    const char *path;
    char lang[16];
    entry *e;
    size_t n, cap;
} catalogue;

static int errors;

static void problem(const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void problem(const char *path, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d: ", path, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    errors++;
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "gen_i18n: out of memory\n");
        exit(2);
    }
    return q;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xrealloc(NULL, n), s, n);
}

/* ---- reading a .po file -------------------------------------------------- */

/* A growing string. */
typedef struct {
    char *s;
    size_t n, cap;
} str;

static void str_add(str *b, const char *p, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->s = xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->n, p, n);
    b->n += n;
    b->s[b->n] = '\0';
}

/* Appends the C-style quoted string at p ("...", the rest of the line may
 * only be blank) to out, unescaped. Returns 0, or -1 after a problem. */
static int unquote(const char *path, int line, const char *p, str *out)
{
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '"') {
        problem(path, line, "expected a quoted string");
        return -1;
    }
    for (p++; *p && *p != '"'; p++) {
        char c = *p;
        if (c == '\\') {
            p++;
            static const char names[] = "ntrabfv\"\\", values[] = "\n\t\r\a\b\f\v\"\\";
            const char *named = *p ? strchr(names, *p) : NULL;
            if (named) {
                c = values[named - names];
            } else if (*p >= '0' && *p <= '7') {
                int v = 0;
                for (int k = 0; k < 3 && *p >= '0' && *p <= '7'; k++, p++)
                    v = v * 8 + (*p - '0');
                p--;
                c = (char)v;
            } else {
                problem(path, line, "unknown escape \\%c", *p ? *p : ' ');
                return -1;
            }
        }
        str_add(out, &c, 1);
    }
    if (*p != '"') {
        problem(path, line, "unterminated string");
        return -1;
    }
    for (p++; *p; p++)
        if (!isspace((unsigned char)*p)) {
            problem(path, line, "text after the closing quote");
            return -1;
        }
    if (!out->s)
        str_add(out, "", 0);
    return 0;
}

enum field { F_NONE, F_CTXT, F_ID, F_STR };

static void finish(catalogue *c, entry *cur, str *ctxt, str *id, str *s, int have)
{
    if (have) {
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 256;
            c->e = xrealloc(c->e, c->cap * sizeof *c->e);
        }
        cur->ctxt = ctxt->s;
        cur->id = id->s ? id->s : xstrdup("");
        cur->str = s->s ? s->s : xstrdup("");
        c->e[c->n++] = *cur;
    } else {
        free(ctxt->s);
        free(id->s);
        free(s->s);
    }
    memset(cur, 0, sizeof *cur);
    memset(ctxt, 0, sizeof *ctxt);
    memset(id, 0, sizeof *id);
    memset(s, 0, sizeof *s);
}

static int read_po(catalogue *c)
{
    FILE *f = fopen(c->path, "r");
    if (!f) {
        problem(c->path, 0, "cannot be read");
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    int lineno = 0, have = 0;
    enum field field = F_NONE;
    entry cur = {0};
    str ctxt = {0}, id = {0}, s = {0};
    while (getline(&line, &cap, f) != -1) {
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        const char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || !strncmp(p, "#~", 2)) { /* blank, or an obsolete entry */
            if (*p == '\0' && field == F_STR) {
                finish(c, &cur, &ctxt, &id, &s, have);
                have = 0;
                field = F_NONE;
            }
            continue;
        }
        if (*p == '#' || *p == '"') {
            if (field == F_STR && *p == '#') {
                finish(c, &cur, &ctxt, &id, &s, have);
                have = 0;
                field = F_NONE;
            }
            if (!strncmp(p, "#,", 2)) {
                char *flags = xstrdup(p + 2);
                for (char *t = strtok(flags, ", \t"); t; t = strtok(NULL, ", \t")) {
                    cur.fuzzy |= !strcmp(t, "fuzzy");
                    cur.c_format |= !strcmp(t, "c-format");
                    cur.no_c_format |= !strcmp(t, "no-c-format");
                }
                free(flags);
            } else if (*p == '"') {
                str *into = field == F_CTXT  ? &ctxt
                            : field == F_ID  ? &id
                            : field == F_STR ? &s
                                             : NULL;
                if (!into)
                    problem(c->path, lineno, "a string outside msgctxt, msgid or msgstr");
                else
                    unquote(c->path, lineno, p, into);
            }
            continue;
        }
        if (field == F_STR) { /* a keyword after msgstr starts the next entry */
            finish(c, &cur, &ctxt, &id, &s, have);
            have = 0;
        }
        size_t kw = strcspn(p, " \t");
        if (kw == 7 && !strncmp(p, "msgctxt", 7)) {
            field = F_CTXT;
            cur.line = lineno;
            unquote(c->path, lineno, p + kw, &ctxt);
        } else if (kw == 5 && !strncmp(p, "msgid", 5)) {
            field = F_ID;
            if (!cur.line)
                cur.line = lineno;
            unquote(c->path, lineno, p + kw, &id);
        } else if (kw == 6 && !strncmp(p, "msgstr", 6)) {
            field = F_STR;
            have = 1;
            unquote(c->path, lineno, p + kw, &s);
        } else if (!strncmp(p, "msgid_plural", 12) || !strncmp(p, "msgstr[", 7)) {
            problem(c->path, lineno, "plural forms are not supported (one sentence per key)");
            field = F_NONE;
        } else {
            problem(c->path, lineno, "unknown keyword");
            field = F_NONE;
        }
    }
    if (field == F_STR)
        finish(c, &cur, &ctxt, &id, &s, have);
    else
        finish(c, &cur, &ctxt, &id, &s, 0);
    free(line);
    fclose(f);
    return 0;
}

/* ---- what must match across languages ----------------------------------- */

/* The arguments a printf format takes, as a string of type letters in
 * argument order ("i" int, "l" long, "z" size_t, "s" string, "d" double, ...),
 * with positional conversions (%2$s) put in their place. Returns 0, or -1
 * with a reason in why. */
static int printf_args(const char *f, char *out, size_t outsz, const char **why)
{
    char slot[64][4];
    int nslots = 0, next = 0, positional = -1;
    memset(slot, 0, sizeof slot);
    for (const char *p = f; *p; p++) {
        if (*p != '%')
            continue;
        p++;
        if (*p == '%')
            continue;
        int pos = 0;
        const char *q = p;
        while (isdigit((unsigned char)*q))
            pos = pos * 10 + (*q++ - '0');
        int is_pos = *q == '$' && pos > 0;
        if (positional >= 0 && positional != is_pos) {
            *why = "mixes numbered (%1$s) and plain conversions";
            return -1;
        }
        positional = is_pos;
        p = is_pos ? q + 1 : p;
        while (*p && strchr("-+ #0'", *p))
            p++;
        char star[2][4] = {"", ""};
        int nstar = 0;
        if (*p == '*') {
            strcpy(star[nstar++], "i");
            p++;
        }
        while (isdigit((unsigned char)*p))
            p++;
        if (*p == '.') {
            p++;
            if (*p == '*') {
                strcpy(star[nstar++], "i");
                p++;
            }
            while (isdigit((unsigned char)*p))
                p++;
        }
        char len[3] = "";
        if ((p[0] == 'h' && p[1] == 'h') || (p[0] == 'l' && p[1] == 'l')) {
            len[0] = p[0], len[1] = p[1];
            p += 2;
        } else if (*p && strchr("hljztL", *p)) {
            len[0] = *p++;
        }
        char type[4];
        if (*p && strchr("di", *p))
            snprintf(type, sizeof type, "%s%s", "i", len);
        else if (*p && strchr("ouxX", *p))
            snprintf(type, sizeof type, "%s%s", "u", len);
        else if (*p && strchr("eEfFgGaA", *p))
            snprintf(type, sizeof type, "%s%s", "f", len);
        else if (*p == 's' || *p == 'c' || *p == 'p')
            snprintf(type, sizeof type, "%c%s", *p, len);
        else {
            *why = "has an unknown printf conversion";
            return -1;
        }
        if (nstar && is_pos) {
            *why = "combines * with a numbered conversion";
            return -1;
        }
        int at = is_pos ? pos - 1 : next;
        for (int k = 0; k < nstar; k++)
            if (next + k < 64)
                strcpy(slot[next + k], star[k]);
        if (!is_pos)
            at = next + nstar, next = at + 1;
        if (at >= 64) {
            *why = "has too many conversions";
            return -1;
        }
        if (slot[at][0] && strcmp(slot[at], type)) {
            *why = "uses one numbered argument with two types";
            return -1;
        }
        strcpy(slot[at], type);
        if (at + 1 > nslots)
            nslots = at + 1;
    }
    out[0] = '\0';
    for (int i = 0; i < nslots; i++) {
        if (!slot[i][0]) {
            *why = "skips a numbered argument";
            return -1;
        }
        if (strlen(out) + strlen(slot[i]) + 2 > outsz) {
            *why = "has too many conversions";
            return -1;
        }
        if (i)
            strcat(out, ",");
        strcat(out, slot[i]);
    }
    return 0;
}

static int has_conversion(const char *f)
{
    for (const char *p = f; (p = strchr(p, '%')) != NULL; p += 2) {
        if (p[1] != '%')
            return 1;
        if (!p[1])
            break;
    }
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The placeholders and markup of a text, sorted, each ending with a newline:
 * every {{tag}} of the mail templates, every {name} substituted by the code
 * ("{max}") and every HTML <tag> with its attributes (the inline styles of
 * the e-mails stay the English's). Also
 * checks that the {{#x}} {{?x}} {{^x}} sections close in order; returns -1
 * with a reason in why when they do not. out is malloc'd. */
static int placeholders(const char *t, char **out, const char **why)
{
    char **tags = NULL;
    size_t n = 0;
    char *stack[64];
    int depth = 0, rc = 0;
    for (const char *p = t; *p; p++) {
        const char *end = NULL, *b = NULL;
        if (p[0] == '{' && p[1] == '{') {
            b = p + 2;
            end = strstr(b, "}}");
            if (!end) {
                *why = "has a {{ without }}";
                rc = -1;
                break;
            }
        } else if (p[0] == '{') {
            const char *q = p + 1;
            while (*q && (isalnum((unsigned char)*q) || *q == '_'))
                q++;
            if (*q != '}' || q == p + 1)
                continue;
            b = p + 1, end = q;
        } else if (p[0] == '<' && (isalpha((unsigned char)p[1]) || p[1] == '/')) {
            b = p + 1, end = strchr(b, '>');
            if (!end) {
                *why = "has a < without >";
                rc = -1;
                break;
            }
        } else {
            continue;
        }
        size_t len = (size_t)(end - b);
        char *tag = xrealloc(NULL, len + 6);
        const char *open = b == p + 2 ? "{{" : p[0] == '<' ? "<" : "{";
        const char *close = b == p + 2 ? "}}" : p[0] == '<' ? ">" : "}";
        snprintf(tag, len + 6, "%s%.*s%s", open, (int)len, b, close);
        tags = xrealloc(tags, (n + 1) * sizeof *tags);
        tags[n++] = tag;
        if (b == p + 2 && len > 1 && strchr("#?^", b[0])) {
            if (depth == 64) {
                *why = "nests sections too deeply";
                rc = -1;
                break;
            }
            stack[depth++] = tag + 3;
        } else if (b == p + 2 && len > 1 && b[0] == '/') {
            size_t nl = len - 1;
            if (!depth || strncmp(stack[depth - 1], b + 1, nl) || stack[depth - 1][nl] != '}') {
                *why = "closes a {{/section}} that is not the one open";
                rc = -1;
                break;
            }
            depth--;
        }
        p = end + (b == p + 2 ? 1 : 0);
    }
    if (rc == 0 && depth) {
        *why = "leaves a {{section}} open";
        rc = -1;
    }
    if (n)
        qsort(tags, n, sizeof *tags, cmp_str);
    str s = {0};
    str_add(&s, "", 0);
    for (size_t i = 0; i < n; i++) {
        str_add(&s, tags[i], strlen(tags[i]));
        str_add(&s, "\n", 1);
        free(tags[i]);
    }
    free(tags);
    *out = s.s;
    return rc;
}

/* What the sorted lists of placeholders a (the English) and b (a
 * translation) do not share, as "lacks X; adds Y" into out. */
static void tag_difference(const char *a, const char *b, str *out)
{
    str lacks = {0}, adds = {0};
    while (*a || *b) {
        size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
        int c = !*a ? 1 : !*b ? -1 : strncmp(a, b, la < lb ? la : lb);
        if (c == 0 && la != lb)
            c = la < lb ? -1 : 1;
        if (c <= 0 && *a && c < 0) {
            str_add(&lacks, " ", 1);
            str_add(&lacks, a, la);
        } else if (c > 0) {
            str_add(&adds, " ", 1);
            str_add(&adds, b, lb);
        }
        if (c <= 0 && *a)
            a += la + (a[la] == '\n');
        if (c >= 0 && *b)
            b += lb + (b[lb] == '\n');
    }
    if (lacks.s) {
        str_add(out, "lacks", 5);
        str_add(out, lacks.s, lacks.n);
    }
    if (adds.s) {
        if (out->s)
            str_add(out, "; ", 2);
        str_add(out, "adds", 4);
        str_add(out, adds.s, adds.n);
    }
    free(lacks.s);
    free(adds.s);
}

/* ---- checks -------------------------------------------------------------- */

static int valid_key(const char *k)
{
    if (!*k)
        return 0;
    for (const char *p = k; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.')
            return 0;
    return 1;
}

static entry *find(catalogue *c, const char *key)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->e[i].ctxt && !strcmp(c->e[i].ctxt, key))
            return &c->e[i];
    return NULL;
}

/* The checks of one file on its own: keys, duplicates, flags. */
static void check_file(catalogue *c, int is_template)
{
    for (size_t i = 0; i < c->n; i++) {
        entry *e = &c->e[i];
        if (!e->ctxt) {
            if (e->id[0]) /* the header is the one entry without a key */
                problem(c->path, e->line, "an entry without msgctxt (the key the code looks up)");
            continue;
        }
        if (!valid_key(e->ctxt))
            problem(c->path, e->line, "key \"%s\": only letters, digits, '_' and '.'", e->ctxt);
        for (size_t k = 0; k < i; k++)
            if (c->e[k].ctxt && !strcmp(c->e[k].ctxt, e->ctxt))
                problem(c->path, e->line, "key \"%s\" again (first at line %d)", e->ctxt,
                        c->e[k].line);
        if (e->fuzzy)
            problem(c->path, e->line,
                    "key \"%s\" is marked fuzzy: check the translation, then "
                    "remove the flag",
                    e->ctxt);
        if (!e->id[0])
            problem(c->path, e->line, "key \"%s\" has an empty msgid", e->ctxt);
        if (!is_template && !e->str[0])
            problem(c->path, e->line, "key \"%s\" is not translated (empty msgstr)", e->ctxt);
        if (has_conversion(e->id) && !e->c_format && !e->no_c_format)
            problem(c->path, e->line, "key \"%s\" has printf conversions but no \"#, c-format\"",
                    e->ctxt);
    }
}

/* One language's entry against the template's. */
static void check_against(catalogue *c, entry *e, const entry *t, const char *tpath)
{
    if (strcmp(e->id, t->id)) {
        problem(c->path, e->line,
                "key \"%s\": msgid differs from %s:%d (stale translation: update msgid, then the "
                "translation)",
                e->ctxt, tpath, t->line);
        return;
    }
    if (!e->str[0] || e->fuzzy) /* reported already */
        return;
    if (e->c_format != t->c_format || e->no_c_format != t->no_c_format)
        problem(c->path, e->line, "key \"%s\": format flags differ from %s:%d", e->ctxt, tpath,
                t->line);
    if (t->c_format) {
        char a[256], b[256];
        const char *why = NULL;
        if (printf_args(t->id, a, sizeof a, &why) != 0)
            problem(tpath, t->line, "key \"%s\": msgid %s", t->ctxt, why);
        else if (printf_args(e->str, b, sizeof b, &why) != 0)
            problem(c->path, e->line, "key \"%s\": msgstr %s", e->ctxt, why);
        else if (strcmp(a, b))
            problem(c->path, e->line,
                    "key \"%s\": msgstr's printf arguments (%s) differ from msgid's (%s)", e->ctxt,
                    b[0] ? b : "none", a[0] ? a : "none");
    }
    char *pa = NULL, *pb = NULL;
    const char *why = NULL;
    if (placeholders(t->id, &pa, &why) != 0)
        problem(tpath, t->line, "key \"%s\": msgid %s", t->ctxt, why);
    else if (placeholders(e->str, &pb, &why) != 0)
        problem(c->path, e->line, "key \"%s\": msgstr %s", e->ctxt, why);
    else if (strcmp(pa, pb)) {
        str d = {0};
        tag_difference(pa, pb, &d);
        problem(c->path, e->line, "key \"%s\": msgstr's tags differ from msgid's: %s", e->ctxt,
                d.s ? d.s : "");
        free(d.s);
    }
    free(pa);
    free(pb);
}

static void check_language(catalogue *c, catalogue *tpl)
{
    const char *base = strrchr(c->path, '/');
    base = base ? base + 1 : c->path;
    size_t len = strlen(base);
    if (len < 4 || strcmp(base + len - 3, ".po") || len - 3 >= sizeof c->lang) {
        problem(c->path, 1, "a language file is named <language>.po");
        return;
    }
    memcpy(c->lang, base, len - 3);
    c->lang[len - 3] = '\0';
    for (const char *p = c->lang; *p; p++)
        if (!isalpha((unsigned char)*p) && *p != '_')
            problem(c->path, 1, "\"%s\" is not a language code", c->lang);
    if (!strcmp(c->lang, "en"))
        problem(c->path, 1, "English is the template's msgids: there is no en.po");
    for (size_t i = 0; i < c->n; i++) {
        entry *e = &c->e[i];
        if (!e->ctxt) {
            char want[40];
            snprintf(want, sizeof want, "Language: %s\n", c->lang);
            if (strstr(e->str, "Language: ") && !strstr(e->str, want))
                problem(c->path, e->line, "the header's Language is not \"%s\"", c->lang);
            continue;
        }
        entry *t = find(tpl, e->ctxt);
        if (!t)
            problem(c->path, e->line, "key \"%s\" is not in %s", e->ctxt, tpl->path);
        else
            check_against(c, e, t, tpl->path);
    }
    for (size_t i = 0; i < tpl->n; i++)
        if (tpl->e[i].ctxt && !find(c, tpl->e[i].ctxt))
            problem(tpl->path, tpl->e[i].line, "key \"%s\" is missing from %s", tpl->e[i].ctxt,
                    c->path);
}

/* ---- writing the tables -------------------------------------------------- */

static void c_string(FILE *f, const char *s, const char *indent)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\\' || *p == '"')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fprintf(f, p[1] ? "\\n\"\n%s\"" : "\\n", indent);
        else if (*p == '?' && p[1] == '?')
            fputs("?\\", f); /* no trigraphs */
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(f, "\\%03o", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static int cmp_entry_key(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->ctxt, ((const entry *)b)->ctxt);
}

/* The C identifier of a key in the formats header: '.' becomes '_'. */
static void ident(char *out, size_t n, const char *key)
{
    snprintf(out, n, "%s", key);
    for (char *p = out; *p; p++)
        if (*p == '.')
            *p = '_';
}

static int write_c(const char *path, catalogue *tpl, catalogue *langs, int nlangs)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "/* Generated by infra/gen_i18n.c from %s", tpl->path);
    for (int l = 0; l < nlangs; l++)
        fprintf(f, ", %s", langs[l].path);
    fprintf(f, ": do not edit. */\n#include \"i18n/dk_i18n_tables.h\"\n\n");
    fprintf(f, "const size_t dk_i18n_nlangs = %d;\nconst size_t dk_i18n_nkeys = %zu;\n\n",
            nlangs + 1, tpl->n);
    fprintf(f, "const char *const dk_i18n_lang_codes[] = {\"en\"");
    for (int l = 0; l < nlangs; l++)
        fprintf(f, ", \"%s\"", langs[l].lang);
    fprintf(f, "};\n\nconst char *const dk_i18n_key_names[] = {\n");
    for (size_t i = 0; i < tpl->n; i++) {
        fprintf(f, "    ");
        c_string(f, tpl->e[i].ctxt, "    ");
        fprintf(f, ",\n");
    }
    fprintf(
        f, "};\n\n/* [language * dk_i18n_nkeys + key] */\nconst char *const dk_i18n_texts[] = {\n");
    for (int l = -1; l < nlangs; l++) {
        fprintf(f, "    /* ---- %s ---- */\n", l < 0 ? "en" : langs[l].lang);
        for (size_t i = 0; i < tpl->n; i++) {
            const entry *e = l < 0 ? &tpl->e[i] : find(&langs[l], tpl->e[i].ctxt);
            fprintf(f, "    /* %s */\n    ", tpl->e[i].ctxt);
            c_string(f, l < 0 ? e->id : e->str, "    ");
            fprintf(f, ",\n");
        }
    }
    fprintf(f, "};\n");
    return fclose(f);
}

static int write_h(const char *path, catalogue *tpl)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f,
            "/* Generated by infra/gen_i18n.c from %s: do not edit. The English\n"
            " * format of every \"#, c-format\" key, for DK_I18N_APPENDF (i18n/dk_i18n.h). */\n"
            "#ifndef DK_I18N_FORMATS_H\n#define DK_I18N_FORMATS_H\n\n",
            tpl->path);
    for (size_t i = 0; i < tpl->n; i++) {
        const entry *e = &tpl->e[i];
        if (!e->c_format)
            continue;
        char id[128];
        ident(id, sizeof id, e->ctxt);
        fprintf(f, "#define DK_I18N_KEY_%s \"%s\"\n#define DK_I18N_FMT_%s ", id, e->ctxt, id);
        c_string(f, e->id, "    ");
        fprintf(f, "\n");
    }
    fprintf(f, "\n#endif\n");
    return fclose(f);
}

int main(int argc, char **argv)
{
    const char *out_c = NULL, *out_h = NULL;
    int a = 1;
    for (; a + 1 < argc && argv[a][0] == '-'; a += 2) {
        if (!strcmp(argv[a], "--c"))
            out_c = argv[a + 1];
        else if (!strcmp(argv[a], "--h"))
            out_h = argv[a + 1];
        else
            break;
    }
    if (a >= argc || (!out_c) != (!out_h)) {
        fprintf(stderr, "usage: gen_i18n [--c out.c --h out.h] template.pot [lang.po...]\n");
        return 2;
    }
    catalogue tpl = {.path = argv[a]};
    int nlangs = argc - a - 1;
    catalogue *langs = xrealloc(NULL, (size_t)(nlangs ? nlangs : 1) * sizeof *langs);
    read_po(&tpl);
    check_file(&tpl, 1);
    for (int l = 0; l < nlangs; l++) {
        langs[l] = (catalogue){.path = argv[a + 1 + l]};
        read_po(&langs[l]);
        check_file(&langs[l], 0);
        check_language(&langs[l], &tpl);
        for (int k = 0; k < l; k++)
            if (!strcmp(langs[k].lang, langs[l].lang))
                problem(langs[l].path, 1, "language \"%s\" given twice", langs[l].lang);
    }
    /* the template's entries without the header, sorted by key */
    size_t n = 0;
    for (size_t i = 0; i < tpl.n; i++)
        if (tpl.e[i].ctxt)
            tpl.e[n++] = tpl.e[i];
    tpl.n = n;
    qsort(tpl.e, tpl.n, sizeof *tpl.e, cmp_entry_key);
    for (size_t i = 0; i < tpl.n; i++) {
        char id[128], other[128];
        ident(id, sizeof id, tpl.e[i].ctxt);
        for (size_t k = 0; k < i && tpl.e[i].c_format; k++) {
            ident(other, sizeof other, tpl.e[k].ctxt);
            if (tpl.e[k].c_format && !strcmp(id, other))
                problem(tpl.path, tpl.e[i].line, "keys \"%s\" and \"%s\" are one C identifier",
                        tpl.e[i].ctxt, tpl.e[k].ctxt);
        }
    }
    if (errors) {
        fprintf(stderr, "gen_i18n: %d problem%s in the catalogue (po/)\n", errors,
                errors == 1 ? "" : "s");
        return 1;
    }
    if (out_c && (write_c(out_c, &tpl, langs, nlangs) != 0 || write_h(out_h, &tpl) != 0)) {
        fprintf(stderr, "gen_i18n: cannot write %s or %s\n", out_c, out_h);
        remove(out_c);
        remove(out_h);
        return 2;
    }
    return 0;
}
