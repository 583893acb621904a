/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_config.h — the one table of configuration: every DK_* variable with its
 * type, default, bounds and description. The code reads values through here,
 * `dk config` prints the table, and the README's table is generated from it. */
#ifndef DK_CONFIG_H
#define DK_CONFIG_H

#include <stddef.h>

typedef enum { DK_CFG_STR, DK_CFG_INT, DK_CFG_SECRET } dk_cfg_type;

typedef struct {
    const char *name; /* environment variable, "DK_..." */
    dk_cfg_type type;
    const char *def;         /* embedded default, as text ("" = empty) */
    long min, max;           /* bounds for DK_CFG_INT */
    const char *used_by;     /* which binaries read it */
    const char *description; /* one line for operators */
} dk_cfg_entry;

/* The whole table, terminated by an entry whose name is NULL. */
extern const dk_cfg_entry dk_cfg_table[];

/* Checks every DK_* variable that is set: known name, integer syntax and
 * bounds. Returns 0, or -1 with a message naming the variable in err; an
 * unknown name (a typo) is refused with the closest setting suggested:
 * "DK_INTAKE_PRT is not a setting (did you mean DK_INTAKE_PORT?)". The few
 * DK_* names scripts export for themselves (DK_BUILD, ...) are listed next
 * to the table and pass. */
int dk_config_check(char *err, size_t errlen);

/* The setting whose name is closest to name (at most three edits away, and
 * no more than a third of its length), or NULL when none is that close. */
const char *dk_config_closest(const char *name);

/* The value of a string/secret setting: the environment, else the default.
 * The pointer stays valid for the life of the process. Aborts on a name
 * missing from the table (a programming error, caught by any test). */
const char *dk_config_str(const char *name);

/* The value of an integer setting, already bounds-checked by
 * dk_config_check(); an unset or invalid value yields the default. */
long dk_config_int(const char *name);

/* True when a secret is still its embedded development default. */
int dk_config_secret_is_default(const char *name);

/* Outside development (DK_DEVELOPMENT=1), refuses the embedded development
 * keys: every secret that has one must be set, to something else, and
 * strong: at least 32 characters (the value is the key material), at least
 * 8 of them different. Returns 0, or -1 with a message naming the variables
 * in err (those still on the development key or empty first, then the weak
 * ones). */
int dk_config_check_secrets(char *err, size_t errlen);

/* The start-up check of every long-running binary: dk_config_check, then
 * dk_config_check_secrets, the first failure logged as bad_configuration or
 * development_secrets_refused. Returns 0, or 2 (the exit code of a
 * configuration that cannot work). It also takes the first reading of the
 * clock, so that a DK_NOW test clock counts from start-up. Call after
 * dk_log_init. */
int dk_config_start_check(void);

#endif
