/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_ready.h — the ready file a long-running process writes once it serves,
 * so the stack scripts and tests wait on a fact instead of a sleep. */
#ifndef DK_READY_H
#define DK_READY_H

/* Writes line (and a newline) to path atomically (temporary file, rename).
 * Returns 0, or -1 with errno set. */
int dk_ready_file_write(const char *path, const char *line);

/* The command line of a server that takes only `--ready-file FILE`:
 * *ready_file is FILE (NULL without the option). Returns 0, or -1 after
 * printing "usage: PROGRAM [--ready-file FILE]" on stderr for any other
 * argument (the caller exits 2). */
int dk_ready_file_arg(int argc, char **argv, const char *program, const char **ready_file);

#endif
