/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_log.c — JSON-lines logging. Each line is built in memory and written with
 * one write(2), so lines from several threads never interleave. */
#include "core/dk_log.h"

#include "core/dk_clock.h"
#include "core/dk_config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *service = "dk";
static dk_log_level min_level = DK_LOG_INFO;
static const char *level_names[] = {"debug", "info", "warn", "error"};

void dk_log_init(const char *svc)
{
    service = svc;
    /* A pinned clock (DK_NOW) starts advancing now, as the service starts,
     * not at its first reading: tests reckon its time from the process's. */
    (void)dk_now_ms();
    const char *lv = dk_config_str("DK_LOG_LEVEL");
    for (int i = 0; i < 4; i++)
        if (strcmp(lv, level_names[i]) == 0)
            min_level = (dk_log_level)i;
}

void dk_logj(dk_log_level level, const char *event, json_t *fields)
{
    if (level < min_level) {
        json_decref(fields);
        return;
    }
    char ts[32];
    dk_iso8601_utc(dk_now_ms(), ts);
    json_t *line = json_pack("{s:s, s:s, s:s, s:s}", "ts", ts, "level", level_names[level],
                             "service", service, "event", event);
    if (fields && json_is_object(fields))
        json_object_update(line, fields);
    json_decref(fields);
    char *text = json_dumps(line, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(line);
    if (!text)
        return;
    size_t n = strlen(text);
    text[n] = '\n'; /* replaces the NUL: the line is written by length */
    ssize_t rc = write(STDERR_FILENO, text, n + 1);
    (void)rc;
    free(text);
}

void dk_log(dk_log_level level, const char *event, const char *fmt, ...)
{
    if (level < min_level)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    dk_logj(level, event, json_pack("{s:s}", "msg", msg));
}
