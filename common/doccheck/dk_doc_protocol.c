/* SPDX-License-Identifier: EUPL-1.2 */
/* dk_doc_protocol.c — the request head of the checker-validator protocol
 * (see dk_doc_protocol.h). */
#include "doccheck/dk_doc_protocol.h"

#include <stdio.h>
#include <string.h>

_Static_assert(DK_DOC_REQUEST_WORD_MAX == 16, "the widths of the sscanf below are 15");

int dk_doc_request_head(char *head, size_t size, const char *kind, const char *side, size_t len,
                        int mrz)
{
    int n = snprintf(head, size, "%s %s %zu%s\n", kind, side, len, mrz ? " mrz" : "");
    return n < 0 || (size_t)n >= size ? -1 : n;
}

int dk_doc_request_parse(const char *head, char kind[DK_DOC_REQUEST_WORD_MAX],
                         char side[DK_DOC_REQUEST_WORD_MAX], size_t *len, int *mrz)
{
    char extra[DK_DOC_REQUEST_WORD_MAX] = "";
    int n = sscanf(head, "%15s %15s %zu %15s", kind, side, len, extra);
    *mrz = n == 4 && strcmp(extra, "mrz") == 0;
    return n == 3 || *mrz ? 0 : -1;
}
