/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_ready.c — see dk_ready.h. */
#include "core/dk_ready.h"

#include <stdio.h>
#include <string.h>

int dk_ready_file_write(const char *path, const char *line)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
        return -1;
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    fprintf(f, "%s\n", line);
    if (fclose(f) != 0)
        return -1;
    return rename(tmp, path);
}

int dk_ready_file_arg(int argc, char **argv, const char *program, const char **ready_file)
{
    *ready_file = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--ready-file") == 0 && i + 1 < argc) {
            *ready_file = argv[++i];
        } else {
            fprintf(stderr, "usage: %s [--ready-file FILE]\n", program);
            return -1;
        }
    }
    return 0;
}
