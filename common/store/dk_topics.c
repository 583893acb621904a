/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_topics.c — look-ups in the generated topic table. */
#include "store/dk_topics.h"

#include <string.h>

const dk_topic_def *dk_topic_find(const char *name)
{
    for (const dk_topic_def *t = dk_topics; t->name; t++)
        if (strcmp(t->name, name) == 0)
            return t;
    return NULL;
}
