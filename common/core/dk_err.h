/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_err.h — filling a caller's error buffer, the way every module reports
 * what went wrong (errors are values: a status plus this message). */
#ifndef DK_ERR_H
#define DK_ERR_H

#include <stddef.h>

/* printf into err (at most errlen bytes); does nothing when err is NULL. */
void dk_errf(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
