/* SPDX-License-Identifier: EUPL-1.2 */
/* page_end.c — the page of the address owner's end link (end_confirm.html):
 * what ending the request in progress for the address does, and the one
 * button that does it. The other answers of the link are message pages. */
#include "pages.h"

int dk_page_render_end_confirm(dk_buf *out, const dk_end_confirm_model *m)
{
    json_t *vars = json_pack("{s:s, s:o}", "title_key", "end_title", "csrf", dk_page_str(m->csrf));
    return dk_page_render_template(out, "end_confirm", m->lang, m->path, vars);
}
