/* SPDX-License-Identifier: EUPL-1.2 */
/* cmd_key.c — `dk key unlock|revoke EMAIL`: the help desk's actions on an
 * applicant's digital key (keys/dk_key.h). A key locked after
 * DK_KEY_MAX_FAILURES failures stays locked until someone who checked the
 * caller's identity unlocks it; a lost phone or a stolen password revokes
 * it. Exit 0 done, 1 refused or failed, 2 usage. */
#include "core/dk_clock.h"
#include "dk.h"
#include "keys/dk_key.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
    fprintf(stderr, "usage: dk key unlock EMAIL\n"
                    "       dk key revoke EMAIL\n");
    return 2;
}

static const char *explain(const char *code)
{
    if (strcmp(code, "key_unknown") == 0)
        return "no live digital key has that e-mail address (see: dk application show ID)";
    if (strcmp(code, "not_locked") == 0)
        return "that key is neither locked nor throttled and has no failed sign-ins";
    return code;
}

int dk_cmd_key(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "unlock") != 0 && strcmp(argv[1], "revoke") != 0))
        return usage();
    int unlock = strcmp(argv[1], "unlock") == 0;
    const char *user = getenv("USER");
    char err[1024];
    const char *refusal = NULL;
    PGconn *pg = dk_cli_db();
    if (!pg)
        return 1;
    int rc = (unlock ? dk_key_unlock : dk_key_revoke)(pg, argv[2], user && *user ? user : NULL,
                                                      dk_now_ms(), &refusal, err, sizeof err);
    PQfinish(pg);
    if (rc < 0)
        fprintf(stderr, "dk: %s\n", err);
    else if (rc > 0)
        fprintf(stderr, "dk key %s: %s (%s)\n", argv[1], explain(refusal), refusal);
    else
        fprintf(stderr, "dk: the key of %s is %s\n", argv[2], unlock ? "unlocked" : "revoked");
    return rc == 0 ? 0 : 1;
}
