/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_migrations.h — the schema migrations of schemas/sql/, embedded in order
 * by infra/gen_migrations.sh. */
#ifndef DK_MIGRATIONS_H
#define DK_MIGRATIONS_H

typedef struct {
    const char *name; /* "001_init" */
    const char *sql;
} dk_migration;

/* In file-name order, terminated by an entry whose name is NULL. */
extern const dk_migration dk_migrations[];

#endif
