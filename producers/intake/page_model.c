/* SPDX-License-Identifier: EUPL-1.2 */
/* page_model.c — what the intake's page models share: rendering one of the
 * intake's templates (producers/intake/templates) in the common layout of
 * common/web (web/dk_web_page.h), and the values the models put in. */
#include "pages.h"
#include "web/dk_web_page.h"

#include <pthread.h>
#include <string.h>

/* The intake's templates with the layout's, built once for the process. */
static dk_web_pages *pages;
static pthread_once_t pages_once = PTHREAD_ONCE_INIT;

static void load_pages(void)
{
    pages = dk_web_pages_new(dk_page_templates);
}

int dk_page_render_template(dk_buf *out, const char *name, const char *lang, const char *path,
                            json_t *vars)
{
    pthread_once(&pages_once, load_pages);
    return dk_web_render_page(out, pages, name, lang, path, vars);
}

json_t *dk_page_str(const char *s)
{
    return s ? json_stringn_nocheck(s, strlen(s)) : json_null();
}

json_t *dk_page_error(const char *lang, const char *id, const char *code)
{
    if (!code)
        return json_null();
    return json_pack("{s:s, s:o}", "id", id, "text",
                     dk_page_str(dk_app_field_error_message(id, code, lang)));
}
