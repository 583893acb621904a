/* SPDX-License-Identifier: EUPL-1.2 */
/* dk.h — the operator CLI's commands, one file each; main.c dispatches. */
#ifndef DK_CLI_H
#define DK_CLI_H

#include <libpq-fe.h>
#include <stddef.h>

/* A connection for one command, or NULL after saying why on stderr. */
PGconn *dk_cli_db(void);

/* Reads a regular file whole, unless it is over max bytes: then only its
 * size is known (*data NULL, for the caller to refuse by size). 0, or -1
 * with err. *data is malloc'd: free() it. (cmd_document.c) */
int dk_cli_read_file(const char *path, size_t max, unsigned char **data, size_t *len, char *err,
                     size_t errlen);

int dk_cmd_migrate(int argc, char **argv);
int dk_cmd_application(int argc, char **argv);
int dk_cmd_topics(int argc, char **argv);
int dk_cmd_config(int argc, char **argv);
int dk_cmd_document(int argc, char **argv);
int dk_document_upload(int argc, char **argv);    /* dk document upload ... */
int dk_document_mrz(int argc, char **argv);       /* dk document mrz ... */
int dk_document_mrz_files(int argc, char **argv); /* dk document mrz FILE... */
int dk_cmd_interviewer(int argc, char **argv);
int dk_cmd_agenda(int argc, char **argv);
int dk_cmd_holds(int argc, char **argv);
int dk_cmd_timers(int argc, char **argv);
int dk_cmd_retention(int argc, char **argv);
int dk_cmd_staff(int argc, char **argv);
int dk_cmd_audit(int argc, char **argv);
int dk_cmd_key(int argc, char **argv);
int dk_cmd_register(int argc, char **argv);
int dk_cmd_deadletter(int argc, char **argv);        /* dk deadletter list|replay */
int dk_cmd_deadletter_list(int argc, char **argv);   /* dk deadletter list ... */
int dk_cmd_deadletter_replay(int argc, char **argv); /* dk deadletter replay ... */

#endif
