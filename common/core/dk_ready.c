/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_ready.c — see dk_ready.h. */
#include "core/dk_ready.h"

#include <stdio.h>

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
