/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_config.c — `dk config`: the configuration table with the values in
 * effect; `--markdown` prints the table the README carries. */
#include "core/dk_config.h"
#include "dk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dk_cmd_config(int argc, char **argv)
{
    int markdown = argc == 2 && strcmp(argv[1], "--markdown") == 0;
    if (argc > 2 || (argc == 2 && !markdown)) {
        fprintf(stderr, "usage: dk config [--markdown]\n");
        return 2;
    }
    if (markdown) {
        printf("| variable | default | used by | meaning |\n|---|---|---|---|\n");
        for (const dk_cfg_entry *e = dk_cfg_table; e->name; e++) {
            const char *def = e->type == DK_CFG_SECRET && e->def[0] ? "(development key)" : e->def;
            printf("| `%s` | %s%s%s | %s | %s", e->name, def[0] ? "`" : "",
                   def[0] ? def : "(empty)", def[0] ? "`" : "", e->used_by, e->description);
            if (e->type == DK_CFG_INT)
                printf(" (%ld–%ld)", e->min, e->max);
            printf(" |\n");
        }
        return 0;
    }
    for (const dk_cfg_entry *e = dk_cfg_table; e->name; e++) {
        const char *set = getenv(e->name);
        const char *shown = e->type == DK_CFG_SECRET ? (set ? "(set)" : "(development key)")
                                                     : dk_config_str(e->name);
        printf("%-28s %-40s %s%s\n", e->name, shown, set ? "" : "[default] ", e->description);
    }
    return 0;
}
