/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_key_show.c — what an operator may see of an application's key (`dk
 * application show`): its type, level, dates and state, never a secret. */
#include "keys/dk_key_internal.h"

#include "core/dk_crypto.h"
#include "store/dk_pg.h"

#include <string.h>

int dk_key_show(PGconn *pg, const char *application_id, json_t **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!application_id || !dk_uuid_valid(application_id))
        return 0;
    const char *p[] = {application_id};
    PGresult *r = dk_pg_query(
        pg,
        "SELECT json_build_object('key_type', k.key_type, 'created_at', dk_iso(k.created_at),"
        " 'last_signin_at', dk_iso(k.last_signin_at), 'locked', k.locked_at IS NOT NULL,"
        " 'locked_at', dk_iso(k.locked_at), 'failed_tries', k.failed_tries,"
        " 'throttled_until', dk_iso(k.throttled_until), 'revoked_at', dk_iso(k.revoked_at),"
        " 'passkeys', (SELECT count(*) FROM passkey_credentials c WHERE c.key_id = k.id))::text"
        " FROM digital_keys k WHERE k.application_id = $1::uuid",
        1, p, err, errlen);
    if (!r)
        return -1;
    if (PQntuples(r) == 1) {
        *out = json_loads(PQgetvalue(r, 0, 0), 0, NULL);
        const char *type = json_string_value(json_object_get(*out, "key_type"));
        if (*out)
            json_object_set_new(*out, "assurance_level", json_string(dk_key_assurance_level(type)));
    }
    PQclear(r);
    return *out ? 1 : 0;
}
