/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_log.h — structured logs: one JSON object per line on stderr, one line per
 * event. Fields are chosen by the caller; personal data never goes in (the
 * application id is the only identifier we log). */
#ifndef DK_LOG_H
#define DK_LOG_H

#include <jansson.h>

typedef enum { DK_LOG_DEBUG = 0, DK_LOG_INFO, DK_LOG_WARN, DK_LOG_ERROR } dk_log_level;

/* Names the service in every line ("intake", "recorder", ...) and reads
 * DK_LOG_LEVEL. Call once at start-up. */
void dk_log_init(const char *service);

/* Logs `event` with the fields of `fields` (stolen: the call decrefs it; may
 * be NULL). */
void dk_logj(dk_log_level level, const char *event, json_t *fields);

/* Logs `event` with a human-readable "msg" field. */
void dk_log(dk_log_level level, const char *event, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
